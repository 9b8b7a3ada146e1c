/*
 * trap_frame.h: the registers a trap saves, shared by trap_entry.S and C. The
 * offsets are defined once here and checked against the struct.
 */
#ifndef TRAP_FRAME_H
#define TRAP_FRAME_H

#define TF_REG(n)   ((n) * 8)       /* x0..x31; x0's slot is unused */
#define TF_SEPC     (32 * 8)
#define TF_SSTATUS  (33 * 8)
#define TF_SCAUSE   (34 * 8)
#define TF_STVAL    (35 * 8)
#define TF_SIZE     (36 * 8)        /* a multiple of 16 keeps sp aligned */

/* The trap stack's top holds a pointer to the hart's struct hart, just
 * above where the frame goes. */
#define TRAP_HART_SLOT 16

#ifndef __ASSEMBLY__
#include <stddef.h>
#include <stdint.h>

struct trap_frame {
    uint64_t regs[32];
    uint64_t sepc;
    uint64_t sstatus;
    uint64_t scause;
    uint64_t stval;
};

_Static_assert(offsetof(struct trap_frame, sepc) == TF_SEPC, "sepc");
_Static_assert(offsetof(struct trap_frame, sstatus) == TF_SSTATUS, "sstatus");
_Static_assert(offsetof(struct trap_frame, scause) == TF_SCAUSE, "scause");
_Static_assert(offsetof(struct trap_frame, stval) == TF_STVAL, "stval");
_Static_assert(sizeof(struct trap_frame) == TF_SIZE, "size");
_Static_assert(TF_SIZE % 16 == 0, "alignment");

#define REG_RA 1
#define REG_SP 2
#define REG_TP 4
#define REG_FP 8
#endif

#endif
