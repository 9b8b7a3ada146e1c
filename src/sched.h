/*
 * sched.h: the cooperative scheduler. A task runs until it yields, blocks
 * or ends; interrupts only wake tasks, never preempt them. One lock guards
 * task states and the queues; every hart has its own run queue and sleep
 * list (struct hart), and a task keeps the hart it was placed on.
 *
 * Switching convention: whoever calls arch_switch holds the scheduler lock
 * with interrupts off; whoever resumes releases it.
 */
#ifndef SCHED_H
#define SCHED_H

#include <stdbool.h>
#include <stdint.h>

#include "spinlock.h"

struct task;
struct hart;

/* The scheduler's one lock. Inline: every syscall that touches a task
 * takes it, several times per stream round trip. */
extern struct spinlock sched_lock_word;

static inline uintptr_t sched_lock(void)
{
    return spin_lock_irqsave(&sched_lock_word);
}

static inline void sched_unlock(uintptr_t saved)
{
    spin_unlock_irqrestore(&sched_lock_word, saved);
}

void sched_init_hart(struct hart *h);
/* Work the idle loop does, unlocked, before looking for a task. */
void sched_set_idle_work(void (*fn)(void));
/* Runs the idle loop on the calling (boot) stack; never returns. */
__attribute__((noreturn)) void sched_run(void);

/* Makes t runnable. Lock held. */
void sched_make_ready(struct task *t);
/* Interrupts t's hart when t is running there (not on the caller's), so
 * that the trap path there sees a kill or a preemption at once. Lock held. */
void sched_kick_running(struct task *t);
/* Wakes t if it waits for any of reasons. Lock held. */
void sched_wake(struct task *t, uint32_t reasons);

void sched_yield(void);
/* An arch's yield fast path, switched back to, when the switch left work
 * (a slot to release, a kill pending): finishes it. Lock held. */
void sched_yield_aftermath(void);
/* Blocks the current task until one of mask happens or until deadline (clock
 * ns, UINT64_MAX for none). Lock held on entry and on return. */
void sched_block(uint32_t mask, uint64_t deadline);
/* Switches away from the current task for good (it has ended). Lock held. */
__attribute__((noreturn)) void sched_leave(void);
/* Takes t off the run queue and the sleep list, wherever it is. Lock held. */
void sched_remove(struct task *t);

/* The timer interrupt: wakes sleepers whose deadline passed. */
void sched_timer_interrupt(void);
/* Called by a new task's first code: finishes the switch into it. */
void sched_started(void);

/*
 * Preemption, for tasks marked not responding only (see NOTES.md): the
 * trap path asks sched_preempt_wanted for the task it interrupted in the
 * task's own code; if others are ready, it saves the interrupted state on
 * the task's own stack as a context that resumes it, and calls
 * sched_preempt with that context's stack pointer, which queues the task
 * behind the others and switches away from the trap for good. The resumed
 * context calls sched_resumed first: it finishes the switch and releases
 * the lock, leaving interrupts masked until it returns to the task.
 */
bool sched_preempt_wanted(const struct task *t);
__attribute__((noreturn)) void sched_preempt(struct task *t, uintptr_t sp);
void sched_resumed(void);

#endif
