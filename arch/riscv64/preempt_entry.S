/*
 * preempt_entry.S: the register work of preemption (preempt.c). The kernel is
 * built without floating point, so the FP registers are saved and restored
 * here, with the D extension switched on for this file only.
 */
#include "trap_frame.h"

#define PF_FREG(n) (TF_SIZE + (n) * 8)
#define PF_FCSR    (TF_SIZE + 32 * 8)

    .option push
    .option arch, +d
    .section .text
    .globl riscv_fp_save
    .balign 4
/* void riscv_fp_save(uint64_t fregs[33]): f0-f31, then fcsr. */
riscv_fp_save:
    fsd     f0, 0*8(a0)
    fsd     f1, 1*8(a0)
    fsd     f2, 2*8(a0)
    fsd     f3, 3*8(a0)
    fsd     f4, 4*8(a0)
    fsd     f5, 5*8(a0)
    fsd     f6, 6*8(a0)
    fsd     f7, 7*8(a0)
    fsd     f8, 8*8(a0)
    fsd     f9, 9*8(a0)
    fsd     f10, 10*8(a0)
    fsd     f11, 11*8(a0)
    fsd     f12, 12*8(a0)
    fsd     f13, 13*8(a0)
    fsd     f14, 14*8(a0)
    fsd     f15, 15*8(a0)
    fsd     f16, 16*8(a0)
    fsd     f17, 17*8(a0)
    fsd     f18, 18*8(a0)
    fsd     f19, 19*8(a0)
    fsd     f20, 20*8(a0)
    fsd     f21, 21*8(a0)
    fsd     f22, 22*8(a0)
    fsd     f23, 23*8(a0)
    fsd     f24, 24*8(a0)
    fsd     f25, 25*8(a0)
    fsd     f26, 26*8(a0)
    fsd     f27, 27*8(a0)
    fsd     f28, 28*8(a0)
    fsd     f29, 29*8(a0)
    fsd     f30, 30*8(a0)
    fsd     f31, 31*8(a0)
    frcsr   t0
    sd      t0, 32*8(a0)
    ret

/*
 * void riscv_preempt_return(struct preempt_frame *pf), interrupts masked:
 *   1. put the interrupted pc and sstatus (SPP = S, SPIE = 1) back in the
 *      CSRs, so that sret returns to the task with interrupts on;
 *   2. restore the FP registers and fcsr, if the task uses the FPU;
 *   3. restore the integer registers, a0 (the frame pointer) and sp last.
 */
    .globl riscv_preempt_return
    .balign 4
riscv_preempt_return:
    ld      t0, TF_SEPC(a0)
    csrw    sepc, t0
    ld      t0, TF_SSTATUS(a0)
    csrw    sstatus, t0
    /* FP state only for a task that uses the FPU (FS on: see switch.S's
     * lazy FP); for the others FS stays Off and the registers untouched. */
    srli    t0, t0, 13
    andi    t0, t0, 3
    beqz    t0, 1f
    ld      t0, PF_FCSR(a0)
    fscsr   t0
    fld     f0, PF_FREG(0)(a0)
    fld     f1, PF_FREG(1)(a0)
    fld     f2, PF_FREG(2)(a0)
    fld     f3, PF_FREG(3)(a0)
    fld     f4, PF_FREG(4)(a0)
    fld     f5, PF_FREG(5)(a0)
    fld     f6, PF_FREG(6)(a0)
    fld     f7, PF_FREG(7)(a0)
    fld     f8, PF_FREG(8)(a0)
    fld     f9, PF_FREG(9)(a0)
    fld     f10, PF_FREG(10)(a0)
    fld     f11, PF_FREG(11)(a0)
    fld     f12, PF_FREG(12)(a0)
    fld     f13, PF_FREG(13)(a0)
    fld     f14, PF_FREG(14)(a0)
    fld     f15, PF_FREG(15)(a0)
    fld     f16, PF_FREG(16)(a0)
    fld     f17, PF_FREG(17)(a0)
    fld     f18, PF_FREG(18)(a0)
    fld     f19, PF_FREG(19)(a0)
    fld     f20, PF_FREG(20)(a0)
    fld     f21, PF_FREG(21)(a0)
    fld     f22, PF_FREG(22)(a0)
    fld     f23, PF_FREG(23)(a0)
    fld     f24, PF_FREG(24)(a0)
    fld     f25, PF_FREG(25)(a0)
    fld     f26, PF_FREG(26)(a0)
    fld     f27, PF_FREG(27)(a0)
    fld     f28, PF_FREG(28)(a0)
    fld     f29, PF_FREG(29)(a0)
    fld     f30, PF_FREG(30)(a0)
    fld     f31, PF_FREG(31)(a0)

1:

    ld      x1, TF_REG(1)(a0)
    ld      x3, TF_REG(3)(a0)
    ld      x4, TF_REG(4)(a0)
    ld      x5, TF_REG(5)(a0)
    ld      x6, TF_REG(6)(a0)
    ld      x7, TF_REG(7)(a0)
    ld      x8, TF_REG(8)(a0)
    ld      x9, TF_REG(9)(a0)
    ld      x11, TF_REG(11)(a0)
    ld      x12, TF_REG(12)(a0)
    ld      x13, TF_REG(13)(a0)
    ld      x14, TF_REG(14)(a0)
    ld      x15, TF_REG(15)(a0)
    ld      x16, TF_REG(16)(a0)
    ld      x17, TF_REG(17)(a0)
    ld      x18, TF_REG(18)(a0)
    ld      x19, TF_REG(19)(a0)
    ld      x20, TF_REG(20)(a0)
    ld      x21, TF_REG(21)(a0)
    ld      x22, TF_REG(22)(a0)
    ld      x23, TF_REG(23)(a0)
    ld      x24, TF_REG(24)(a0)
    ld      x25, TF_REG(25)(a0)
    ld      x26, TF_REG(26)(a0)
    ld      x27, TF_REG(27)(a0)
    ld      x28, TF_REG(28)(a0)
    ld      x29, TF_REG(29)(a0)
    ld      x30, TF_REG(30)(a0)
    ld      x31, TF_REG(31)(a0)
    ld      x2, TF_REG(2)(a0)
    ld      x10, TF_REG(10)(a0)
    sret
    .option pop
