/*
 * shim.c: tabula's syscall table on Linux, so that an app's object files,
 * with the app runtime and Picolibc exactly as tabula links them, run
 * under Linux user-mode QEMU (qemu-riscv64, qemu-aarch64). make bench runs
 * its compute and malloc benchmarks both ways and compares the wall times.
 *
 * Only what a benchmark needs is here, each entry one raw Linux system
 * call (the generic syscall numbers, the same on RISC-V and AArch64);
 * the privileged entries are left NULL. Files are read-only, as a
 * sandbox that grants reading only: a benchmark reads its data (DOOM its
 * IWAD) and never writes the host's files (DOOM would make its config
 * directory, /data/doom/, when run as root). A canvas is drawn in memory
 * and shown nowhere, and no keys come.
 */
#include <stddef.h>
#include <stdint.h>

#include "tabula.h"

#define LINUX_GETCWD 17
#define LINUX_CHDIR 49
#define LINUX_OPENAT 56
#define LINUX_CLOSE 57
#define LINUX_LSEEK 62
#define LINUX_READ 63
#define LINUX_WRITE 64
#define LINUX_EXIT_GROUP 94
#define LINUX_NEWFSTATAT 79
#define LINUX_FSTAT 80
#define LINUX_NANOSLEEP 101
#define LINUX_CLOCK_GETTIME 113
#define LINUX_SCHED_YIELD 124
#define LINUX_KILL 129
#define LINUX_GETPID 172
#define LINUX_BRK 214

#define LINUX_AT_FDCWD (-100)
#define LINUX_S_IFMT 0170000
#define LINUX_S_IFDIR 0040000

#define LINUX_CLOCK_REALTIME 0
#define LINUX_CLOCK_MONOTONIC 1
#define LINUX_CLOCK_PROCESS_CPUTIME_ID 2

/* The stack the runtime may use: far less than Linux's 8 MiB default. */
#define SHIM_STACK (4u << 20)

/* shim_<arch>.S: one system call with up to three or four arguments. */
long shim_syscall(long number, long a, long b, long c);
long shim_syscall4(long number, long a, long b, long c, long d);

void runtime_start(const struct tabula_sys *sys, int argc, char **argv,
                   uintptr_t stack_limit) __attribute__((noreturn));

struct linux_timespec {
    long sec, nsec;
};

