/*
 * sched.c: cooperative scheduling. A yield moves the caller to the back of
 * the run queue and switches straight to the next task: one register swap,
 * no trip through a scheduler thread. When nothing is runnable the hart
 * returns to its idle loop, which sleeps in wait-for-interrupt.
 *
 * Every hart has its own run queue and sleep list (struct hart); a task
 * stays on the hart it was placed on. One lock guards them all: a wake-up
 * from another hart queues the task on its hart and kicks that hart if it
 * waits in its idle loop. Sleepers wait on their hart's list sorted by
 * deadline; the hart's timer is programmed for the earliest one only (no
 * periodic tick).
 */
#include "sched.h"

#include "arch.h"
#include "clock.h"
#include "hart.h"
#include "panic.h"
#include "platform.h"
#include "spinlock.h"
#include "task.h"
#include "taskq.h"
#include "trace.h"
#include "watchdog.h"
#include "yield_offsets.h"

/* What the arch fast paths (arch/<isa>/yield.S) assume about the structs. */
#define YIELD_AT(type, field, off) \
    _Static_assert(__builtin_offsetof(type, field) == (off), "yield_offsets.h: " #field)
YIELD_AT(struct hart, current, HART_CURRENT);
YIELD_AT(struct hart, trace, HART_TRACE);
YIELD_AT(struct hart, ready.head, HART_READY_HEAD);
YIELD_AT(struct hart, ready.tail, HART_READY_TAIL);
YIELD_AT(struct hart, slow_yield, HART_SLOW_YIELD);
YIELD_AT(struct hart, lock, HART_LOCK);
YIELD_AT(struct task, id, TASK_ID);
YIELD_AT(struct task, state, TASK_STATE);
YIELD_AT(struct task, sp, TASK_SP);
YIELD_AT(struct task, stack_bottom, TASK_STACK_BOTTOM);
YIELD_AT(struct task, canary, TASK_CANARY);
YIELD_AT(struct task, next, TASK_NEXT);
YIELD_AT(struct task, switches, TASK_SWITCHES);
YIELD_AT(struct task, trace_as_prev, TASK_TRACE_AS_PREV);
YIELD_AT(struct task, trace_as_next, TASK_TRACE_AS_NEXT);
YIELD_AT(struct task, run_ns, TASK_RUN_NS);
YIELD_AT(struct task, slice_start, TASK_SLICE_START);
YIELD_AT(struct trace_ring, head, RING_HEAD);
YIELD_AT(struct trace_ring, ev, RING_EV);
_Static_assert(TRACE_EVENTS == RING_EVENTS && sizeof(struct trace_slot) == 16, "yield_offsets.h: ring");
_Static_assert(TASK_CANARY_WORDS == 2, "yield.S checks two canary words");
_Static_assert(TABULA_TASK_READY == STATE_READY && STATE_READY == 1 &&
               TABULA_TASK_RUNNING == STATE_RUNNING, "yield_offsets.h: task states");

struct spinlock sched_lock_word = SPINLOCK_INIT;
static void (*idle_work)(void);
struct hart *hart_table[PLATFORM_MAX_HARTS];
unsigned hart_count;

/* The timer of hart h (the caller) serves its earliest sleeper and its
 * watchdog tick. */
static void timer_program(struct hart *h)
{
    uint64_t at = h->sleepers ? clock_counter_at(h->sleepers->wake_at) : UINT64_MAX;
    uint64_t watch = h->watchdog_at;
    arch_timer_set(watch < at ? watch : at);
}

/* t sleeps on its own hart, the caller's. */
static void sleepers_insert(struct hart *h, struct task *t)
{
    if (sleepq_insert(&h->sleepers, t))
        timer_program(h);
}

/* From any hart: t's own hart may then take one timer interrupt for
 * nothing, which reprograms its timer. */
static void sleepers_unlink(struct task *t)
{
    sleepq_unlink(&t->hart->sleepers, t);
}

void sched_make_ready(struct task *t)
{
    struct hart *h = t->hart;
    t->state = TABULA_TASK_READY;
    t->wait_mask = 0;
    runqueue_push(&h->ready, t);
    if (h->idle && h != arch_hart_self_inline()) {
        h->idle = false; /* one kick is enough until it looks again */
        arch_hart_kick(h);
    }
}

void sched_kick_running(struct task *t)
{
    if (t->state == TABULA_TASK_RUNNING && t->hart != arch_hart_self_inline())
        arch_hart_kick(t->hart);
}

void sched_remove(struct task *t)
{
    if (t->state == TABULA_TASK_READY)
        runqueue_unlink(&t->hart->ready, t);
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

static bool marked(const struct task *t)
{
    return t->not_responding || t->kill_pending;
}

/* Clears h's slow_yield flag when nothing it stands for is left: every
 * task that a yield here can switch from or to (the running one and the
 * ready ones) is unmarked, the tick is armed, no slot waits for release. A
 * task marked killed while blocked is woken by the kill with the flag set,
 * or ends as its file call returns (vfs.c); not_responding ends at a block. */
static void slow_yield_recheck(struct hart *h)
{
    bool slow = h->watchdog_at == UINT64_MAX || h->ended || (h->current && marked(h->current));
    for (struct task *t = h->ready.head; t && !slow; t = t->next)
        slow = marked(t);
    h->slow_yield = slow;
}

/* Runs in the context just switched to: releases what the previous task
 * could not release while it was still running on its own stack, and ends
 * the task switched to if a kill came meanwhile. Both set the hart's
 * slow_yield flag, so the usual switch tests that alone. */
static void switch_finish_unusual(struct hart *h)
{
    struct task *gone = h->ended;
    if (gone) {
        h->ended = 0;
        task_release_slot(gone);
    }
    struct task *cur = h->current;
    if (cur && cur->kill_pending)
        task_check_pending(cur); /* the attention key caught it switched out */
    slow_yield_recheck(h);
}

static inline void switch_finish(struct hart *h)
{
    if (__builtin_expect(h->slow_yield, 0))
        switch_finish_unusual(h);
}

/*
 * Switches from the current context to the next runnable task, or to the
 * idle loop. save_sp receives the outgoing context. Lock held throughout.
 */
static void switch_away(struct hart *h, uintptr_t *save_sp)
{
    struct task *next = runqueue_pop(&h->ready);
    struct task *prev = h->current;
    if (watchdog_switch(h, prev, next, arch_counter_inline()))
        timer_program(h);
    h->current = next;
    trace_event(h, TABULA_TRACE_SWITCH, next ? next->id : 0, prev ? prev->id : 0);
    if (next) {
        next->state = TABULA_TASK_RUNNING;
        next->switches++;
        arch_switch(save_sp, next->sp, h);
    } else {
        arch_switch(save_sp, h->idle_sp, h);
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
    struct task *next = runqueue_pop(&h->ready);
    uint64_t now = arch_counter_inline();
    watchdog_yielded(self, now);
    if (next) {
        runqueue_push(&h->ready, self);
        self->state = TABULA_TASK_READY;
        next->state = TABULA_TASK_RUNNING;
        next->switches++;
        if (watchdog_switch(h, self, next, now))
            timer_program(h);
        h->current = next;
        trace_event(h, TABULA_TRACE_SWITCH, next->id, self->id);
        arch_switch(&self->sp, next->sp, h);
        switch_finish(h);
    } else if (h->slow_yield) {
        slow_yield_recheck(h);
    }
    sched_unlock(saved);
}

void sched_yield_aftermath(void)
{
    switch_finish(arch_hart_self());
}

void sched_block(uint32_t mask, uint64_t deadline)
{
    struct hart *h = arch_hart_self_inline();
    struct task *self = h->current;
    task_check_stack(self);
    watchdog_blocked(self);
    self->wait_mask = mask | WAKE_KILLED;
    self->wake_at = deadline;
    self->state = mask == WAKE_TIMER ? TABULA_TASK_SLEEPING : TABULA_TASK_BLOCKED;
    if (deadline != UINT64_MAX)
        sleepers_insert(h, self);
    switch_away(h, &self->sp);
}

void sched_leave(void)
{
    struct hart *h = arch_hart_self_inline();
    uintptr_t dead_sp;
    h->ended = h->current;
    h->slow_yield = true;
    switch_away(h, &dead_sp);
    panic("sched: an ended task was switched back in");
}

void sched_started(void)
{
    switch_finish(arch_hart_self());
}

bool sched_preempt_wanted(const struct task *t)
{
    return t->not_responding && !t->console_owner && t->hart->ready.head;
}

void sched_preempt(struct task *t, uintptr_t sp)
{
    sched_lock();
    struct hart *h = arch_hart_self();
    uintptr_t abandoned;
    h->in_trap = 0;
    t->sp = sp;
    t->state = TABULA_TASK_READY;
    runqueue_push(&h->ready, t);
    h->slow_yield = true; /* t is marked not responding */
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
    struct hart *h = arch_hart_self();
    uint64_t now = clock_ns();
    struct task *t;
    while ((t = sleepq_pop_due(&h->sleepers, now))) {
        t->wake_at = UINT64_MAX;
        sched_make_ready(t);
    }
    watchdog_tick(h, h->current, arch_counter());
    timer_program(h);
    sched_unlock(saved);
}

void sched_init_hart(struct hart *h)
{
    uintptr_t saved = sched_lock();
    h->current = 0;
    h->ended = 0;
    h->ready.head = h->ready.tail = 0;
    h->sleepers = 0;
    h->watchdog_at = UINT64_MAX;
    h->slow_yield = true;
    h->lock = &sched_lock_word;
    h->tasks = 0;
    h->idle = false;
    h->idle_ticks = 0;
    h->idle_since = 0;
    h->up_at = arch_counter();
    if (hart_count < PLATFORM_MAX_HARTS) {
        h->index = hart_count;
        hart_table[hart_count] = h;
        /* Published last: a spawn that sees the count finds the hart whole. */
        __atomic_store_n(&hart_count, hart_count + 1, __ATOMIC_RELEASE);
    }
    sched_unlock(saved);
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
        if (idle_work && h->index == 0)
            idle_work();
        uintptr_t saved = sched_lock();
        if (h->idle_since) {
            h->idle_ticks += arch_counter_inline() - h->idle_since;
            h->idle_since = 0;
        }
        struct task *next = runqueue_pop(&h->ready);
        if (next) {
            h->idle = false;
            if (watchdog_switch(h, 0, next, arch_counter_inline()))
                timer_program(h);
            h->current = next;
            trace_event(h, TABULA_TRACE_SWITCH, next->id, 0);
            next->state = TABULA_TASK_RUNNING;
            next->switches++;
            arch_switch(&h->idle_sp, next->sp, h);
            switch_finish(h);
            h->current = 0;
            sched_unlock(saved);
            continue;
        }
        /* Nothing to run. Interrupts stay masked across the check and the
         * wait, so a wake-up cannot slip in between; a pending interrupt
         * ends the wait and is taken once they are enabled again. */
        h->idle = true;
        h->idle_since = arch_counter_inline();
        sched_unlock(0);
        arch_wait_for_interrupt();
        arch_irq_enable();
        arch_irq_save();
    }
}
