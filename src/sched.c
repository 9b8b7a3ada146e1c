/*
 * sched.c: cooperative scheduling. A yield moves the caller to the back of
 * the run queue and switches straight to the next task: one register swap,
 * no trip through a scheduler thread. When nothing is runnable the hart
 * returns to its idle loop, which sleeps in wait-for-interrupt.
 *
 * Sleepers wait on one list sorted by deadline; the timer is programmed for
 * the earliest one only (no periodic tick).
 */
#include "sched.h"

#include "arch.h"
#include "clock.h"
#include "hart.h"
#include "panic.h"
#include "spinlock.h"
#include "task.h"
#include "trace.h"
#include "watchdog.h"

struct runqueue {
    struct task *head, *tail;
};

struct spinlock sched_lock_word = SPINLOCK_INIT;
static struct runqueue ready; /* one per hart later; one hart now */
static struct task *sleepers; /* sorted by wake_at */
static void (*idle_work)(void);

static void runqueue_push(struct runqueue *q, struct task *t)
{
    t->next = 0;
    if (q->tail)
        q->tail->next = t;
    else
        q->head = t;
    q->tail = t;
}

static struct task *runqueue_pop(struct runqueue *q)
{
    struct task *t = q->head;
    if (t) {
        q->head = t->next;
        if (!q->head)
            q->tail = 0;
        t->next = 0;
    }
    return t;
}

static void runqueue_unlink(struct runqueue *q, struct task *t)
{
    struct task *prev = 0;
    for (struct task *p = q->head; p; prev = p, p = p->next) {
        if (p != t)
            continue;
        if (prev)
            prev->next = p->next;
        else
            q->head = p->next;
        if (q->tail == p)
            q->tail = prev;
        p->next = 0;
        return;
    }
}

/* The timer serves the earliest sleeper and the watchdog's tick. */
static void timer_program(void)
{
    uint64_t at = sleepers ? clock_counter_at(sleepers->wake_at) : UINT64_MAX;
    uint64_t watch = watchdog_deadline();
    arch_timer_set(watch < at ? watch : at);
}

static void sleepers_insert(struct task *t)
{
    struct task **p = &sleepers;
    while (*p && (*p)->wake_at <= t->wake_at)
        p = &(*p)->next;
    t->next = *p;
    *p = t;
    if (sleepers == t)
        timer_program();
}

static void sleepers_unlink(struct task *t)
{
    for (struct task **p = &sleepers; *p; p = &(*p)->next) {
        if (*p == t) {
            *p = t->next;
            t->next = 0;
            return;
        }
    }
}

void sched_make_ready(struct task *t)
{
    t->state = TABULA_TASK_READY;
    t->wait_mask = 0;
    runqueue_push(&ready, t);
}

void sched_remove(struct task *t)
{
    if (t->state == TABULA_TASK_READY)
        runqueue_unlink(&ready, t);
    else if (t->wake_at != UINT64_MAX)
        sleepers_unlink(t);
    t->wake_at = UINT64_MAX;
}

void sched_wake(struct task *t, uint32_t reasons)
{
    if (!t)
        return;
    if ((t->state != TABULA_TASK_BLOCKED && t->state != TABULA_TASK_SLEEPING) ||
        !(t->wait_mask & reasons))
        return;
    if (t->wake_at != UINT64_MAX) {
        sleepers_unlink(t);
        t->wake_at = UINT64_MAX;
    }
    sched_make_ready(t);
}

/* Runs in the context just switched to: releases what the previous task
 * could not release while it was still running on its own stack. */
static void switch_finish(struct hart *h)
{
    struct task *gone = h->ended;
    if (gone) {
        h->ended = 0;
        task_release_slot(gone);
    }
    struct task *cur = h->current;
    if (cur && __builtin_expect(cur->kill_pending, 0))
        task_check_pending(cur); /* the attention key caught it switched out */
}

/*
 * Switches from the current context to the next runnable task, or to the
 * idle loop. save_sp receives the outgoing context. Lock held throughout.
 */
static void switch_away(struct hart *h, uintptr_t *save_sp)
{
    struct task *next = runqueue_pop(&ready);
    struct task *prev = h->current;
    if (watchdog_switch(prev, next, arch_counter_inline()))
        timer_program();
    h->current = next;
    trace_event(h, TABULA_TRACE_SWITCH, next ? next->id : 0, prev ? prev->id : 0);
    if (next) {
        next->state = TABULA_TASK_RUNNING;
        next->switches++;
        arch_switch(save_sp, next->sp);
    } else {
        arch_switch(save_sp, h->idle_sp);
    }
    switch_finish(h);
}

