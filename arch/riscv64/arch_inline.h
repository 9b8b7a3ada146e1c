/*
 * arch_inline.h: the arch.h operations a hot path needs without a call,
 * as static inline functions. Every architecture supplies a header of this
 * name; portable code includes it by name only (the trace's fast path,
 * src/trace.h), never by path.
 */
#ifndef ARCH_INLINE_H
#define ARCH_INLINE_H

#include <stdint.h>

struct hart;

/* arch_hart_self(): sscratch holds the trap stack's top, with the hart
 * pointer just below it (cpu.c). */
static inline struct hart *arch_hart_self_inline(void)
{
    uintptr_t top;
    __asm__ volatile("csrr %0, sscratch" : "=r"(top));
    return *(struct hart **)(top - 8);
}

/* arch_irq_save() and arch_irq_restore(): SIE is bit 1 of sstatus. */
static inline uintptr_t arch_irq_save_inline(void)
{
    uint64_t s;
    __asm__ volatile("csrrci %0, sstatus, 2" : "=r"(s) : : "memory");
    return s & 2;
}

static inline void arch_irq_restore_inline(uintptr_t saved)
{
    if (saved)
        __asm__ volatile("csrsi sstatus, 2" ::: "memory");
    else
        __asm__ volatile("csrci sstatus, 2" ::: "memory");
}

/* arch_counter() */
static inline uint64_t arch_counter_inline(void)
{
    uint64_t t;
    __asm__ volatile("rdtime %0" : "=r"(t));
    return t;
}

/* Orders every earlier memory and device access before every later one:
 * a driver publishing a ring to a device, then ringing its doorbell. */
static inline void arch_io_barrier_inline(void)
{
    __asm__ volatile("fence iorw, iorw" ::: "memory");
}

/* The syscall table's yield is the assembly fast path (yield.S). */
#define ARCH_SYSCALL_YIELD riscv_yield

#endif
