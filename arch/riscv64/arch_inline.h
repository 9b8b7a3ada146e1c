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

/* arch_counter() */
static inline uint64_t arch_counter_inline(void)
{
    uint64_t t;
    __asm__ volatile("rdtime %0" : "=r"(t));
    return t;
}

#endif
