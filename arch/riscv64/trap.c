/*
 * trap.c: what happens after trap_entry.S saved the registers. Interrupts wake
 * tasks and return to whatever ran; they switch only away from task code
 * that must stop: a dead stack canary, the attention key, or a task marked
 * not responding while others wait (riscv_preempt). An exception in a task
 * ends that task alone; an exception in kernel code is a panic.
 */
#include "arch.h"
#include "csr.h"
#include "hart.h"
#include "panic.h"
#include "plic.h"
#include "sched.h"
#include "task.h"
#include "trap_frame.h"

void riscv_preempt(struct task *t, const struct trap_frame *tf);

extern char _kernel_start[], _text_end[];

static bool in_kernel_text(uint64_t pc)
{
    return pc >= (uintptr_t)_kernel_start && pc < (uintptr_t)_text_end;
}

static void check_kernel_stacks(struct hart *h, const struct trap_frame *tf)
{
    if (!canary_intact(h->trap_stack_lo))
        panic_trap(tf, "trap stack overflow on hart %u", h->id);
    if (!canary_intact(h->idle_stack_lo))
        panic_trap(tf, "idle stack overflow on hart %u", h->id);
}

void riscv_trap(struct trap_frame *tf)
{
    struct hart *h = arch_hart_self();
    uint64_t cause = tf->scause;
    if (h->in_trap)
        panic_trap(tf, "%s inside the trap handler", arch_cause_name(cause));
    h->in_trap = 1;
    check_kernel_stacks(h, tf);
    struct task *t = h->current;

    if (cause & SCAUSE_INTERRUPT) {
        switch (cause & ~SCAUSE_INTERRUPT) {
        case IRQ_S_TIMER:
            sched_timer_interrupt();
            break;
        case IRQ_S_EXTERNAL:
            plic_dispatch();
            break;
        default:
            csr_clear(sip, SIE_SSIE);
            break;
        }
        /* Interrupted task code with a dead canary has overflowed its
         * stack: end it before it runs any further. Inside a kernel call
         * the task holds kernel state; the attention key and preemption
         * leave it alone there and act at its next switch or trap. */
        if (t && !in_kernel_text(tf->sepc)) {
            if (!task_canary_ok(t))
                task_fault(t, cause, tf->sepc, 0, tf->regs[REG_SP]);
            if (t->kill_pending)
                task_end_pending(t, tf->sepc);
            if (sched_preempt_wanted(t))
                riscv_preempt(t, tf); /* returns if it cannot */
        }
        h->in_trap = 0;
        return;
    }

    if (!t || in_kernel_text(tf->sepc))
        panic_trap(tf, "%s in kernel code", arch_cause_name(cause));
    task_fault(t, cause, tf->sepc, tf->stval, tf->regs[REG_SP]);
}
