/*
 * panic.c: the kernel stops here when it can no longer trust itself. It
 * prints why, the registers when a trap caused it, a frame-pointer
 * backtrace and the last log records, then powers the machine off so QEMU
 * exits instead of hanging.
 */
#include "panic.h"

#include <stdarg.h>
#include <stdbool.h>

#include "arch.h"
#include "crash.h"
#include "klog.h"
#include "kprintf.h"
#include "platform.h"

static int panicking;

/* Frames past the first are return addresses: named by the call before
 * them, which may be the last instruction of its function. Frames in a
 * task's slot (a syscall runs on its caller's stack) are named from the
 * app's symbols. */
static void backtrace(uintptr_t pc, uintptr_t fp, uintptr_t link, bool first_is_return)
{
    char name[64];
    struct unwind u;
    uint64_t ram = platform ? platform->ram_base : 0;
    unwind_start(&u, pc, fp, link, ram, platform ? ram + platform->ram_size : 0);
    kprintf("backtrace:\n");
    for (int depth = 0; depth < 32 && u.pc; depth++) {
        bool ret = u.ret || first_is_return;
        crash_symbol_any(u.pc, ret, name, sizeof name);
        kprintf("  #%d 0x%llx %s\n", depth, (unsigned long long)u.pc, name);
        if (!unwind_next(&u))
            break;
    }
}

static void log_tail(void)
{
    /* Static: a panic happens once (panic_begin stops a second), and it may
     * come from a syscall deep on a task's stack, where 1.3 KiB of records
     * would be most of the kernel's margin (tools/stackcheck.py). */
    static struct tabula_log_record r[8];
    uint64_t seq = 0;
    uint64_t total = 0;
    static struct tabula_log_record one;
    while (klog_read(&seq, &one, 1) == 1)
        total++;
    seq = total > 8 ? seq - 8 : 0;
    int n = klog_read(&seq, r, 8);
    kprintf("last log records:\n");
    for (int i = 0; i < n; i++)
        klog_console_echo(&r[i]);
}

__attribute__((noreturn)) static void panic_stop(void)
{
    log_tail();
    kprintf("tabula: halted after a kernel panic\n");
    arch_power_off();
    for (;;)
        arch_wait_for_interrupt();
}

static void panic_begin(void)
{
    arch_irq_save();
    if (panicking++) {
        /* A panic while panicking: print nothing more that could fault. */
        arch_power_off();
        for (;;)
            arch_wait_for_interrupt();
    }
    klog_set_echo(0);
}

static void panic_headline(const char *fmt, va_list ap)
{
    panic_begin();
    kprintf("\n*** tabula panic: ");
    kvprintf(fmt, ap);
    kprintf("\n");
}

void panic(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    panic_headline(fmt, ap);
    va_end(ap);
    /* From our own frame, so the first line is panic's caller. */
    uintptr_t fp = (uintptr_t)__builtin_frame_address(0), pc = 0;
    if (arch_frame_next(&fp, &pc))
        backtrace(pc, fp, 0, true);
    panic_stop();
}

void panic_trap(const struct trap_frame *tf, const char *fmt, ...)
{
    va_list ap;
    uintptr_t pc, fp;
    va_start(ap, fmt);
    panic_headline(fmt, ap);
    va_end(ap);
    arch_dump_frame(tf);
    arch_frame_origin(tf, &pc, &fp);
    backtrace(pc, fp, arch_frame_link(tf), false);
    panic_stop();
}
