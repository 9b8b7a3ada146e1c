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

/* Waits until a lock word reads 0 (spinlock.h; yield.S has the same
 * loop). Under QEMU's -icount every hart runs in one thread, in turn, and
 * QEMU 7.2 gives the first runnable hart the whole slice until the next
 * timer: a hart spinning on loads there kept a holder that QEMU had
 * stopped inside its critical section from ever running again (NOTES,
 * SMP). Only wfi ends a hart's turn in QEMU's RISC-V (pause does not), so
 * a hart that finds the lock taken makes its own software interrupt
 * pending first (S-mode may set sip.SSIP): the wfi then returns at once,
 * on hardware and in QEMU at the hart's next turn, and the interrupt is
 * taken as a kick (trap.c clears it) once the hart unmasks. Not before
 * the hart enables SSIE: that wfi would never return. */
static inline void arch_spin_wait_inline(volatile long *word)
{
    while (__atomic_load_n(word, __ATOMIC_RELAXED)) {
        uint64_t sie;
        __asm__ volatile("csrr %0, sie" : "=r"(sie));
        if (sie & 2)
            __asm__ volatile("csrsi sip, 2\n\twfi" ::: "memory");
    }
}

/* The syscall table's yield is the assembly fast path (yield.S). */
#define ARCH_SYSCALL_YIELD riscv_yield

#endif
