/* sbi.h: the calls tabula makes to OpenSBI (SBI v0.2+ extensions). */
#ifndef SBI_H
#define SBI_H

#include <stdint.h>

struct sbi_ret {
    long error;
    long value;
};

struct sbi_ret sbi_call(long ext, long fid, long a0, long a1, long a2);
void sbi_set_timer(uint64_t deadline);
void sbi_console_putchar(char c); /* legacy extension: the earliest fallback */
long sbi_hart_status(unsigned long hart);
/* Starts a stopped hart at start (physical, S-mode, MMU off) with a0 =
 * its id and a1 = opaque; returns an SBI error code, 0 on success. */
long sbi_hart_start(unsigned long hart, uintptr_t start, unsigned long opaque);
/* Harts base + i for each bit i of mask. */
void sbi_send_ipi(unsigned long mask, unsigned long base);
void sbi_remote_sfence_vma(unsigned long mask, unsigned long base, uintptr_t start,
                           uintptr_t size);
void sbi_system_reset(uint32_t type, uint32_t reason);

#define SBI_RESET_SHUTDOWN 0
#define SBI_RESET_COLD_REBOOT 1

#endif
