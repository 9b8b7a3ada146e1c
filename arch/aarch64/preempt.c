/*
 * preempt.c: taking the hart from a task that is not responding (see
 * sched.h and NOTES.md). The trap frame lives on the hart's trap stack,
 * which the next trap reuses, so it is copied whole (it already holds the
 * FP/SIMD registers: a preempted task, unlike one that yields, may be in
 * the middle of its own FP work) onto the task's own stack, below the
 * stack pointer it was interrupted at. A switch frame built under it
 * resumes in aarch64_preempt_resume, which restores everything and
 * returns to the interrupted instruction with eret.
 */
#include "arch.h"
#include "sched.h"
#include "sysreg.h"
#include "task.h"
#include "trap_frame.h"

__attribute__((noreturn)) void aarch64_preempt_return(struct trap_frame *tf); /* preempt_entry.S */

__attribute__((noreturn)) static void aarch64_preempt_resume(void *arg)
{
    sched_resumed();
    aarch64_preempt_return(arg);
}

/*
 * Preempts t, interrupted at tf in its own code. Returns, leaving t to run
 * on, when its pc or stack pointer is not where a task's should be, or the
 * frame would not fit above its stack limit (the switch frame and the
 * resume path's calls go below, into the guard kept for kernel frames).
 */
void arch_preempt(struct task *t, const struct trap_frame *tf)
{
    uintptr_t sp = tf->sp;
    uintptr_t base = (sp - sizeof(struct trap_frame)) & ~(uintptr_t)15;
    if (!task_owns(t, (void *)tf->elr, 4) || sp > t->stack_top || sp < base ||
        base < t->stack_limit)
        return;
    struct trap_frame *saved = (struct trap_frame *)base;
    *saved = *tf;
    /* Traps leave TPIDR_EL0 alone: it is still the task's thread pointer. */
    uintptr_t ctx = arch_context_init(base, aarch64_preempt_resume, saved,
                                      sysreg_read(tpidr_el0));
    sched_preempt(t, ctx);
}