/* The generic struct stat (asm-generic/stat.h): RISC-V's and AArch64's. */
struct linux_stat {
    uint64_t dev, ino;
    uint32_t mode, nlink, uid, gid;
    uint64_t rdev, pad1;
    int64_t size;
    int32_t blksize, pad2;
    int64_t blocks;
    int64_t atime, atime_nsec, mtime, mtime_nsec, ctime, ctime_nsec;
    uint32_t unused[2];
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

/* A Linux error (-errno) as tabula's; counts pass through. */
static long tabula_error(long r)
{
    switch (r) {
    case -2: return -TABULA_ENOENT;
    case -1: case -13: return -TABULA_EACCES;
    case -9: return -TABULA_EBADF;
    case -17: return -TABULA_EEXIST;
    case -20: return -TABULA_ENOTDIR;
    case -21: return -TABULA_EISDIR;
    case -22: return -TABULA_EINVAL;
    case -24: return -TABULA_EMFILE;
    case -36: return -TABULA_ENAMETOOLONG;
    default: return r < 0 ? -TABULA_EIO : r;
    }
}

static int shim_file_open(const char *path, uint32_t flags)
{
    if (flags != TABULA_O_READ)
        return -TABULA_EACCES;
    return (int)tabula_error(shim_syscall4(LINUX_OPENAT, LINUX_AT_FDCWD, (long)path, 0, 0));
}

static long shim_file_read(int fd, void *buf, size_t len)
{
    return tabula_error(shim_syscall(LINUX_READ, fd, (long)buf, (long)len));
}

static long shim_file_write(int fd, const void *buf, size_t len)
{
    (void)fd;
    (void)buf;
    (void)len;
    return -TABULA_EBADF; /* every file is open for reading only */
}

static int64_t shim_file_seek(int fd, int64_t offset, int whence)
{
    return tabula_error(shim_syscall(LINUX_LSEEK, fd, (long)offset, whence));
}

static int shim_file_close(int fd)
{
    return (int)tabula_error(shim_syscall(LINUX_CLOSE, fd, 0, 0));
}

static void to_tabula_stat(const struct linux_stat *l, struct tabula_stat *out)
{
    out->size = (uint64_t)l->size;
    out->mtime = l->mtime;
    out->ctime = l->ctime;
    out->is_dir = (l->mode & LINUX_S_IFMT) == LINUX_S_IFDIR;
    out->read_only = 1;
}

static int shim_file_stat(int fd, struct tabula_stat *out)
{
    struct linux_stat l;
    long r = tabula_error(shim_syscall(LINUX_FSTAT, fd, (long)&l, 0));
    if (r == 0)
        to_tabula_stat(&l, out);
    return (int)r;
}

static int shim_path_stat(const char *path, struct tabula_stat *out)
{
    struct linux_stat l;
    long r = tabula_error(shim_syscall4(LINUX_NEWFSTATAT, LINUX_AT_FDCWD, (long)path, (long)&l, 0));
    if (r == 0)
        to_tabula_stat(&l, out);
    return (int)r;
}

static int shim_chdir(const char *path)
{
    return (int)tabula_error(shim_syscall(LINUX_CHDIR, (long)path, 0, 0));
}

static int shim_getcwd(char *buf, size_t len)
{
    long r = tabula_error(shim_syscall(LINUX_GETCWD, (long)buf, (long)len, 0));
    return r < 0 ? (int)r : (int)r - 1; /* Linux counts the NUL */
}

static int shim_no_dir(int fd, struct tabula_dirent *out)
{
    (void)fd;
    (void)out;
    return -TABULA_EBADF; /* file_open opens no directories */
}

static int shim_no_path(const char *path)
{
    (void)path;
    return -TABULA_EACCES;
}

static int shim_no_rename(const char *from, const char *to)
{
    (void)from;
    (void)to;
    return -TABULA_EACCES;
}

static int shim_no_truncate(int fd, uint64_t size)
{
    (void)fd;
    (void)size;
    return -TABULA_EBADF;
}

static int shim_file_sync(int fd)
{
    (void)fd;
    return 0;
}

/* One task under the shim: no other owner to conflict with, so every
 * lock is granted and nothing stands in a lock's way. */
static int shim_file_lock(int fd, int cmd, struct tabula_flock *fl)
{
    (void)fd;
    if (cmd == TABULA_LOCK_GET)
        fl->type = TABULA_LOCK_UNLOCK;
    return 0;
}

static int shim_canvas_open(uint32_t *pixels, uint32_t width, uint32_t height)
{
    (void)pixels;
    (void)width;
    (void)height;
    return 0;
}

static int shim_key_read(struct tabula_key_event *out, int max)
{
    (void)out;
    (void)max;
    return 0;
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
    .file_open = shim_file_open,
    .file_read = shim_file_read,
    .file_write = shim_file_write,
    .file_seek = shim_file_seek,
    .file_close = shim_file_close,
    .file_stat = shim_file_stat,
    .path_stat = shim_path_stat,
    .dir_read = shim_no_dir,
    .mkdir = shim_no_path,
    .rmdir = shim_no_path,
    .unlink = shim_no_path,
    .rename = shim_no_rename,
    .file_truncate = shim_no_truncate,
    .file_sync = shim_file_sync,
    .chdir = shim_chdir,
    .getcwd = shim_getcwd,
    .canvas_open = shim_canvas_open,
    .canvas_present = shim_nop,
    .key_read = shim_key_read,
    .file_lock = shim_file_lock,
};

/* From shim_<arch>.S's entry point: sp as Linux left it, with argc, the
 * argv pointers, NULL, then the environment, as tabula lays them out. */
__attribute__((noreturn)) void shim_main(long *sp)
{
    int argc = (int)sp[0];
    char **argv = (char **)(sp + 1);
    runtime_start(&shim_table, argc, argv, (uintptr_t)sp - SHIM_STACK);
}
