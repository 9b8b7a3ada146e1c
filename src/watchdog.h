/*
 * watchdog.h: time on the hart, and tasks that hog it. The scheduler tells
 * the watchdog about every switch and every yield; a timer tick, armed only
 * while a task runs, checks the running task. A task that has run longer
 * than the limit without yielding is marked not responding and logged; it
 * loses the mark (logged too) when it yields again. Times are counted in
 * the arch counter's ticks, so the switch path reads the counter once and
 * divides nothing. A task's slice_start is both where its run time not yet
 * in run_ns begins and where its stretch without yielding began: a yield
 * adds the one up and restarts the other.
 *
 * Each hart has its own tick (struct hart's watchdog_at), so a hog on
 * one hart is seen and preempted there while the others run on.
 */
#ifndef WATCHDOG_H
#define WATCHDOG_H

#include <stdbool.h>
#include <stdint.h>

#include "hart.h"
#include "task.h"

bool watchdog_switch_slow(struct hart *h, struct task *next, uint64_t now);
void watchdog_recovered(struct task *t);

/* The not-responding limit; ns below 10 ms is refused with -TABULA_EINVAL. */
int watchdog_set_limit(uint64_t ns);

/* At every switch, lock held (prev or next NULL for the idle loop). Returns
 * true when the watchdog's deadline changed and the timer needs setting.
 * Inline: a yield between two tasks must stay a few instructions; only
 * arming and disarming the tick go out of line. */
static inline bool watchdog_switch(struct hart *h, struct task *prev, struct task *next,
                                   uint64_t now)
{
    if (prev)
        prev->run_ns += now - prev->slice_start;
    if (!next)
        return false; /* going idle: see watchdog_switch_slow */
    next->slice_start = now;
    if (h->watchdog_at != UINT64_MAX && !next->not_responding)
        return false;
    return watchdog_switch_slow(h, next, now);
}

/* t yields or blocks of its own accord (lock held): its stretch of running
 * without yielding ends, and a not-responding mark is lifted. */
static inline void watchdog_yielded(struct task *t, uint64_t now)
{
    t->run_ns += now - t->slice_start;
    t->slice_start = now;
    if (__builtin_expect(t->not_responding, 0))
        watchdog_recovered(t);
}

/* t blocks (lock held): the switch away adds up its run time and ends its
 * stretch; only a not-responding mark is left to lift. */
static inline void watchdog_blocked(struct task *t)
{
    if (__builtin_expect(t->not_responding, 0))
        watchdog_recovered(t);
}

/* Hart h's timer interrupt, lock held: checks its running task (NULL: idle). */
void watchdog_tick(struct hart *h, struct task *current, uint64_t now);

/* t's time on a hart and its current stretch without yielding, in ns,
 * counting the slice it is running now (lock held). */
uint64_t watchdog_run_ns(const struct task *t, uint64_t now);
uint64_t watchdog_unyielded_ns(const struct task *t, uint64_t now);

#endif
