/* sysreg.h: AArch64 system register access and the bits tabula uses. */
#ifndef SYSREG_H
#define SYSREG_H

#include <stdint.h>

#define sysreg_read(name) ({ uint64_t v_; __asm__ volatile("mrs %0, " #name : "=r"(v_)); v_; })
#define sysreg_write(name, v) __asm__ volatile("msr " #name ", %0" ::"r"((uint64_t)(v)) : "memory")
#define isb() __asm__ volatile("isb" ::: "memory")
#define dsb(opt) __asm__ volatile("dsb " #opt ::: "memory")

#define DAIF_I (1ul << 7) /* IRQs masked */

/* ESR_EL1: the exception class and the parts of the syndrome we read. */
#define ESR_EC(esr) (((esr) >> 26) & 0x3f)
#define ESR_ISS(esr) ((esr) & 0x1ffffff)
#define EC_UNKNOWN 0x00       /* an undefined instruction */
#define EC_FP_ACCESS 0x07
#define EC_ILLEGAL_STATE 0x0e
#define EC_SVC64 0x15
#define EC_MSR 0x18
#define EC_IABT_LOWER 0x20
#define EC_IABT 0x21
#define EC_PC_ALIGN 0x22
#define EC_DABT_LOWER 0x24
#define EC_DABT 0x25
#define EC_SP_ALIGN 0x26
#define EC_FP_EXC64 0x2c
#define EC_SERROR 0x2f
#define EC_BRK64 0x3c
#define ISS_WNR (1u << 6)     /* a data abort on a write */
#define FSC(iss) ((iss) & 0x3f)
#define FSC_ALIGNMENT 0x21

/* Causes for traps without a syndrome, outside every real EC (EC 0x3f is
 * unallocated). */
#define CAUSE_IRQ 0xfc000001u
#define CAUSE_FIQ 0xfc000002u

/* CNTV_CTL_EL0 */
#define CNTV_ENABLE 1

#endif
