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

/* Waits until a lock word reads 0 (spinlock.h; yield.S has the same
 * loop). The exclusive load arms this core's monitor on the word, and the
 * holder's release store clears it, which is an event that ends the wfe,
 * so the wait costs no bus traffic on hardware; sevl makes the first wfe
 * fall through. Under QEMU's -icount every core runs in one thread, in
 * turn, and QEMU 7.2 gives the first runnable core the whole slice until
 * the next timer: a core spinning on plain loads there kept a holder
 * that QEMU had stopped inside its critical section from ever running
 * again. TCG ends the slice at a wfe (without -icount it is a no-op), so
 * the holder runs and lets go. */
static inline void arch_spin_wait_inline(volatile long *word)
{
    long v;
    __asm__ volatile("sevl\n"
                     "1:\twfe\n\t"
                     "ldxr %0, [%1]\n\t"
                     "cbnz %0, 1b"
                     : "=&r"(v) : "r"(word) : "memory");
}

/* The syscall table's yield is the assembly fast path (yield.S). */
#define ARCH_SYSCALL_YIELD aarch64_yield

#endif
