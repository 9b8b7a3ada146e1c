/* switch_frame.h: the layout arch_switch pushes, shared with cpu.c. */
#ifndef SWITCH_FRAME_H
#define SWITCH_FRAME_H

#define SW_X(n)    (((n) - 19) * 8) /* x19..x28 */
#define SW_FP      80               /* x29 */
#define SW_LR      88               /* x30 */
#define SW_D(n)    (96 + ((n) - 8) * 8) /* d8..d15 */
#define SW_TPIDR   160              /* TPIDR_EL0: the task's thread pointer */
#define SW_FPCR    168
#define SW_FPSR    176
#define SW_SIZE    192              /* 16-byte aligned */

#ifdef __ASSEMBLER__
/* The two halves of a switch, shared by arch_switch and yield.S's fast
 * path (which must be able to resume each other's contexts). Unlike
 * RISC-V's, they carry the FP state every time: the kernel's own Picolibc
 * (memset, the printf family's variadic prologues, qsort) uses the SIMD
 * registers, so nearly every context would be an FP user after its first
 * kernel call, and a lazy scheme would have to enable FP at every trap.
 *
 * SWITCH_SAVE: sp is the new frame, x30 the address to resume at. Uses
 * x9-x11. */
.macro SWITCH_SAVE
    stp     x19, x20, [sp, #SW_X(19)]
    stp     x21, x22, [sp, #SW_X(21)]
    stp     x23, x24, [sp, #SW_X(23)]
    stp     x25, x26, [sp, #SW_X(25)]
    stp     x27, x28, [sp, #SW_X(27)]
    stp     x29, x30, [sp, #SW_FP]
    stp     d8, d9, [sp, #SW_D(8)]
    stp     d10, d11, [sp, #SW_D(10)]
    stp     d12, d13, [sp, #SW_D(12)]
    stp     d14, d15, [sp, #SW_D(14)]
    mrs     x9, tpidr_el0
    mrs     x10, fpcr
    mrs     x11, fpsr
    str     x9, [sp, #SW_TPIDR]
    stp     x10, x11, [sp, #SW_FPCR]
.endm

/* SWITCH_RESTORE: sp is the frame of the context to resume; returns to its
 * x30 with the frame popped. It uses x9-x11 only: x2 (the hart) reaches
 * the context resumed (yield.S step 8). */
.macro SWITCH_RESTORE
    ldp     x10, x11, [sp, #SW_FPCR]
    ldr     x9, [sp, #SW_TPIDR]
    msr     fpcr, x10
    msr     fpsr, x11
    msr     tpidr_el0, x9
    ldp     d8, d9, [sp, #SW_D(8)]
    ldp     d10, d11, [sp, #SW_D(10)]
    ldp     d12, d13, [sp, #SW_D(12)]
    ldp     d14, d15, [sp, #SW_D(14)]
    ldp     x19, x20, [sp, #SW_X(19)]
    ldp     x21, x22, [sp, #SW_X(21)]
    ldp     x23, x24, [sp, #SW_X(23)]
    ldp     x25, x26, [sp, #SW_X(25)]
    ldp     x27, x28, [sp, #SW_X(27)]
    ldp     x29, x30, [sp, #SW_FP]
    add     sp, sp, #SW_SIZE
    ret
.endm
#endif

#endif
