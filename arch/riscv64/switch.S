/*
 * switch.S: the cooperative context switch. A switch is a function call, so
 * only what the calling convention says a callee must preserve is saved:
 * ra, s0-s11, fs0-fs11 and fcsr, plus tp, the task's thread pointer
 * (Picolibc's errno lives in TLS). Everything goes on the outgoing stack;
 * the task keeps only its stack pointer.
 */
#include "switch_frame.h"

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
    sd      sp, 0(a0)

    mv      sp, a1
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
    ld      s0, SW_S(0)(sp)
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
    .option pop
