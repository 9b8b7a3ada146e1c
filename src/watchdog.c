/*
 * watchdog.c: run-time accounting and the not-responding mark. See
 * watchdog.h. The tick is 100 ms while a task runs (the mark is a matter
 * of seconds), and 20 ms while a marked task runs, because each tick is
 * then a chance for the trap path to preempt it in favour of the others
 * (see "Not responding" in NOTES.md).
 */
#include "watchdog.h"

#include "arch.h"
#include "clock.h"
#include "klog.h"
#include "task.h"

#define TICK_NS 100000000ull
#define MARKED_TICK_NS 20000000ull

static uint64_t limit_ns = TABULA_WATCHDOG_DEFAULT_NS;

static uint64_t ticks_of(uint64_t ns)
{
    return clock_counter_at(ns) - clock_counter_at(0);
}

static uint64_t ns_of(uint64_t ticks)
{
    uint64_t hz = arch_counter_hz();
    return ticks / hz * 1000000000u + ticks % hz * 1000000000u / hz;
}

int watchdog_set_limit(uint64_t ns)
{
    if (ns < 10000000ull)
        return -TABULA_EINVAL;
    limit_ns = ns;
    klog_write(TABULA_LOG_INFO, 0, "watchdog: tasks not yielding for %llu ms are not responding",
               (unsigned long long)(ns / 1000000u));
    return 0;
}

/* The two tick lengths in counter ticks, worked out once (the conversion
 * divides). */
static uint64_t tick_ticks, marked_tick_ticks;

static void arm(struct hart *h, struct task *t, uint64_t now)
{
    if (!tick_ticks) {
        marked_tick_ticks = ticks_of(MARKED_TICK_NS);
        tick_ticks = ticks_of(TICK_NS); /* last: another hart tests it first */
    }
    h->watchdog_at = now + (t->not_responding ? marked_tick_ticks : tick_ticks);
}

/* Arms the tick for next, switched in with none armed or marked. Going idle
 * leaves an armed tick alone: reprogramming the timer at every sleep and
 * wake-up costs more than the one spurious tick (at most every 100 ms)
 * that finds the hart idle and disarms it (watchdog_tick). */
bool watchdog_switch_slow(struct hart *h, struct task *next, uint64_t now)
{
    arm(h, next, now);
    return true;
}

void watchdog_recovered(struct task *t)
{
    t->not_responding = false;
    klog_write(TABULA_LOG_INFO, t->id, "%s (task %d) is responding again", t->name, t->id);
}

void watchdog_tick(struct hart *h, struct task *current, uint64_t now)
{
    if (now < h->watchdog_at)
        return;
    if (!current) {
        h->watchdog_at = UINT64_MAX;
        h->slow_yield = true; /* the next switch in must arm it */
        return;
    }
    if (!current->not_responding && now - current->slice_start >= ticks_of(limit_ns)) {
        current->not_responding = true;
        h->slow_yield = true; /* its next yield lifts the mark, in C */
        klog_write(TABULA_LOG_WARN, current->id,
                   "%s (task %d) is not responding: %llu ms without yielding",
                   current->name, current->id,
                   (unsigned long long)(ns_of(now - current->slice_start) / 1000000u));
    }
    arm(h, current, now);
}

uint64_t watchdog_run_ns(const struct task *t, uint64_t now)
{
    uint64_t ticks = t->run_ns;
    if (t->state == TABULA_TASK_RUNNING)
        ticks += now - t->slice_start;
    return ns_of(ticks);
}

uint64_t watchdog_unyielded_ns(const struct task *t, uint64_t now)
{
    return t->state == TABULA_TASK_RUNNING ? ns_of(now - t->slice_start) : 0;
}