/* The hottest path in the kernel: the caller goes to the back of the run
 * queue and the head takes the hart, in one register swap. It repeats what
 * switch_away does, because a call less here is a tenth of the cost. */
void sched_yield(void)
{
    uintptr_t saved = sched_lock();
    struct hart *h = arch_hart_self_inline();
    struct task *self = h->current;
    task_check_stack(self);
    struct task *next = runqueue_pop(&ready);
    uint64_t now = arch_counter_inline();
    watchdog_yielded(self, now);
    if (next) {
        runqueue_push(&ready, self);
        self->state = TABULA_TASK_READY;
        next->state = TABULA_TASK_RUNNING;
        next->switches++;
        if (watchdog_switch(self, next, now))
            timer_program();
        h->current = next;
        trace_event(h, TABULA_TRACE_SWITCH, next->id, self->id);
        arch_switch(&self->sp, next->sp);
        switch_finish(h);
    }
    sched_unlock(saved);
}

void sched_block(uint32_t mask, uint64_t deadline)
{
    struct hart *h = arch_hart_self_inline();
    struct task *self = h->current;
    task_check_stack(self);
    watchdog_yielded(self, arch_counter_inline());
    self->wait_mask = mask | WAKE_KILLED;
    self->wake_at = deadline;
    self->state = mask == WAKE_TIMER ? TABULA_TASK_SLEEPING : TABULA_TASK_BLOCKED;
    if (deadline != UINT64_MAX)
        sleepers_insert(self);
    switch_away(h, &self->sp);
}

void sched_leave(void)
{
    struct hart *h = arch_hart_self_inline();
    uintptr_t dead_sp;
    h->ended = h->current;
    switch_away(h, &dead_sp);
    panic("sched: an ended task was switched back in");
}

void sched_started(void)
{
    switch_finish(arch_hart_self());
}

bool sched_preempt_wanted(const struct task *t)
{
    return t->not_responding && !t->console_owner && ready.head;
}

void sched_preempt(struct task *t, uintptr_t sp)
{
    sched_lock();
    struct hart *h = arch_hart_self();
    uintptr_t abandoned;
    h->in_trap = 0;
    t->sp = sp;
    t->state = TABULA_TASK_READY;
    runqueue_push(&ready, t);
    switch_away(h, &abandoned);
    panic("sched: a preempting trap was resumed");
}

void sched_resumed(void)
{
    switch_finish(arch_hart_self());
    spin_unlock_irqrestore(&sched_lock_word, 0);
}

void sched_timer_interrupt(void)
{
    uintptr_t saved = sched_lock();
    uint64_t now = clock_ns();
    while (sleepers && sleepers->wake_at <= now) {
        struct task *t = sleepers;
        sleepers = t->next;
        t->wake_at = UINT64_MAX;
        sched_make_ready(t);
    }
    watchdog_tick(arch_hart_self()->current, arch_counter());
    timer_program();
    sched_unlock(saved);
}

void sched_init_hart(struct hart *h)
{
    h->current = 0;
    h->ended = 0;
    trace_init_hart(h);
}

void sched_set_idle_work(void (*fn)(void))
{
    idle_work = fn;
}

void sched_run(void)
{
    struct hart *h = arch_hart_self_inline();
    for (;;) {
        if (idle_work)
            idle_work();
        uintptr_t saved = sched_lock();
        struct task *next = runqueue_pop(&ready);
        if (next) {
            if (watchdog_switch(0, next, arch_counter_inline()))
                timer_program();
            h->current = next;
            trace_event(h, TABULA_TRACE_SWITCH, next->id, 0);
            next->state = TABULA_TASK_RUNNING;
            next->switches++;
            arch_switch(&h->idle_sp, next->sp);
            switch_finish(h);
            h->current = 0;
            sched_unlock(saved);
            continue;
        }
        /* Nothing to run. Interrupts stay masked across the check and the
         * wait, so a wake-up cannot slip in between; a pending interrupt
         * ends the wait and is taken once they are enabled again. */
        sched_unlock(0);
        arch_wait_for_interrupt();
        arch_irq_enable();
        arch_irq_save();
    }
}
