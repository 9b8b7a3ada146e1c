/* switch_frame.h: the layout arch_switch pushes, shared with cpu.c. */
#ifndef SWITCH_FRAME_H
#define SWITCH_FRAME_H

#define SW_RA      0
#define SW_TP      8
#define SW_S(n)    (16 + (n) * 8)   /* s0..s11 */
#define SW_FS(n)   (112 + (n) * 8)  /* fs0..fs11, only when SW_FP has SD set */
#define SW_FCSR    208
#define SW_FP      216              /* sstatus; SD (bit 63) set: the context uses FP */
#define SW_SIZE    224              /* 16-byte aligned */

#ifdef __ASSEMBLER__
#define FS_MASK 0x6000   /* sstatus.FS */

/* The two halves of a switch, shared by arch_switch and yield.S's fast
 * path (which must be able to resume each other's contexts). FS is Off or
 * Dirty, never in between: the first-use trap sets Dirty, and the save
 * turns it Off after storing an FP user's registers. So the restore of a
 * context that does not use FP has nothing to do but test.
 *
 * SWITCH_SAVE: sp is the new frame, ra already in SW_RA. */
.macro SWITCH_SAVE
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
    sd      t0, SW_FP(sp)       /* for an FP user */
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
    li      t0, FS_MASK
    csrc    sstatus, t0         /* FS = Off for whoever runs next */
1:
.endm

/* SWITCH_RESTORE: sp is the frame of the context to resume; returns to its
 * SW_RA with the frame popped. It uses t0 and t1 only: a2 (the hart) reaches
 * the context resumed (yield.S step 8). */
.macro SWITCH_RESTORE
    ld      t0, SW_FP(sp)
    bgez    t0, 1f
    li      t1, FS_MASK
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
1:  ld      s0, SW_S(0)(sp)
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
.endm
#endif

#endif
