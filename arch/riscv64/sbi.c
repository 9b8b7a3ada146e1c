/*
 * sbi.c: the Supervisor Binary Interface. OpenSBI runs in M-mode beneath
 * the kernel and owns the timer compare register and power; a call is an
 * ecall with the extension id in a7 and the function id in a6.
 */
#include "sbi.h"

#define SBI_EXT_LEGACY_PUTCHAR 0x01
#define SBI_EXT_TIME 0x54494D45 /* "TIME" */
#define SBI_EXT_HSM 0x48534D    /* "HSM" */
#define SBI_EXT_SRST 0x53525354 /* "SRST" */
#define SBI_EXT_IPI 0x735049     /* "sPI" */
#define SBI_EXT_RFENCE 0x52464E43 /* "RFNC" */

struct sbi_ret sbi_call(long ext, long fid, long a0, long a1, long a2)
{
    register long r_a0 __asm__("a0") = a0;
    register long r_a1 __asm__("a1") = a1;
    register long r_a2 __asm__("a2") = a2;
    register long r_a6 __asm__("a6") = fid;
    register long r_a7 __asm__("a7") = ext;
    __asm__ volatile("ecall"
                     : "+r"(r_a0), "+r"(r_a1)
                     : "r"(r_a2), "r"(r_a6), "r"(r_a7)
                     : "memory");
    return (struct sbi_ret){r_a0, r_a1};
}

void sbi_set_timer(uint64_t deadline)
{
    sbi_call(SBI_EXT_TIME, 0, (long)deadline, 0, 0);
}

void sbi_console_putchar(char c)
{
    sbi_call(SBI_EXT_LEGACY_PUTCHAR, 0, c, 0, 0);
}

long sbi_hart_status(unsigned long hart)
{
    struct sbi_ret r = sbi_call(SBI_EXT_HSM, 2, (long)hart, 0, 0);
    return r.error ? r.error : r.value;
}

long sbi_hart_start(unsigned long hart, uintptr_t start, unsigned long opaque)
{
    return sbi_call(SBI_EXT_HSM, 0, (long)hart, (long)start, (long)opaque).error;
}

void sbi_send_ipi(unsigned long mask, unsigned long base)
{
    sbi_call(SBI_EXT_IPI, 0, (long)mask, (long)base, 0);
}

void sbi_remote_sfence_vma(unsigned long mask, unsigned long base, uintptr_t start,
                           uintptr_t size)
{
    register long r_a3 __asm__("a3") = (long)size;
    register long r_a0 __asm__("a0") = (long)mask;
    register long r_a1 __asm__("a1") = (long)base;
    register long r_a2 __asm__("a2") = (long)start;
    register long r_a6 __asm__("a6") = 1; /* remote_sfence_vma */
    register long r_a7 __asm__("a7") = SBI_EXT_RFENCE;
    __asm__ volatile("ecall"
                     : "+r"(r_a0), "+r"(r_a1)
                     : "r"(r_a2), "r"(r_a3), "r"(r_a6), "r"(r_a7)
                     : "memory");
}

void sbi_system_reset(uint32_t type, uint32_t reason)
{
    sbi_call(SBI_EXT_SRST, 0, type, reason, 0);
}
