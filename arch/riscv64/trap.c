/*
 * trap.c: the RISC-V side of a trap, after trap_entry.S saved the
 * registers: read scause, route interrupts to the timer or the PLIC, and
 * hand the rest to the portable trap code (src/trap.c), which decides what
 * the trap means. Preemption of a task that is not responding is in
 * preempt.c.
 */
#include "arch.h"
#include "csr.h"
#include "hart.h"
#include "plic.h"
#include "sched.h"
#include "task.h"
#include "trace.h"
#include "trap.h"
#include "trap_frame.h"

void riscv_fp_first_use(void); /* switch.S */
bool riscv_mmu_stale_fault(uint64_t cause, uintptr_t addr); /* mmu.c */

void riscv_trap(struct trap_frame *tf)
{
    uint64_t cause = tf->scause;
    trap_enter(tf, cause);
    if (!(cause & SCAUSE_INTERRUPT)) {
        if (riscv_mmu_stale_fault(cause, tf->stval)) {
            arch_hart_self()->in_trap = 0;
            return;
        }
        trap_exception(tf, cause, tf->sepc, tf->stval, tf->regs[REG_SP]);
        return;
    }

    switch (cause & ~SCAUSE_INTERRUPT) {
    case IRQ_S_TIMER: {
        struct hart *h = arch_hart_self();
        trace_event(h, TABULA_TRACE_TIMER, h->current ? h->current->id : 0, 0);
        sched_timer_interrupt();
        break;
    }
    case IRQ_S_EXTERNAL:
        plic_dispatch();
        break;
    default:
        csr_clear(sip, SIE_SSIE);
        break;
    }
    trap_interrupt_done(tf, cause, tf->sepc, tf->regs[REG_SP]);
}

/* A task's first FP instruction: FS is Off until then (see switch.S), so it
 * traps as illegal. Turn the FPU on and retry; if it was not an FP
 * instruction after all, it traps again with FS on and is a real fault. */
bool arch_exception_fixup(struct trap_frame *tf, uint64_t cause)
{
    if (cause != CAUSE_ILLEGAL_INSN || (tf->sstatus & SSTATUS_FS_MASK))
        return false;
    csr_set(sstatus, SSTATUS_FS_MASK);
    riscv_fp_first_use();
    tf->sstatus |= SSTATUS_FS_MASK;
    return true;
}
