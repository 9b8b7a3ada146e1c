/*
 * trap.c: the AArch64 side of a trap, after vectors.S saved the registers:
 * read the syndrome, route interrupts through the BCM2836 local controller,
 * and hand the rest to the portable trap code (src/trap.c), which decides
 * what the trap means.
 */
#include "arch.h"
#include "bcm2836_local.h"
#include "hart.h"
#include "panic.h"
#include "sysreg.h"
#include "trap.h"
#include "trap_frame.h"

extern uintptr_t aarch64_ram_start, aarch64_ram_end;
bool aarch64_mmu_stale_fault(uint64_t esr, uintptr_t addr); /* mmu.c */

/* What the report shows beside the pc: the faulting address for aborts
 * (FAR_EL1), and for an undefined instruction the instruction itself, as
 * RISC-V's stval does. The pc was just fetched from, so it is readable. */
static uintptr_t fault_value(const struct trap_frame *tf)
{
    switch (ESR_EC(tf->esr)) {
    case EC_IABT:
    case EC_DABT:
    case EC_PC_ALIGN:
        return tf->far;
    case EC_UNKNOWN:
        if (!(tf->elr & 3) && tf->elr >= aarch64_ram_start && tf->elr < aarch64_ram_end)
            return *(const uint32_t *)tf->elr;
        return 0;
    default:
        return 0;
    }
}

void aarch64_trap(struct trap_frame *tf, unsigned kind)
{
    uint64_t cause;
    switch (kind & 3) {
    case TRAP_KIND_IRQ:
        cause = CAUSE_IRQ;
        break;
    case TRAP_KIND_FIQ:
        cause = CAUSE_FIQ;
        break;
    default:
        cause = (uint32_t)tf->esr;
        break;
    }
    if (kind & TRAP_KIND_LOWER_EL)
        panic_trap(tf, "%s from EL0, where nothing runs", arch_cause_name(cause));
    trap_enter(tf, cause);
    if (cause != CAUSE_IRQ) {
        if (cause != CAUSE_FIQ && aarch64_mmu_stale_fault(tf->esr, tf->far)) {
            arch_hart_self()->in_trap = 0;
            return;
        }
        trap_exception(tf, cause, tf->elr, fault_value(tf), tf->sp);
        return;
    }
    bcm2836_local_dispatch();
    trap_interrupt_done(tf, cause, tf->elr, tf->sp);
}

/* Nothing on AArch64 is an exception the kernel fixes up behind a task's
 * back: FP/SIMD is always on. */
bool arch_exception_fixup(struct trap_frame *tf, uint64_t cause)
{
    return false;
}
