/*
 * panic.c: the kernel stops here when it can no longer trust itself. It
 * prints why, the registers when a trap caused it, a frame-pointer
 * backtrace and the last log records, then powers the machine off so QEMU
 * exits instead of hanging.
 */
#include "panic.h"

#include <stdarg.h>

#include "arch.h"
#include "klog.h"
#include "kprintf.h"

static int panicking;

static void backtrace(uintptr_t fp, uintptr_t pc)
{
    kprintf("backtrace:\n");
    for (int depth = 0; depth < 32 && pc; depth++) {
        kprintf("  #%d 0x%llx\n", depth, (unsigned long long)pc);
        if (!arch_frame_next(&fp, &pc))
            break;
    }
}

static void log_tail(void)
{
    struct tabula_log_record r[8];
    uint64_t seq = 0;
    uint64_t total = 0;
    struct tabula_log_record one;
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
    uintptr_t fp = arch_frame_pointer(), pc = (uintptr_t)__builtin_return_address(0);
    backtrace(fp, pc);
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
    backtrace(fp, pc);
    panic_stop();
}
