/*
 * trace.c: the event trace's rings, switching it on and off, and reading it
 * (see trace.h for recording). Reading merges the harts' rings by time in
 * two passes: the first walks back from the newest events to find where
 * each ring's share of the newest max begins, the second walks forward from
 * there, decoding each event and filling in the task of syscall events from
 * the switch before them.
 */
#include "trace.h"

#include <stdbool.h>
#include <string.h>

#include "arch.h"
#include "clock.h"
#include "platform.h"
#include "spinlock.h"
#include "task.h"

/* Events this close to being overwritten may be half rewritten by another
 * hart while we read; they are left out. */
#define TRACE_MARGIN 8

static struct spinlock lock = SPINLOCK_INIT; /* registration and control */
static struct trace_ring rings[PLATFORM_MAX_HARTS];
static struct hart *traced_harts[PLATFORM_MAX_HARTS];
static uint16_t start_task[PLATFORM_MAX_HARTS]; /* running when last cleared */
static int nharts;
static bool enabled = true; /* on from boot: it is cheap */

static uint16_t running_id(const struct hart *h)
{
    struct task *t = h->current;
    return t ? (uint16_t)t->id : 0;
}

/* Forgets ring i's events. Lock held. */
static void ring_clear(int i)
{
    rings[i].start = __atomic_load_n(&rings[i].head, __ATOMIC_RELAXED);
    start_task[i] = running_id(traced_harts[i]);
}

void trace_init_hart(struct hart *h)
{
    uintptr_t saved = spin_lock_irqsave(&lock);
    if (nharts < PLATFORM_MAX_HARTS) {
        int i = nharts++;
        rings[i].hart = (uint32_t)i;
        traced_harts[i] = h;
        ring_clear(i);
        h->trace = enabled ? &rings[i] : 0;
    }
    spin_unlock_irqrestore(&lock, saved);
}

int trace_control(int op)
{
    if (op < TABULA_TRACE_STATUS || op > TABULA_TRACE_CLEAR)
        return -TABULA_EINVAL;
    uintptr_t saved = spin_lock_irqsave(&lock);
    if (op == TABULA_TRACE_ON || op == TABULA_TRACE_OFF)
        enabled = op == TABULA_TRACE_ON;
    for (int i = 0; i < nharts; i++) {
        /* Turning it on starts afresh: the gap while it was off would
         * otherwise read as if nothing had happened. */
        if (op == TABULA_TRACE_CLEAR || (op == TABULA_TRACE_ON && !traced_harts[i]->trace))
            ring_clear(i);
        __atomic_store_n(&traced_harts[i]->trace, enabled ? &rings[i] : 0, __ATOMIC_RELEASE);
    }
    int on = enabled;
    spin_unlock_irqrestore(&lock, saved);
    return on;
}

/* A ring's readable events: indices [lo, hi). */
struct cursor {
    uint32_t lo, hi;
    uint32_t at;     /* the pass's position */
    uint16_t task;   /* the running task at `at`, in the forward pass */
};

static const struct trace_slot *slot(int ring, uint32_t index)
{
    return &rings[ring].ev[index & (TRACE_EVENTS - 1)];
}

static void cursor_init(int i, struct cursor *c)
{
    struct trace_ring *r = &rings[i];
    uint32_t head = __atomic_load_n(&r->head, __ATOMIC_ACQUIRE);
    uint32_t kept = TRACE_EVENTS - TRACE_MARGIN;
    c->hi = head;
    c->lo = head - r->start > kept ? head - kept : r->start;
    c->at = c->hi;
}

/* The running task on ring i just before index at: the last switch before
 * it, else the one at the last clear if nothing was overwritten since. */
static uint16_t task_before(int i, const struct cursor *c, uint32_t at)
{
    for (uint32_t j = at; j != c->lo; j--) {
        uint64_t w = slot(i, j - 1)->word;
        if (TRACE_WORD_TYPE(w) == TABULA_TRACE_SWITCH)
            return TRACE_WORD_TASK(w);
    }
    return c->lo == rings[i].start ? start_task[i] : TABULA_TRACE_TASK_UNKNOWN;
}

/* The ring whose next event (backwards or forwards from its cursor) comes
 * first in that direction, or -1 when all are exhausted. */
static int pick(struct cursor *c, int n, bool backwards)
{
    int best = -1;
    uint64_t best_ticks = 0;
    for (int i = 0; i < n; i++) {
        if (backwards ? c[i].at == c[i].lo : c[i].at == c[i].hi)
            continue;
        uint64_t t = slot(i, backwards ? c[i].at - 1 : c[i].at)->ticks;
        if (best < 0 || (backwards ? t > best_ticks : t < best_ticks)) {
            best = i;
            best_ticks = t;
        }
    }
    return best;
}

int trace_read(struct tabula_trace_event *out, int max)
{
    struct cursor c[PLATFORM_MAX_HARTS];
    int n = 0, count = 0;
    if (max <= 0)
        return 0;
    /* Interrupts off: this hart's ring stands still while it is read. */
    uintptr_t saved = spin_lock_irqsave(&lock);
    n = nharts;
    for (int i = 0; i < n; i++)
        cursor_init(i, &c[i]);
    for (int i; count < max && (i = pick(c, n, true)) >= 0; count++)
        c[i].at--;
    for (int i = 0; i < n; i++) {
        c[i].task = task_before(i, &c[i], c[i].at);
    }
    for (int k = 0, i; k < count && (i = pick(c, n, false)) >= 0; k++) {
        const struct trace_slot *s = slot(i, c[i].at++);
        uint64_t w = s->word;
        struct tabula_trace_event *e = &out[k];
        e->time_ns = clock_ns_of(s->ticks);
        e->type = TRACE_WORD_TYPE(w);
        e->hart = (uint8_t)i;
        e->task = TRACE_WORD_TASK(w);
        e->arg = TRACE_WORD_ARG(w);
        if (e->type == TABULA_TRACE_SWITCH)
            c[i].task = e->task;
        else if (e->type == TABULA_TRACE_SYSCALL)
            e->task = c[i].task;
    }
    spin_unlock_irqrestore(&lock, saved);
    return count;
}
