/*
 * trap_frame.h: the registers a trap saves, shared by vectors.S and C. The
 * offsets are defined once here and checked against the struct.
 *
 * FP/SIMD registers are saved too: the kernel's own code never uses them
 * (-mgeneral-regs-only), but Picolibc's precompiled vsnprintf and friends
 * do, and an interrupt may stop a task in the middle of its own FP work.
 */
#ifndef TRAP_FRAME_H
#define TRAP_FRAME_H

#define TF_X(n)     ((n) * 8)        /* x0..x30 */
#define TF_SP       (31 * 8)         /* the stack pointer the trap interrupted */
#define TF_ELR      (32 * 8)
#define TF_SPSR     (33 * 8)
#define TF_ESR      (34 * 8)
#define TF_FAR      (35 * 8)
#define TF_FRAME    (36 * 8)         /* frame record {x29, elr} for backtraces */
#define TF_Q(n)     (38 * 8 + (n) * 16) /* q0..q31 */
#define TF_FPCR     (TF_Q(32))
#define TF_FPSR     (TF_Q(32) + 8)
#define TF_SIZE     (TF_Q(32) + 16)  /* a multiple of 16 keeps sp aligned */

/* The trap stack's top holds a pointer to the hart's struct hart, just
 * above where the frames go (TPIDR_EL1 holds the top). */
#define TRAP_HART_SLOT 16
#define TRAP_HART_PTR  8   /* the pointer's place: this far below the top */

/* The boot core's stacks (entry.S): its idle loop and its traps. */
#define BOOT_STACK_SIZE 16384
#define TRAP_STACK_SIZE 8192

/* What vectors.S tells aarch64_trap about a trap: its type, and where it
 * came from (the SPx vectors: a trap taken while a trap was handled). */
#define TRAP_KIND_SYNC 0
#define TRAP_KIND_IRQ 1
#define TRAP_KIND_FIQ 2
#define TRAP_KIND_SERROR 3
#define TRAP_KIND_NESTED 4
#define TRAP_KIND_LOWER_EL 8

#ifndef __ASSEMBLY__
#include <stddef.h>
#include <stdint.h>

struct trap_frame {
    uint64_t x[31];
    uint64_t sp;
    uint64_t elr;
    uint64_t spsr;
    uint64_t esr;
    uint64_t far;
    uint64_t frame[2];
    __uint128_t q[32];
    uint64_t fpcr;
    uint64_t fpsr;
};

_Static_assert(offsetof(struct trap_frame, sp) == TF_SP, "sp");
_Static_assert(offsetof(struct trap_frame, elr) == TF_ELR, "elr");
_Static_assert(offsetof(struct trap_frame, spsr) == TF_SPSR, "spsr");
_Static_assert(offsetof(struct trap_frame, esr) == TF_ESR, "esr");
_Static_assert(offsetof(struct trap_frame, far) == TF_FAR, "far");
_Static_assert(offsetof(struct trap_frame, frame) == TF_FRAME, "frame");
_Static_assert(offsetof(struct trap_frame, q) == TF_Q(0), "q");
_Static_assert(offsetof(struct trap_frame, fpcr) == TF_FPCR, "fpcr");
_Static_assert(offsetof(struct trap_frame, fpsr) == TF_FPSR, "fpsr");
_Static_assert(sizeof(struct trap_frame) == TF_SIZE, "size");
_Static_assert(TF_SIZE % 16 == 0, "alignment");

#define REG_FP 29
#define REG_LR 30
#endif

#endif
