/*
 * hart.h: what the kernel keeps per hardware thread. The arch layer finds
 * the running hart's struct (on RISC-V through sscratch) without using the
 * thread pointer, which belongs to the task.
 */
#ifndef HART_H
#define HART_H

#include <stdbool.h>
#include <stdint.h>

struct spinlock;
struct task;
struct trace_ring;

/* Each hart's struct starts a cache line (64 bytes on the Cortex-A53 and on
 * the x86 hosts QEMU runs on): a hart writes its own at every switch and
 * tick, and two harts' structs in one line would make that line bounce
 * between the host cores running QEMU's vCPU threads. */
#define HART_LINE 64

/* Tasks ready to run on one hart, in turn. */
struct runqueue {
    struct task *head, *tail;
};

struct hart {
    unsigned id;               /* the platform's hart id */
    unsigned index;            /* 0 for the boot hart, then in the order they came up */
    struct task *current;      /* NULL while the idle loop runs */
    uintptr_t idle_sp;         /* the idle loop's saved context */
    struct task *ended;        /* left the hart for good; release after the switch */
    int in_trap;               /* a trap handler is running: a second trap is a kernel bug */
    uintptr_t idle_stack_lo;   /* for the canary checks */
    uintptr_t trap_stack_lo;
    struct trace_ring *trace;  /* this hart's event ring; NULL while tracing is off */

    /* The scheduler's per-hart state; all under the scheduler lock. A task
     * stays on the hart it was placed on, so only this hart switches
     * to the tasks queued here; other harts only queue and kick. */
    struct runqueue ready;
    struct task *sleepers;     /* its sleeping tasks, sorted by wake_at */
    uint64_t watchdog_at;      /* counter value of the next watchdog tick; UINT64_MAX: none */
    /* Set when a yield here may meet the unusual: a task of this hart
     * marked (kill_pending, not_responding), the tick unarmed, an ended
     * task's slot to release. Whoever makes one of those sets it
     * (task_mark_killed, watchdog_tick, sched_leave, sched_preempt);
     * switch_finish clears it once none is left. While it is clear,
     * yield.S needs no other test. */
    bool slow_yield;
    struct spinlock *lock;     /* &sched_lock_word: one load for yield.S */
    unsigned tasks;            /* live tasks placed here (the Monitor's placement reads it) */
    bool idle;                 /* in the idle loop's wait: a wake-up must kick it */
    uint64_t up_at;            /* counter value when it came up */
    uint64_t idle_ticks;       /* counter ticks spent waiting for work, until idle_since */
    uint64_t idle_since;       /* counter value the current wait began; 0 when not waiting */
} __attribute__((aligned(HART_LINE)));

/* The harts that are up, by index; hart_count of them. Written only while
 * harts come up (before any task but the Monitor runs). */
extern struct hart *hart_table[];
extern unsigned hart_count;

/* Installs h as this hart's struct and trap_stack_top as its trap stack. */
void arch_hart_init(struct hart *h, uintptr_t trap_stack_top);
struct hart *arch_hart_self(void);
/* Interrupts hart h (not the caller) so that it leaves wfi or traps out of
 * the task it runs (SBI IPI, the Pi's core mailboxes). */
void arch_hart_kick(struct hart *h);

#endif
