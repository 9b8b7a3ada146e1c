/*
 * shim.c: tabula's syscall table on Linux, so that an app's object files,
 * with the app runtime and Picolibc exactly as tabula links them, run
 * under Linux user-mode QEMU (qemu-riscv64, qemu-aarch64). make bench runs
 * its compute and malloc benchmarks both ways and compares the wall times.
 *
 * Only what a benchmark needs is here, each entry one raw Linux system
 * call (the generic syscall numbers, the same on RISC-V and AArch64);
 * the privileged entries are left NULL.
 */
#include <stddef.h>
#include <stdint.h>

#include "tabula.h"

#define LINUX_READ 63
#define LINUX_WRITE 64
#define LINUX_EXIT_GROUP 94
#define LINUX_NANOSLEEP 101
#define LINUX_CLOCK_GETTIME 113
#define LINUX_SCHED_YIELD 124
#define LINUX_KILL 129
#define LINUX_GETPID 172
#define LINUX_BRK 214

#define LINUX_CLOCK_REALTIME 0
#define LINUX_CLOCK_MONOTONIC 1
#define LINUX_CLOCK_PROCESS_CPUTIME_ID 2

/* The stack the runtime may use: far less than Linux's 8 MiB default. */
#define SHIM_STACK (4u << 20)

/* shim_<arch>.S: one system call with up to three arguments. */
long shim_syscall(long number, long a, long b, long c);

void runtime_start(const struct tabula_sys *sys, int argc, char **argv,
                   uintptr_t stack_limit) __attribute__((noreturn));

struct linux_timespec {
    long sec, nsec;
};

__attribute__((noreturn)) static void shim_exit(int status)
{
    for (;;)
        shim_syscall(LINUX_EXIT_GROUP, status, 0, 0);
}

static void shim_yield(void)
{
    shim_syscall(LINUX_SCHED_YIELD, 0, 0, 0);
}

static int shim_sleep_ns(uint64_t ns)
{
    struct linux_timespec ts = {(long)(ns / 1000000000u), (long)(ns % 1000000000u)};
    shim_syscall(LINUX_NANOSLEEP, (long)&ts, 0, 0);
    return 0;
}

static uint64_t clock_ns(int clock)
{
    struct linux_timespec ts;
    if (shim_syscall(LINUX_CLOCK_GETTIME, clock, (long)&ts, 0) < 0)
        return 0;
    return (uint64_t)ts.sec * 1000000000u + (uint64_t)ts.nsec;
}

static uint64_t shim_time_ns(void) { return clock_ns(LINUX_CLOCK_MONOTONIC); }
static uint64_t shim_walltime_ns(void) { return clock_ns(LINUX_CLOCK_REALTIME); }
static uint64_t shim_cpu_ns(void) { return clock_ns(LINUX_CLOCK_PROCESS_CPUTIME_ID); }

static long shim_read(void *buf, size_t len)
{
    long n = shim_syscall(LINUX_READ, 0, (long)buf, (long)len);
    return n < 0 ? -TABULA_EINVAL : n;
}

static long shim_write(const void *buf, size_t len)
{
    long n = shim_syscall(LINUX_WRITE, 1, (long)buf, (long)len);
    return n < 0 ? -TABULA_EINVAL : n;
}

static int shim_console_mode(uint32_t flags)
{
    (void)flags;
    return 0;
}

/* The heap grows with brk, as tabula's sbrk grows a task's. */
static void *shim_sbrk(intptr_t increment)
{
    static uintptr_t brk;
    if (!brk)
        brk = (uintptr_t)shim_syscall(LINUX_BRK, 0, 0, 0);
    uintptr_t old = brk, want = brk + (uintptr_t)increment;
    if ((uintptr_t)shim_syscall(LINUX_BRK, (long)want, 0, 0) != want)
        return (void *)-1;
    brk = want;
    return (void *)old;
}

static int shim_log(int level, const char *text)
{
    size_t n = 0;
    (void)level;
    while (text[n])
        n++;
    shim_syscall(LINUX_WRITE, 2, (long)text, (long)n);
    shim_syscall(LINUX_WRITE, 2, (long)"\n", 1);
    return 0;
}

static int shim_self(void) { return (int)shim_syscall(LINUX_GETPID, 0, 0, 0); }
static int shim_nop(void) { return 0; }

static int shim_kill(int id)
{
    return shim_syscall(LINUX_KILL, id, 15, 0) < 0 ? -TABULA_ESRCH : 0;
}

__attribute__((noreturn)) static void shim_abort(int sig)
{
    shim_syscall(LINUX_KILL, shim_self(), sig, 0);
    shim_exit(128 + sig);
}

static const struct tabula_sys shim_table = {
    .abi_version = TABULA_ABI_VERSION,
    .size = sizeof(struct tabula_sys),
    .exit = shim_exit,
    .yield = shim_yield,
    .sleep_ns = shim_sleep_ns,
    .time_ns = shim_time_ns,
    .read = shim_read,
    .write = shim_write,
    .console_mode = shim_console_mode,
    .sbrk = shim_sbrk,
    .log = shim_log,
    .self = shim_self,
    .nop = shim_nop,
    .kill = shim_kill,
    .walltime_ns = shim_walltime_ns,
    .cpu_ns = shim_cpu_ns,
    .abort = shim_abort,
};

/* From shim_<arch>.S's entry point: sp as Linux left it, with argc, the
 * argv pointers, NULL, then the environment, as tabula lays them out. */
__attribute__((noreturn)) void shim_main(long *sp)
{
    int argc = (int)sp[0];
    char **argv = (char **)(sp + 1);
    runtime_start(&shim_table, argc, argv, (uintptr_t)sp - SHIM_STACK);
}
