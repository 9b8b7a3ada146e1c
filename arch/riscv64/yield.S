/*
 * yield.S: the yield syscall's fast path, the hottest path in the kernel
 * (syscall_table.yield on RISC-V). It does what sched_yield does for the
 * common case, a task yielding to another ready on its hart, in one
 * straight line:
 *   1. mask interrupts, remembering whether they were on;
 *   2. take the scheduler lock;
 *   3. find this hart, the caller and the next task; anything unusual
 *      (a kill pending, a not-responding mark on either, a dead canary,
 *      the watchdog tick unarmed) goes back out to the C path, sys_yield;
 *      nobody ready: unlock and return;
 *   4. requeue: the next task off the head, the caller onto the tail;
 *   5. states, the switch count, and the watchdog's times from one
 *      counter read;
 *   6. one trace event, the switch (when tracing is on);
 *   7. arch_switch, which saves the caller's registers on its stack;
 *   8. back in the caller, later: the switch's aftermath (a slot to
 *      release, a kill that came meanwhile) in C only when there is any;
 *      unlock, interrupts as they were, return.
 * The lock is held across the switch: the context switched to releases
 * it, as everywhere (see sched.h).
 */
#include "yield_offsets.h"

    .section .text
    .globl riscv_yield
    .balign 4
riscv_yield:
    /* 1. */
    csrrci  t0, sstatus, 2
    andi    t0, t0, 2
    /* 2. */
    la      t1, sched_lock_word
    li      t2, 1
1:  amoswap.d.aq t3, t2, (t1)
    bnez    t3, 1b
    /* 3. a2 = hart, a3 = self, a4 = next */
    csrr    a2, sscratch
    ld      a2, -8(a2)
    ld      a3, HART_CURRENT(a2)
    ld      a4, HART_READY_HEAD(a2)
    lhu     t3, TASK_NOT_RESPONDING(a3)  /* with kill_pending, the byte above */
    bnez    t3, 9f
    ld      t4, TASK_STACK_BOTTOM(a3)
    ld      t5, 0(t4)
    ld      t6, TASK_CANARY(a3)
    bne     t5, t6, 9f
    ld      t5, 8(t4)
    ld      t6, TASK_CANARY + 8(a3)
    bne     t5, t6, 9f
    beqz    a4, 8f
    lbu     t3, TASK_NOT_RESPONDING(a4)
    bnez    t3, 9f
    ld      t3, HART_WATCHDOG_AT(a2)
    addi    t3, t3, 1                    /* UINT64_MAX: the tick is unarmed */
    beqz    t3, 9f
    /* 4. */
    ld      t3, TASK_NEXT(a4)
    sd      t3, HART_READY_HEAD(a2)
    sd      zero, TASK_NEXT(a3)
    ld      t4, HART_READY_TAIL(a2)
    bnez    t3, 2f
    mv      t4, zero                     /* next was the only one queued */
    sd      a3, HART_READY_HEAD(a2)
2:  beqz    t4, 3f
    sd      a3, TASK_NEXT(t4)
3:  sd      a3, HART_READY_TAIL(a2)
    sd      zero, TASK_NEXT(a4)
    /* 5. */
    li      t3, STATE_READY
    sw      t3, TASK_STATE(a3)
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
    sd      t3, TASK_RUNNING_SINCE(a3)
    sd      t3, TASK_SLICE_START(a4)
    sd      t3, TASK_RUNNING_SINCE(a4)
    sd      a4, HART_CURRENT(a2)
    /* 6. word: type | arg (self's id) << 8 | task (next's id) << 40 */
    ld      t4, HART_TRACE(a2)
    beqz    t4, 4f
    li      t5, 1
    amoadd.w t5, t5, RING_HEAD(t4)
    andi    t5, t5, RING_EVENTS - 1
    slli    t5, t5, 4
    add     t5, t5, t4
    sd      t3, RING_EV(t5)
    lw      t6, TASK_ID(a3)
    slli    t6, t6, 32
    srli    t6, t6, 24
    ori     t6, t6, TRACE_SWITCH
    lhu     t4, TASK_ID(a4)
    slli    t4, t4, 40
    or      t6, t6, t4
    sd      t6, RING_EV + 8(t5)
    /* 7. */
4:  addi    sp, sp, -16
    sd      ra, 0(sp)
    sd      t0, 8(sp)
    addi    a0, a3, TASK_SP
    ld      a1, TASK_SP(a4)
    call    arch_switch
    /* 8. */
    csrr    a2, sscratch
    ld      a2, -8(a2)
    ld      t3, HART_ENDED(a2)
    ld      t4, HART_CURRENT(a2)
    lbu     t4, TASK_KILL_PENDING(t4)
    or      t3, t3, t4
    beqz    t3, 5f
    call    sched_yield_aftermath
5:  ld      ra, 0(sp)
    ld      t0, 8(sp)
    addi    sp, sp, 16
    la      t1, sched_lock_word
    amoswap.d.rl zero, zero, (t1)
    csrs    sstatus, t0
    ret
    /* 3, nobody else ready: the caller yielded all the same, which is
     * what the watchdog counts. */
8:  rdtime  t3
    sd      t3, TASK_RUNNING_SINCE(a3)
    amoswap.d.rl zero, zero, (t1)
    csrs    sstatus, t0
    ret
    /* 3, the unusual: all of it in C. */
9:  amoswap.d.rl zero, zero, (t1)
    csrs    sstatus, t0
    tail    sys_yield_slow
