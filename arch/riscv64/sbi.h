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
void sbi_system_reset(uint32_t type, uint32_t reason);

#define SBI_RESET_SHUTDOWN 0
#define SBI_RESET_COLD_REBOOT 1

#endif
