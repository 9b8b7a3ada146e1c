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
 * stays on whenever it runs, and its FP state goes through every switch;
 * the save turns FS Off again, so the restore of a context that never used
 * FP only tests its frame's word.
 */
#include "switch_frame.h"

    .option push
    .option arch, +d
    .section .text
    .globl arch_switch
    .balign 4
/* void arch_switch(uintptr_t *save_sp, uintptr_t next_sp, struct hart *h):
 * a2 (h) goes through untouched, for yield.S's step 8. */
arch_switch:
    addi    sp, sp, -SW_SIZE
    sd      ra, SW_RA(sp)
    SWITCH_SAVE
    sd      sp, 0(a0)
    mv      sp, a1
    SWITCH_RESTORE

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
