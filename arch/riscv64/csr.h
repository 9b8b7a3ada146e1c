/* csr.h: supervisor CSR access and the bits tabula uses. */
#ifndef CSR_H
#define CSR_H

#include <stdint.h>

#define csr_read(name) ({ uint64_t v_; __asm__ volatile("csrr %0, " #name : "=r"(v_)); v_; })
#define csr_write(name, v) __asm__ volatile("csrw " #name ", %0" ::"rK"((uint64_t)(v)))
#define csr_set(name, v) __asm__ volatile("csrs " #name ", %0" ::"rK"((uint64_t)(v)))
#define csr_clear(name, v) __asm__ volatile("csrc " #name ", %0" ::"rK"((uint64_t)(v)))

#define SSTATUS_SIE (1ul << 1)   /* interrupts enabled in S-mode */
#define SSTATUS_SPIE (1ul << 5)  /* SIE before the trap */
#define SSTATUS_SPP (1ul << 8)   /* trapped from S-mode */
#define SSTATUS_FS_MASK (3ul << 13) /* floating point: Off, Initial, Clean, Dirty */

#define SIE_SSIE (1ul << 1)  /* software interrupts */
#define SIE_STIE (1ul << 5)  /* timer */
#define SIE_SEIE (1ul << 9)  /* external, through the PLIC */

#define SCAUSE_INTERRUPT (1ul << 63)
#define CAUSE_ILLEGAL_INSN 2
#define IRQ_S_SOFT 1
#define IRQ_S_TIMER 5
#define IRQ_S_EXTERNAL 9

#endif
