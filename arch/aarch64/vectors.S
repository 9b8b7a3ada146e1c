/*
 * vectors.S: the exception vector table (VBAR_EL1) and the trap path.
 * Each vector:
 *   1. makes room for a struct trap_frame on SP_EL1, the trap stack;
 *   2. saves x0/x1 and puts the kind of trap in x1;
 *   3. branches to the common code, which saves the other registers, the
 *      interrupted sp, the exception registers and the FP/SIMD state,
 *      plants a frame record so backtraces walk into the interrupted code,
 *      and calls aarch64_trap(frame, kind); if it returns, everything is
 *      restored and eret resumes what ran.
 * A trap that ends the running task never returns here: the C side
 * switches to another task (arch_switch resets SP_EL1) and the frame is
 * simply abandoned.
 */
#include "trap_frame.h"

.macro vector kind
    .balign 0x80
    sub     sp, sp, #TF_SIZE
    stp     x0, x1, [sp, #TF_X(0)]
    mov     x1, #(\kind)
    b       trap_save
.endm

    .section .text
    .balign 2048
    .globl aarch64_vectors
aarch64_vectors:
    /* From EL1 on SP_EL0: the kernel, the idle loop and tasks. */
    vector TRAP_KIND_SYNC
    vector TRAP_KIND_IRQ
    vector TRAP_KIND_FIQ
    vector TRAP_KIND_SERROR
    /* From EL1 on SP_EL1: inside a trap handler. */
    vector TRAP_KIND_NESTED | TRAP_KIND_SYNC
    vector TRAP_KIND_NESTED | TRAP_KIND_IRQ
    vector TRAP_KIND_NESTED | TRAP_KIND_FIQ
    vector TRAP_KIND_NESTED | TRAP_KIND_SERROR
    /* From EL0 (AArch64, then AArch32): nothing runs there. */
    vector TRAP_KIND_LOWER_EL | TRAP_KIND_SYNC
    vector TRAP_KIND_LOWER_EL | TRAP_KIND_IRQ
    vector TRAP_KIND_LOWER_EL | TRAP_KIND_FIQ
    vector TRAP_KIND_LOWER_EL | TRAP_KIND_SERROR
    vector TRAP_KIND_LOWER_EL | TRAP_KIND_SYNC
    vector TRAP_KIND_LOWER_EL | TRAP_KIND_IRQ
    vector TRAP_KIND_LOWER_EL | TRAP_KIND_FIQ
    vector TRAP_KIND_LOWER_EL | TRAP_KIND_SERROR

trap_save:
    stp     x2, x3, [sp, #TF_X(2)]
    stp     x4, x5, [sp, #TF_X(4)]
    stp     x6, x7, [sp, #TF_X(6)]
    stp     x8, x9, [sp, #TF_X(8)]
    stp     x10, x11, [sp, #TF_X(10)]
    stp     x12, x13, [sp, #TF_X(12)]
    stp     x14, x15, [sp, #TF_X(14)]
    stp     x16, x17, [sp, #TF_X(16)]
    stp     x18, x19, [sp, #TF_X(18)]
    stp     x20, x21, [sp, #TF_X(20)]
    stp     x22, x23, [sp, #TF_X(22)]
    stp     x24, x25, [sp, #TF_X(24)]
    stp     x26, x27, [sp, #TF_X(26)]
    stp     x28, x29, [sp, #TF_X(28)]
    /* The interrupted sp: SP_EL0, or SP_EL1 above this frame. */
    mrs     x2, sp_el0
    tst     x1, #TRAP_KIND_NESTED
    add     x3, sp, #TF_SIZE
    csel    x2, x3, x2, ne
    stp     x30, x2, [sp, #TF_X(30)]
    mrs     x3, elr_el1
    mrs     x4, spsr_el1
    stp     x3, x4, [sp, #TF_ELR]
    mrs     x5, esr_el1
    mrs     x6, far_el1
    stp     x5, x6, [sp, #TF_ESR]
    stp     x29, x3, [sp, #TF_FRAME]
    add     x29, sp, #TF_FRAME
    add     x9, sp, #TF_Q(0)
    st1     {v0.2d-v3.2d}, [x9], #64
    st1     {v4.2d-v7.2d}, [x9], #64
    st1     {v8.2d-v11.2d}, [x9], #64
    st1     {v12.2d-v15.2d}, [x9], #64
    st1     {v16.2d-v19.2d}, [x9], #64
    st1     {v20.2d-v23.2d}, [x9], #64
    st1     {v24.2d-v27.2d}, [x9], #64
    st1     {v28.2d-v31.2d}, [x9], #64
    mrs     x7, fpcr
    mrs     x8, fpsr
    str     x7, [sp, #TF_FPCR]
    str     x8, [sp, #TF_FPSR]

    mov     x0, sp
    bl      aarch64_trap

    ldr     x7, [sp, #TF_FPCR]
    ldr     x8, [sp, #TF_FPSR]
    msr     fpcr, x7
    msr     fpsr, x8
    add     x9, sp, #TF_Q(0)
    ld1     {v0.2d-v3.2d}, [x9], #64
    ld1     {v4.2d-v7.2d}, [x9], #64
    ld1     {v8.2d-v11.2d}, [x9], #64
    ld1     {v12.2d-v15.2d}, [x9], #64
    ld1     {v16.2d-v19.2d}, [x9], #64
    ld1     {v20.2d-v23.2d}, [x9], #64
    ld1     {v24.2d-v27.2d}, [x9], #64
    ld1     {v28.2d-v31.2d}, [x9], #64
    ldp     x3, x4, [sp, #TF_ELR]
    msr     elr_el1, x3
    msr     spsr_el1, x4
    ldp     x0, x1, [sp, #TF_X(0)]
    ldp     x2, x3, [sp, #TF_X(2)]
    ldp     x4, x5, [sp, #TF_X(4)]
    ldp     x6, x7, [sp, #TF_X(6)]
    ldp     x8, x9, [sp, #TF_X(8)]
    ldp     x10, x11, [sp, #TF_X(10)]
    ldp     x12, x13, [sp, #TF_X(12)]
    ldp     x14, x15, [sp, #TF_X(14)]
    ldp     x16, x17, [sp, #TF_X(16)]
    ldp     x18, x19, [sp, #TF_X(18)]
    ldp     x20, x21, [sp, #TF_X(20)]
    ldp     x22, x23, [sp, #TF_X(22)]
    ldp     x24, x25, [sp, #TF_X(24)]
    ldp     x26, x27, [sp, #TF_X(26)]
    ldp     x28, x29, [sp, #TF_X(28)]
    ldr     x30, [sp, #TF_X(30)]
    add     sp, sp, #TF_SIZE
    eret
