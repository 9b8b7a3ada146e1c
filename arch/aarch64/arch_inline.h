/*
 * arch_inline.h: the arch.h operations a hot path needs without a call,
 * as static inline functions (see arch/riscv64/arch_inline.h). Portable
 * code includes this header by name only.
 */
#ifndef ARCH_INLINE_H
#define ARCH_INLINE_H

#include <stdint.h>

struct hart;

/* arch_hart_self(): TPIDR_EL1 holds the trap stack's top, with the hart
 * pointer just below it (cpu.c). */
static inline struct hart *arch_hart_self_inline(void)
{
    uintptr_t top;
    __asm__ volatile("mrs %0, tpidr_el1" : "=r"(top));
    return *(struct hart **)(top - 8);
}

/* arch_irq_save() and arch_irq_restore(): IRQs are masked by DAIF.I. */
static inline uintptr_t arch_irq_save_inline(void)
{
    uint64_t daif;
    __asm__ volatile("mrs %0, daif\n\tmsr daifset, #2" : "=r"(daif) : : "memory");
    return !(daif & (1u << 7));
}

static inline void arch_irq_restore_inline(uintptr_t saved)
{
    if (saved)
        __asm__ volatile("msr daifclr, #2" ::: "memory");
    else
        __asm__ volatile("msr daifset, #2" ::: "memory");
}

/* arch_counter(): the isb keeps the read from being hoisted above earlier
 * instructions. */
static inline uint64_t arch_counter_inline(void)
{
    uint64_t t;
    __asm__ volatile("isb\n\tmrs %0, cntvct_el0" : "=r"(t) : : "memory");
    return t;
}

/* Orders every earlier memory and device access before every later one:
 * a driver publishing a ring to a device, then ringing its doorbell. */
static inline void arch_io_barrier_inline(void)
{
    __asm__ volatile("dsb sy" ::: "memory");
}

/* The syscall table's yield is the assembly fast path (yield.S). */
#define ARCH_SYSCALL_YIELD aarch64_yield

#endif
