/*
 * preempt_entry.S: the way back into a preempted task (preempt.c).
 *
 * void aarch64_preempt_return(struct trap_frame *tf), interrupts masked,
 * on SP_EL0 just below tf (which sits on the task's own stack):
 *   1. restore FPCR/FPSR and q0-q31;
 *   2. put the interrupted pc and PSTATE in ELR_EL1/SPSR_EL1, so eret
 *      returns to the task with its own interrupt mask (on);
 *   3. select SP_EL1 (left at the trap stack's top by arch_switch, and
 *      untouched here) so SP_EL0 can be written: the interrupted sp;
 *   4. restore x1-x30, then x0 (the frame pointer) last, and eret.
 */
#include "trap_frame.h"

    .section .text
    .globl aarch64_preempt_return
    .balign 4
aarch64_preempt_return:
    ldr     x7, [x0, #TF_FPCR]
    ldr     x8, [x0, #TF_FPSR]
    msr     fpcr, x7
    msr     fpsr, x8
    add     x9, x0, #TF_Q(0)
    ld1     {v0.2d-v3.2d}, [x9], #64
    ld1     {v4.2d-v7.2d}, [x9], #64
    ld1     {v8.2d-v11.2d}, [x9], #64
    ld1     {v12.2d-v15.2d}, [x9], #64
    ld1     {v16.2d-v19.2d}, [x9], #64
    ld1     {v20.2d-v23.2d}, [x9], #64
    ld1     {v24.2d-v27.2d}, [x9], #64
    ld1     {v28.2d-v31.2d}, [x9], #64
    ldp     x3, x4, [x0, #TF_ELR]
    msr     elr_el1, x3
    msr     spsr_el1, x4
    msr     spsel, #1
    ldr     x2, [x0, #TF_SP]
    msr     sp_el0, x2
    ldp     x2, x3, [x0, #TF_X(2)]
    ldp     x4, x5, [x0, #TF_X(4)]
    ldp     x6, x7, [x0, #TF_X(6)]
    ldp     x8, x9, [x0, #TF_X(8)]
    ldp     x10, x11, [x0, #TF_X(10)]
    ldp     x12, x13, [x0, #TF_X(12)]
    ldp     x14, x15, [x0, #TF_X(14)]
    ldp     x16, x17, [x0, #TF_X(16)]
    ldp     x18, x19, [x0, #TF_X(18)]
    ldp     x20, x21, [x0, #TF_X(20)]
    ldp     x22, x23, [x0, #TF_X(22)]
    ldp     x24, x25, [x0, #TF_X(24)]
    ldp     x26, x27, [x0, #TF_X(26)]
    ldp     x28, x29, [x0, #TF_X(28)]
    ldr     x30, [x0, #TF_X(30)]
    ldr     x1, [x0, #TF_X(1)]
    ldr     x0, [x0, #TF_X(0)]
    eret
