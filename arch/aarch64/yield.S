/*
 * yield.S: the yield syscall's fast path, the hottest path in the kernel
 * (syscall_table.yield on AArch64). The same steps as RISC-V's yield.S,
 * which does what sched_yield does for the common case, a task yielding
 * to another ready on its hart, in one straight line:
 *   1. mask IRQs (a task always runs with them unmasked: step 8 unmasks
 *      them again);
 *   2. find this hart; take the scheduler lock (ldaxr/stxr, as the C
 *      spinlock: an acquire);
 *   3. the caller and the next task; anything unusual goes back out to
 *      the C path, sys_yield_slow: the hart's slow_yield flag (a task of
 *      the hart marked killed or not responding, the watchdog tick
 *      unarmed, an ended task's slot to release: whoever causes one sets
 *      it) or a dead canary; nobody ready: account the caller's run time,
 *      unlock and return;
 *   4. requeue: the next task off the head, the caller onto the tail (the
 *      caller's link is already null: the running task is on no list);
 *   5. states, the switch count, and the caller's run time from one
 *      counter read, which also starts next's slice;
 *   6. one trace event, the switch (when tracing is on), its word ORed
 *      from the two tasks' precomputed parts. The ring's head is bumped
 *      with a plain load and store: only this hart writes it, and the
 *      only other writer here, an interrupt, is masked;
 *   7. the switch (switch_frame.h's halves, as arch_switch), resuming at
 *      step 8, the caller's x30 kept above its frame;
 *   8. back in the caller, later, on the same hart (tasks never move),
 *      whose struct the switch back left in x2 (arch_switch's third
 *      argument); the switch's aftermath (a slot to release, a kill that
 *      came meanwhile) in C only when the hart's flag says there may be
 *      any; unlock (stlr: a release), IRQs unmasked, return.
 * The lock is held across the switch: the context switched to releases
 * it, as everywhere (see sched.h). Called from a task, so on SP_EL0:
 * arch_switch's test for a switch away from the trap stack is not needed.
 */
#include "switch_frame.h"
#include "trap_frame.h"
#include "yield_offsets.h"

/* Steps 3 and 5: x10 = the counter now, and the caller's (x3's) run time
 * brought up to it. */
.macro RUN_TIME_TO_NOW
    isb                                  /* as arch_counter: not hoisted */
    mrs     x10, cntvct_el0
    ldr     x11, [x3, #TASK_RUN_NS]
    ldr     x12, [x3, #TASK_SLICE_START]
    sub     x11, x11, x12
    add     x11, x11, x10
    str     x11, [x3, #TASK_RUN_NS]
.endm

    .section .text
    .globl aarch64_yield
    .balign 4
aarch64_yield:
    /* 1. */
    msr     daifset, #2
    /* 2. x2 = hart, x1 = the lock, w9 = 1 (also STATE_READY) */
    mrs     x2, tpidr_el1
    ldr     x2, [x2, #-TRAP_HART_PTR]
    ldr     x1, [x2, #HART_LOCK]
    mov     w9, #1
1:  ldaxr   x10, [x1]
    cbnz    x10, 2f
    stxr    w10, x9, [x1]
    cbnz    w10, 1b
    /* 3. x3 = self, x4 = next */
    ldr     x3, [x2, #HART_CURRENT]
    ldr     x4, [x2, #HART_READY_HEAD]
    ldrb    w10, [x2, #HART_SLOW_YIELD]
    cbnz    w10, 9f
    ldr     x10, [x3, #TASK_STACK_BOTTOM]
    ldp     x11, x12, [x10]
    ldp     x13, x14, [x3, #TASK_CANARY]
    cmp     x11, x13
    ccmp    x12, x14, #0, eq
    b.ne    9f
    cbz     x4, 8f
    /* 4. */
    ldr     x10, [x4, #TASK_NEXT]
    cbnz    x10, 6f                      /* more than next queued */
    stp     x3, x3, [x2, #HART_READY_HEAD] /* head and tail */
    /* 5. x10 = now */
5:  str     w9, [x3, #TASK_STATE]
    mov     w11, #STATE_RUNNING
    str     w11, [x4, #TASK_STATE]
    ldr     x11, [x4, #TASK_SWITCHES]
    add     x11, x11, #1
    str     x11, [x4, #TASK_SWITCHES]
    RUN_TIME_TO_NOW
    str     x10, [x4, #TASK_SLICE_START]
    str     x4, [x2, #HART_CURRENT]
    /* 6. */
    ldr     x11, [x2, #HART_TRACE]
    cbz     x11, 7f
    ldr     w12, [x11, #RING_HEAD]
    add     w13, w12, #1
    str     w13, [x11, #RING_HEAD]
    and     w12, w12, #(RING_EVENTS - 1)
    add     x12, x11, x12, lsl #4
    ldr     x13, [x3, #TASK_TRACE_AS_PREV]
    ldr     x14, [x4, #TASK_TRACE_AS_NEXT]
    orr     x13, x13, x14
    stp     x10, x13, [x12, #RING_EV]
    /* 7. */
7:  str     x30, [sp, #-16]!
    adr     x30, 10f
    sub     sp, sp, #SW_SIZE
    SWITCH_SAVE
    mov     x9, sp
    str     x9, [x3, #TASK_SP]
    ldr     x9, [x4, #TASK_SP]
    mov     sp, x9
    SWITCH_RESTORE
    /* 8. x2 = hart still: every switch passes it through (arch_switch) */
10: ldrb    w10, [x2, #HART_SLOW_YIELD]
    cbnz    w10, 11f
12: ldr     x30, [sp], #16
    ldr     x1, [x2, #HART_LOCK]
    stlr    xzr, [x1]
    msr     daifclr, #2
    ret
11: bl      sched_yield_aftermath
    mrs     x2, tpidr_el1
    ldr     x2, [x2, #-TRAP_HART_PTR]
    b       12b
    /* 2, the lock taken: wait as the C spinlock does
     * (arch_spin_wait_inline: wfe until the holder's release). */
2:  sevl
13: wfe
    ldxr    x10, [x1]
    cbnz    x10, 13b
    b       1b
    /* 4, with more than next queued. */
6:  str     x10, [x2, #HART_READY_HEAD]
    ldr     x11, [x2, #HART_READY_TAIL]
    str     x3, [x11, #TASK_NEXT]
    str     x3, [x2, #HART_READY_TAIL]
    str     xzr, [x4, #TASK_NEXT]
    b       5b
    /* 3, nobody else ready: the caller yielded all the same, which is
     * what the watchdog counts (watchdog_yielded). */
8:  RUN_TIME_TO_NOW
    str     x10, [x3, #TASK_SLICE_START]
    stlr    xzr, [x1]
    msr     daifclr, #2
    ret
    /* 3, the unusual: all of it in C. */
9:  stlr    xzr, [x1]
    msr     daifclr, #2
    b       sys_yield_slow
