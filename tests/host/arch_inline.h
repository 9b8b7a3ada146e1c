/*
 * arch_inline.h for the host tests: the inline arch operations as calls to
 * host_arch.c's fakes, so host code sees the same interrupt state either
 * way.
 */
#ifndef ARCH_INLINE_H
#define ARCH_INLINE_H

#include <stdint.h>

uintptr_t arch_irq_save(void);
void arch_irq_restore(uintptr_t saved);
uint64_t arch_counter(void);

static inline uintptr_t arch_irq_save_inline(void) { return arch_irq_save(); }
static inline void arch_irq_restore_inline(uintptr_t saved) { arch_irq_restore(saved); }
static inline uint64_t arch_counter_inline(void) { return arch_counter(); }

/* Host threads (test_klog's writers) share a lock: spin on loads, as the
 * kernel did before its waits had to end a QEMU hart's turn. */
static inline void arch_spin_wait_inline(volatile long *word)
{
    while (__atomic_load_n(word, __ATOMIC_RELAXED))
        ;
}

/* The host has one hart, the one host_arch.c keeps. */
struct hart;
struct hart *arch_hart_self(void);
static inline struct hart *arch_hart_self_inline(void) { return arch_hart_self(); }

#endif
