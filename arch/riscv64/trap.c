/*
 * trap.c: what happens after trap_entry.S saved the registers. Interrupts wake
 * tasks and return to whatever ran; they never switch. An exception in a
 * task ends that task alone; an exception in kernel code is a panic.
 */
#include "arch.h"
#include "csr.h"
#include "hart.h"
#include "panic.h"
#include "plic.h"
#include "sched.h"
#include "task.h"
#include "trace.h"
#include "trap_frame.h"

extern char _kernel_start[], _text_end[];
void riscv_fp_first_use(void); /* switch.S */

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
            trace_event(h, TABULA_TRACE_TIMER, t ? t->id : 0, 0);
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
         * stack: end it before it runs any further. */
        if (t && !in_kernel_text(tf->sepc) && !task_canary_ok(t))
            task_fault(t, cause, tf->sepc, 0, tf->regs[REG_SP], tf);
        h->in_trap = 0;
        return;
    }

    if (!t || in_kernel_text(tf->sepc))
        panic_trap(tf, "%s in kernel code", arch_cause_name(cause));
    /* A task's first FP instruction (FS is Off until then: see switch.S).
     * If it was not an FP instruction, it traps again with FS on. */
    if (cause == CAUSE_ILLEGAL_INSN && !(tf->sstatus & SSTATUS_FS_MASK)) {
        csr_set(sstatus, SSTATUS_FS_MASK);
        riscv_fp_first_use();
        tf->sstatus |= SSTATUS_FS_MASK;
        h->in_trap = 0;
        return;
    }
    task_fault(t, cause, tf->sepc, tf->stval, tf->regs[REG_SP], tf);
}
