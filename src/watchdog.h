/*
 * watchdog.h: time on the hart, and tasks that hog it. The scheduler tells
 * the watchdog about every switch and every yield; a timer tick, armed only
 * while a task runs, checks the running task. A task that has run longer
 * than the limit without yielding is marked not responding and logged; it
 * loses the mark (logged too) when it yields again. Times are counted in
 * the arch counter's ticks, so the switch path reads the counter once and
 * divides nothing.
 *
 * One deadline serves the one hart that runs tasks today; per-hart
 * deadlines come with per-hart run queues.
 */
#ifndef WATCHDOG_H
#define WATCHDOG_H

#include <stdbool.h>
#include <stdint.h>

#include "task.h"

/* The counter value of the next watchdog tick, UINT64_MAX when unarmed.
 * Read by the inline switch path below; written by watchdog.c only. */
extern uint64_t watchdog_deadline_at;

bool watchdog_switch_slow(struct task *next, uint64_t now);
void watchdog_recovered(struct task *t);

/* The not-responding limit; ns below 10 ms is refused with -TABULA_EINVAL. */
int watchdog_set_limit(uint64_t ns);

/* At every switch, lock held (prev or next NULL for the idle loop). Returns
 * true when the watchdog's deadline changed and the timer needs setting.
 * Inline: a yield between two tasks must stay a few instructions; only
 * arming and disarming the tick go out of line. */
static inline bool watchdog_switch(struct task *prev, struct task *next, uint64_t now)
{
    if (prev)
        prev->run_ns += now - prev->slice_start;
    if (!next)
        return false; /* going idle: see watchdog_switch_slow */
    next->slice_start = now;
    next->running_since = now;
    if (watchdog_deadline_at != UINT64_MAX && !next->not_responding)
        return false;
    return watchdog_switch_slow(next, now);
}

/* t yields or blocks of its own accord (lock held): its stretch of running
 * without yielding ends, and a not-responding mark is lifted. */
static inline void watchdog_yielded(struct task *t, uint64_t now)
{
    t->running_since = now;
    if (__builtin_expect(t->not_responding, 0))
        watchdog_recovered(t);
}

/* The timer interrupt, lock held: checks the running task (NULL: idle). */
void watchdog_tick(struct task *current, uint64_t now);

/* The counter value the watchdog wants the timer at, UINT64_MAX for none. */
uint64_t watchdog_deadline(void);

/* t's time on a hart and its current stretch without yielding, in ns,
 * counting the slice it is running now (lock held). */
uint64_t watchdog_run_ns(const struct task *t, uint64_t now);
uint64_t watchdog_unyielded_ns(const struct task *t, uint64_t now);

#endif
