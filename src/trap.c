/*
 * trap.c: the portable half of trap handling. Interrupts wake tasks and
 * return to whatever ran; they never switch. An exception in a task ends
 * that task alone; an exception in kernel code, in the idle loop or inside
 * a trap handler is a kernel bug and a panic. Stack canaries are checked on
 * every trap, so an overflow is caught even in a task that never yields.
 */
#include "trap.h"

#include <stdbool.h>

#include "arch.h"
#include "guard.h"
#include "hart.h"
#include "panic.h"
#include "sched.h"
#include "task.h"

extern char _kernel_start[], _text_end[];

static bool in_kernel_text(uintptr_t pc)
{
    return pc >= (uintptr_t)_kernel_start && pc < (uintptr_t)_text_end;
}

void trap_enter(const struct trap_frame *tf, uint64_t cause)
{
    struct hart *h = arch_hart_self();
    if (h->in_trap)
        panic_trap(tf, "%s inside the trap handler", arch_cause_name(cause));
    h->in_trap = 1;
    if (!canary_intact(h->trap_stack_lo))
        panic_trap(tf, "trap stack overflow on hart %u", h->id);
    if (!canary_intact(h->idle_stack_lo))
        panic_trap(tf, "idle stack overflow on hart %u", h->id);
}

void trap_interrupt_done(const struct trap_frame *tf, uint64_t cause,
                         uintptr_t pc, uintptr_t sp)
{
    struct hart *h = arch_hart_self();
    struct task *t = h->current;
    /* Interrupted task code with a dead canary has overflowed its stack:
     * end it before it runs any further. Inside a kernel call the task
     * holds kernel state; the attention key and preemption leave it alone
     * there and act at its next switch or trap. */
    if (t && !in_kernel_text(pc)) {
        if (!task_canary_ok(t))
            task_fault(t, cause, pc, 0, sp, tf);
        if (t->kill_pending)
            task_end_pending(t, pc);
        if (sched_preempt_wanted(t))
            arch_preempt(t, tf); /* returns if it cannot */
    }
    h->in_trap = 0;
}

void trap_exception(struct trap_frame *tf, uint64_t cause, uintptr_t pc,
                    uintptr_t tval, uintptr_t sp)
{
    struct hart *h = arch_hart_self();
    struct task *t = h->current;
    if (!t || in_kernel_text(pc)) {
        if (t && guard_kernel_hit(t, tval, sp, tf)) {
            h->in_trap = 0;
            return;
        }
        const char *stack = guard_kernel_stack(tval);
        panic_trap(tf, "%s in kernel code%s%s", arch_cause_name(cause),
                   stack ? ": " : "", stack ? stack : "");
    }
    if (arch_exception_fixup(tf, cause)) {
        h->in_trap = 0;
        return;
    }
    task_fault(t, cause, pc, tval, sp, tf);
}
