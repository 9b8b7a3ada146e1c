/*
 * trap.c: the RISC-V side of a trap, after trap_entry.S saved the
 * registers: read scause, route interrupts to the timer or the PLIC, and
 * hand the rest to the portable trap code (src/trap.c), which decides what
 * the trap means.
 */
#include "csr.h"
#include "plic.h"
#include "sched.h"
#include "trap.h"
#include "trap_frame.h"

void riscv_trap(struct trap_frame *tf)
{
    uint64_t cause = tf->scause;
    trap_enter(tf, cause);
    if (!(cause & SCAUSE_INTERRUPT))
        trap_exception(tf, cause, tf->sepc, tf->stval, tf->regs[REG_SP]);

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
    trap_interrupt_done(tf, cause, tf->sepc, tf->regs[REG_SP]);
}
