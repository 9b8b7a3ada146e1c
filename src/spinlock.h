/*
 * spinlock.h: a ticket-free test-and-set lock that also masks interrupts on
 * the hart holding it, so interrupt handlers and (later) other harts can
 * share data without deadlock.
 */
#ifndef SPINLOCK_H
#define SPINLOCK_H

#include <stdint.h>

#include "arch.h"
#include "arch_inline.h"

struct spinlock {
    volatile long locked; /* register-sized: no sign extension after the swap */
};

#define SPINLOCK_INIT {0}

static inline uintptr_t spin_lock_irqsave(struct spinlock *l)
{
    uintptr_t saved = arch_irq_save_inline();
    while (__builtin_expect(__atomic_exchange_n(&l->locked, 1, __ATOMIC_ACQUIRE), 0))
        arch_spin_wait_inline(&l->locked);
    return saved;
}

static inline void spin_unlock_irqrestore(struct spinlock *l, uintptr_t saved)
{
    __atomic_store_n(&l->locked, 0, __ATOMIC_RELEASE);
    arch_irq_restore_inline(saved);
}

#endif
