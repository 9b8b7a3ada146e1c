/*
 * debug.c: the hooks debuggers break on, and the deliberate kernel crash
 * behind the Monitor's `debug panic` (see debug.h).
 */
#include "debug.h"

#include "klog.h"
#include "panic.h"
#include "tabula.h"
#include "task.h"

/* The empty asm keeps each call and its argument alive: GDB reads t from
 * the first argument register at the breakpoint. */
__attribute__((noinline)) void debug_task_loaded(struct task *t)
{
    __asm__ volatile("" : : "r"(t) : "memory");
}

__attribute__((noinline)) void debug_task_unloaded(struct task *t)
{
    __asm__ volatile("" : : "r"(t) : "memory");
}

/* A chain of real frames, so the panic's backtrace has something to walk. */
__attribute__((noinline)) static void debug_fault(void)
{
    /* Page 0 is unmapped on every board, so the load faults in kernel
     * code. */
    volatile uint64_t *volatile nowhere = (volatile uint64_t *)0x8;
    (void)*nowhere;
}

__attribute__((noinline)) static void debug_panic(int by_task)
{
    panic("debug panic requested by task %d", by_task);
}

int debug_crash(int how, int by_task)
{
    if (how != TABULA_DEBUG_PANIC && how != TABULA_DEBUG_FAULT)
        return -TABULA_EINVAL;
    klog_write(TABULA_LOG_WARN, by_task, "crashing the kernel on request (%s)",
               how == TABULA_DEBUG_PANIC ? "panic" : "fault");
    if (how == TABULA_DEBUG_PANIC)
        debug_panic(by_task);
    debug_fault();
    panic("debug: the load from address 0x8 did not fault");
}
