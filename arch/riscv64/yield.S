/*
 * yield.S: the yield syscall's fast path, the hottest path in the kernel
 * (syscall_table.yield on RISC-V). It does what sched_yield does for the
 * common case, a task yielding to another ready on its hart, in one
 * straight line:
 *   1. mask interrupts (a task always runs with them on: step 8 turns
 *      them on again);
 *   2. find this hart; take the scheduler lock;
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
 *      from the two tasks' precomputed parts;
 *   7. the switch (switch_frame.h's halves, as arch_switch), its return
 *      address step 8, the caller's ra kept above its frame;
 *   8. back in the caller, later, on the same hart (tasks never move),
 *      whose struct the switch back left in a2 (arch_switch's third
 *      argument); the switch's aftermath (a slot to release, a kill that came
 *      meanwhile) in C only when the hart's flag says there may be any;
 *      unlock, interrupts on, return.
 * The lock is held across the switch: the context switched to releases
 * it, as everywhere (see sched.h).
 */
#include "switch_frame.h"
#include "yield_offsets.h"

    .option push
    .option arch, +d
    .section .text
    .globl riscv_yield
    .balign 4
riscv_yield:
    /* 1. */
    csrci   sstatus, 2
    /* 2. a2 = hart, t1 = the lock, t2 = 1 (also STATE_READY and the
     * trace ring's increment below) */
    csrr    a2, sscratch
    ld      a2, -8(a2)
    ld      t1, HART_LOCK(a2)
    li      t2, 1
13: amoswap.d.aq t3, t2, (t1)
    bnez    t3, 14f
    /* 3. a3 = self, a4 = next */
    ld      a3, HART_CURRENT(a2)
    ld      a4, HART_READY_HEAD(a2)
    lbu     t3, HART_SLOW_YIELD(a2)
    bnez    t3, 9f
    ld      t4, TASK_STACK_BOTTOM(a3)
    ld      t5, 0(t4)
    ld      t6, TASK_CANARY(a3)
    bne     t5, t6, 9f
    ld      t5, 8(t4)
    ld      t6, TASK_CANARY + 8(a3)
    bne     t5, t6, 9f
    beqz    a4, 8f
    /* 4. */
    ld      t3, TASK_NEXT(a4)
    bnez    t3, 6f                       /* more than next queued */
    sd      a3, HART_READY_HEAD(a2)
    sd      a3, HART_READY_TAIL(a2)
    /* 5. t3 = now */
5:  sw      t2, TASK_STATE(a3)
    li      t3, STATE_RUNNING
    sw      t3, TASK_STATE(a4)
    ld      t3, TASK_SWITCHES(a4)
    addi    t3, t3, 1
    sd      t3, TASK_SWITCHES(a4)
    rdtime  t3
    ld      t4, TASK_RUN_NS(a3)
    ld      t5, TASK_SLICE_START(a3)
    sub     t4, t4, t5
    add     t4, t4, t3
    sd      t4, TASK_RUN_NS(a3)
    sd      t3, TASK_SLICE_START(a4)
    sd      a4, HART_CURRENT(a2)
    /* 6. */
    ld      t4, HART_TRACE(a2)
    beqz    t4, 7f
    amoadd.w t5, t2, RING_HEAD(t4)
    andi    t5, t5, RING_EVENTS - 1
    slli    t5, t5, 4
    add     t5, t5, t4
    sd      t3, RING_EV(t5)
    ld      t6, TASK_TRACE_AS_PREV(a3)
    ld      t4, TASK_TRACE_AS_NEXT(a4)
    or      t6, t6, t4
    sd      t6, RING_EV + 8(t5)
    /* 7. */
7:  addi    sp, sp, -(SW_SIZE + 16)
    sd      ra, SW_SIZE(sp)
    jal     ra, 10f
    /* 8. a2 = hart still: every switch passes it through (arch_switch) */
    lbu     t3, HART_SLOW_YIELD(a2)
    bnez    t3, 11f
12: ld      ra, 0(sp)
    addi    sp, sp, 16
    ld      t1, HART_LOCK(a2)
    amoswap.d.rl zero, zero, (t1)
    csrsi   sstatus, 2
    ret
11: call    sched_yield_aftermath
    csrr    a2, sscratch
    ld      a2, -8(a2)
    j       12b
    /* 7, the switch proper. */
10: sd      ra, SW_RA(sp)
    SWITCH_SAVE
    sd      sp, TASK_SP(a3)
    ld      sp, TASK_SP(a4)
    SWITCH_RESTORE
    /* 4, with more than next queued. */
6:  sd      t3, HART_READY_HEAD(a2)
    ld      t4, HART_READY_TAIL(a2)
    sd      a3, TASK_NEXT(t4)
    sd      a3, HART_READY_TAIL(a2)
    sd      zero, TASK_NEXT(a4)
    j       5b
    /* 3, nobody else ready: the caller yielded all the same, which is
     * what the watchdog counts (watchdog_yielded). */
8:  rdtime  t3
    ld      t4, TASK_RUN_NS(a3)
    ld      t5, TASK_SLICE_START(a3)
    sub     t4, t4, t5
    add     t4, t4, t3
    sd      t4, TASK_RUN_NS(a3)
    sd      t3, TASK_SLICE_START(a3)
    amoswap.d.rl zero, zero, (t1)
    csrsi   sstatus, 2
    ret
    /* 3, the unusual: all of it in C. */
9:  amoswap.d.rl zero, zero, (t1)
    csrsi   sstatus, 2
    tail    sys_yield_slow
    /* 2, the lock taken: wait as the C spinlock does
     * (arch_spin_wait_inline: wfi with SSIP pending, once SSIE is on). */
14: ld      t3, 0(t1)
    beqz    t3, 13b                      /* not 1b: SWITCH_RESTORE has a 1 */
    csrr    t3, sie
    andi    t3, t3, 2
    beqz    t3, 14b
    csrsi   sip, 2
    wfi
    j       14b
    .option pop
