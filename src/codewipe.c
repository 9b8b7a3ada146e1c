/*
 * codewipe.c: a short list of ranges that held code of ended apps, wiped
 * when the memory is claimed again (see codewipe.h). A full list wipes
 * its oldest range at once: the list only defers work, never drops it.
 */
#include "codewipe.h"

#include <string.h>

#include "spinlock.h"

#define PENDING_MAX 8

static struct {
    uintptr_t lo, hi;
} pending[PENDING_MAX];
static int npending;
static struct spinlock lock = SPINLOCK_INIT;

static void wipe(uintptr_t lo, uintptr_t hi)
{
    if (lo < hi)
        memset((void *)lo, 0, hi - lo);
}

static void drop(int i)
{
    npending--;
    memmove(&pending[i], &pending[i + 1], (size_t)(npending - i) * sizeof pending[0]);
}

/* Lock held. */
static void append(uintptr_t lo, uintptr_t hi)
{
    if (npending == PENDING_MAX) {
        wipe(pending[0].lo, pending[0].hi);
        drop(0);
    }
    pending[npending].lo = lo;
    pending[npending].hi = hi;
    npending++;
}

void codewipe_add(uintptr_t lo, uintptr_t hi)
{
    if (lo >= hi)
        return;
    uintptr_t saved = spin_lock_irqsave(&lock);
    append(lo, hi);
    spin_unlock_irqrestore(&lock, saved);
}

void codewipe_claim(uintptr_t base, size_t size, size_t written)
{
    /* Slots are whole pages, whatever size was asked for. */
    uintptr_t end = base + ((size + 4095) & ~(size_t)4095), keep = base + written;
    uintptr_t saved = spin_lock_irqsave(&lock);
    for (int i = 0; i < npending;) {
        uintptr_t lo = pending[i].lo, hi = pending[i].hi;
        if (hi <= base || lo >= end) {
            i++;
            continue;
        }
        /* The part inside the claim is wiped (or about to be written);
         * parts outside it stay recorded. The list changed: start over
         * (each pass removes an overlap, so this ends). */
        wipe(lo > keep ? lo : keep, hi < end ? hi : end);
        drop(i);
        if (lo < base)
            append(lo, base);
        if (hi > end)
            append(end, hi);
        i = 0;
    }
    spin_unlock_irqrestore(&lock, saved);
}
