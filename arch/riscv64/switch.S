/*
 * switch.S: the cooperative context switch. A switch is a function call, so
 * only what the calling convention says a callee must preserve is saved:
 * ra, s0-s11, plus tp, the task's thread pointer (Picolibc's errno lives
 * in TLS), and for a context that uses floating point fs0-fs11 and fcsr.
 * Everything goes on the outgoing stack; the task keeps only its stack
 * pointer.
 *
 * Floating point is lazy, keyed on sstatus.FS. A context that has never
 * executed an FP instruction runs with FS = Off and its switches skip the
 * 26 FP loads and stores. Its first FP instruction traps as illegal; the
 * trap handler (riscv_fp_first_use) zeroes the FP registers, turns FS on
 * and retries the instruction. From then on the context is an FP user: FS
 * stays on whenever it runs, and its FP state goes through every switch.
 */
#include "switch_frame.h"

#define FS_MASK 0x6000   /* sstatus.FS */

    .option push
    .option arch, +d
    .section .text
    .globl arch_switch
    .balign 4
/* void arch_switch(uintptr_t *save_sp, uintptr_t next_sp) */
arch_switch:
    addi    sp, sp, -SW_SIZE
    sd      ra, SW_RA(sp)
    sd      tp, SW_TP(sp)
    sd      s0, SW_S(0)(sp)
    sd      s1, SW_S(1)(sp)
    sd      s2, SW_S(2)(sp)
    sd      s3, SW_S(3)(sp)
    sd      s4, SW_S(4)(sp)
    sd      s5, SW_S(5)(sp)
    sd      s6, SW_S(6)(sp)
    sd      s7, SW_S(7)(sp)
    sd      s8, SW_S(8)(sp)
    sd      s9, SW_S(9)(sp)
    sd      s10, SW_S(10)(sp)
    sd      s11, SW_S(11)(sp)
    csrr    t0, sstatus         /* SD (bit 63): FS is Dirty, as it stays */
    sd      t0, SW_FP(sp)       /* for an FP user (see below) */
    bgez    t0, 1f
    fsd     fs0, SW_FS(0)(sp)
    fsd     fs1, SW_FS(1)(sp)
    fsd     fs2, SW_FS(2)(sp)
    fsd     fs3, SW_FS(3)(sp)
    fsd     fs4, SW_FS(4)(sp)
    fsd     fs5, SW_FS(5)(sp)
    fsd     fs6, SW_FS(6)(sp)
    fsd     fs7, SW_FS(7)(sp)
    fsd     fs8, SW_FS(8)(sp)
    fsd     fs9, SW_FS(9)(sp)
    fsd     fs10, SW_FS(10)(sp)
    fsd     fs11, SW_FS(11)(sp)
    frcsr   t0
    sd      t0, SW_FCSR(sp)
1:  sd      sp, 0(a0)

    mv      sp, a1
    ld      t0, SW_FP(sp)
    li      t1, FS_MASK
    csrc    sstatus, t1         /* FS = Off: a first FP instruction traps */
    bgez    t0, 3f
    csrs    sstatus, t1         /* an FP user: FS = Dirty */
    ld      t0, SW_FCSR(sp)
    fscsr   t0
    fld     fs0, SW_FS(0)(sp)
    fld     fs1, SW_FS(1)(sp)
    fld     fs2, SW_FS(2)(sp)
    fld     fs3, SW_FS(3)(sp)
    fld     fs4, SW_FS(4)(sp)
    fld     fs5, SW_FS(5)(sp)
    fld     fs6, SW_FS(6)(sp)
    fld     fs7, SW_FS(7)(sp)
    fld     fs8, SW_FS(8)(sp)
    fld     fs9, SW_FS(9)(sp)
    fld     fs10, SW_FS(10)(sp)
    fld     fs11, SW_FS(11)(sp)
3:  ld      s0, SW_S(0)(sp)
    ld      s1, SW_S(1)(sp)
    ld      s2, SW_S(2)(sp)
    ld      s3, SW_S(3)(sp)
    ld      s4, SW_S(4)(sp)
    ld      s5, SW_S(5)(sp)
    ld      s6, SW_S(6)(sp)
    ld      s7, SW_S(7)(sp)
    ld      s8, SW_S(8)(sp)
    ld      s9, SW_S(9)(sp)
    ld      s10, SW_S(10)(sp)
    ld      s11, SW_S(11)(sp)
    ld      tp, SW_TP(sp)
    ld      ra, SW_RA(sp)
    addi    sp, sp, SW_SIZE
    ret

/*
 * A new context's first switch "returns" here (arch_context_init put this
 * address in ra): s1 holds entry, s2 its argument. The frame chain starts
 * empty so backtraces end cleanly.
 */
    .globl riscv_context_start
riscv_context_start:
    mv      a0, s2
    mv      t0, s1
    li      s0, 0
    li      ra, 0
    jr      t0

/*
 * void riscv_fp_first_use(void): the FP registers and fcsr zeroed, for a
 * context about to use floating point for the first time. The caller has
 * turned FS on.
 */
    .globl riscv_fp_first_use
riscv_fp_first_use:
    fscsr   zero
    fmv.d.x f0, zero
    fmv.d.x f1, zero
    fmv.d.x f2, zero
    fmv.d.x f3, zero
    fmv.d.x f4, zero
    fmv.d.x f5, zero
    fmv.d.x f6, zero
    fmv.d.x f7, zero
    fmv.d.x f8, zero
    fmv.d.x f9, zero
    fmv.d.x f10, zero
    fmv.d.x f11, zero
    fmv.d.x f12, zero
    fmv.d.x f13, zero
    fmv.d.x f14, zero
    fmv.d.x f15, zero
    fmv.d.x f16, zero
    fmv.d.x f17, zero
    fmv.d.x f18, zero
    fmv.d.x f19, zero
    fmv.d.x f20, zero
    fmv.d.x f21, zero
    fmv.d.x f22, zero
    fmv.d.x f23, zero
    fmv.d.x f24, zero
    fmv.d.x f25, zero
    fmv.d.x f26, zero
    fmv.d.x f27, zero
    fmv.d.x f28, zero
    fmv.d.x f29, zero
    fmv.d.x f30, zero
    fmv.d.x f31, zero
    ret
    .option pop
