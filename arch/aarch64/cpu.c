/*
 * cpu.c: the AArch64 side of arch.h: interrupt masking, the generic timer,
 * contexts, caches, backtraces and exception names. The kernel and tasks
 * run at EL1 on SP_EL0; traps run on SP_EL1 (see entry.S).
 */
#include <stdbool.h>
#include <string.h>

#include "arch.h"
#include "bcm2836_local.h"
#include "elf.h"
#include "hart.h"
#include "kprintf.h"
#include "switch_frame.h"
#include "sysreg.h"
#include "trap_frame.h"

uint64_t aarch64_counter_hz = 1;
uintptr_t aarch64_ram_start, aarch64_ram_end; /* bounds for stack walking */

const struct elf_target arch_elf_target = {
    .machine = ELF_EM_AARCH64,
    .reloc_relative = ELF_R_AARCH64_RELATIVE,
    .reloc_none = 0, /* R_AARCH64_NONE */
    .name = "AArch64",
};

uintptr_t arch_irq_save(void)
{
    uint64_t daif = sysreg_read(daif);
    __asm__ volatile("msr daifset, #2" ::: "memory");
    return !(daif & DAIF_I);
}

void arch_irq_restore(uintptr_t saved)
{
    if (saved)
        __asm__ volatile("msr daifclr, #2" ::: "memory");
    else
        __asm__ volatile("msr daifset, #2" ::: "memory");
}

void arch_irq_enable(void)
{
    __asm__ volatile("msr daifclr, #2" ::: "memory");
}

void arch_wait_for_interrupt(void)
{
    __asm__ volatile("dsb sy\n\twfi" ::: "memory");
}

/* TPIDR_EL1 holds the trap stack's top, the hart pointer sits just below
 * it, and SP_EL1 starts below that. Called on SP_EL0 (SPSel = 0): SP_EL1
 * can only be written from EL1 by selecting it for a moment. */
_Static_assert(TRAP_HART_PTR == 8 && TRAP_HART_PTR <= TRAP_HART_SLOT,
               "arch_inline.h's arch_hart_self_inline reads the hart 8 below the top");

void arch_hart_init(struct hart *h, uintptr_t trap_stack_top)
{
    *(struct hart **)(trap_stack_top - TRAP_HART_PTR) = h;
    sysreg_write(tpidr_el1, trap_stack_top);
    __asm__ volatile("msr spsel, #1\n\t"
                     "mov sp, %0\n\t"
                     "msr spsel, #0"
                     ::"r"(trap_stack_top - TRAP_HART_SLOT) : "memory");
}

struct hart *arch_hart_self(void)
{
    return *(struct hart **)(sysreg_read(tpidr_el1) - TRAP_HART_PTR);
}

/* Through the BCM2836's per-core mailboxes (the only board there is). */
void arch_hart_kick(struct hart *h)
{
    bcm2836_local_kick(h->id);
}

unsigned arch_hart_id(void)
{
    return arch_hart_self()->id;
}

/* The virtual counter: entry.S made it equal to the physical one. The isb
 * keeps the read from being hoisted above earlier instructions. */
uint64_t arch_counter(void)
{
    isb();
    return sysreg_read(cntvct_el0);
}

uint64_t arch_counter_hz(void)
{
    return aarch64_counter_hz;
}

/* The virtual timer fires while the counter is at or past the compare
 * value; a deadline of UINT64_MAX is never reached. */
void arch_timer_set(uint64_t deadline)
{
    sysreg_write(cntv_cval_el0, deadline);
    sysreg_write(cntv_ctl_el0, CNTV_ENABLE);
    isb();
}

void aarch64_context_start(void);

uintptr_t arch_context_init(uintptr_t stack_top, void (*entry)(void *arg),
                            void *arg, uintptr_t tls)
{
    uintptr_t sp = (stack_top - SW_SIZE) & ~(uintptr_t)15;
    uint64_t *frame = (uint64_t *)sp;
    memset(frame, 0, SW_SIZE);
    frame[SW_LR / 8] = (uintptr_t)aarch64_context_start;
    frame[SW_TPIDR / 8] = tls;
    frame[SW_X(19) / 8] = (uintptr_t)entry;
    frame[SW_X(20) / 8] = (uintptr_t)arg;
    return sp;
}

/* The smallest data and instruction cache lines (CTR_EL0), in bytes. */
static uintptr_t dcache_line(void)
{
    return 4u << ((sysreg_read(ctr_el0) >> 16) & 0xf);
}

static uintptr_t icache_line(void)
{
    return 4u << (sysreg_read(ctr_el0) & 0xf);
}

/* Freshly written code must reach the point of unification before the
 * instruction cache, invalidated, fetches it. */
void arch_sync_icache(void *start, size_t len)
{
    uintptr_t a = (uintptr_t)start, end = a + len;
    uintptr_t dl = dcache_line(), il = icache_line();
    for (uintptr_t p = a & ~(dl - 1); p < end; p += dl)
        __asm__ volatile("dc cvau, %0" ::"r"(p) : "memory");
    dsb(ish);
    for (uintptr_t p = a & ~(il - 1); p < end; p += il)
        __asm__ volatile("ic ivau, %0" ::"r"(p) : "memory");
    dsb(ish);
    isb();
}

void arch_cache_clean(const void *start, size_t len)
{
    uintptr_t a = (uintptr_t)start, end = a + len, dl = dcache_line();
    for (uintptr_t p = a & ~(dl - 1); p < end; p += dl)
        __asm__ volatile("dc cvac, %0" ::"r"(p) : "memory");
    dsb(sy);
}

void arch_cache_invalidate(void *start, size_t len)
{
    uintptr_t a = (uintptr_t)start, end = a + len, dl = dcache_line();
    for (uintptr_t p = a & ~(dl - 1); p < end; p += dl)
        __asm__ volatile("dc civac, %0" ::"r"(p) : "memory");
    dsb(sy);
}

static const char *abort_name(uint64_t esr, bool fetch)
{
    uint32_t iss = ESR_ISS(esr);
    bool write = !fetch && (iss & ISS_WNR);
    if (FSC(iss) == FSC_ALIGNMENT)
        return fetch ? "misaligned instruction fetch"
                     : write ? "misaligned store" : "misaligned load";
    if ((FSC(iss) & 0x3c) == 0x10 || (FSC(iss) & 0x3c) == 0x14)
        return fetch ? "bus error on instruction fetch"
                     : write ? "bus error on store" : "bus error on load";
    return fetch ? "instruction access fault"
                 : write ? "store access fault" : "load access fault";
}

/* The cause is ESR_EL1 for synchronous exceptions and SErrors, or one of
 * sysreg.h's CAUSE_* for interrupts. The names match RISC-V's wherever the
 * meaning does, so reports read the same on every board. */
bool arch_cause_is_memory(uint64_t cause)
{
    if (cause == CAUSE_IRQ || cause == CAUSE_FIQ)
        return false;
    switch (ESR_EC(cause)) {
    case EC_IABT_LOWER: case EC_IABT: case EC_DABT_LOWER: case EC_DABT:
        return true;
    }
    return false;
}

const char *arch_cause_name(uint64_t cause)
{
    if (cause == CAUSE_IRQ)
        return "interrupt";
    if (cause == CAUSE_FIQ)
        return "fast interrupt";
    switch (ESR_EC(cause)) {
    case EC_UNKNOWN: return "illegal instruction";
    case EC_FP_ACCESS: return "FP/SIMD access trapped";
    case EC_ILLEGAL_STATE: return "illegal execution state";
    case EC_SVC64: return "supervisor call";
    case EC_MSR: return "system register access trapped";
    case EC_IABT_LOWER:
    case EC_IABT: return abort_name(cause, true);
    case EC_PC_ALIGN: return "misaligned instruction fetch";
    case EC_DABT_LOWER:
    case EC_DABT: return abort_name(cause, false);
    case EC_SP_ALIGN: return "misaligned stack pointer";
    case EC_FP_EXC64: return "floating-point exception";
    case EC_SERROR: return "SError (asynchronous external abort)";
    case EC_BRK64: return "breakpoint";
    default: return "unknown exception";
    }
}

void arch_dump_frame(const struct trap_frame *tf)
{
    kprintf("elr  0x%016llx  esr  0x%llx (%s)\n", (unsigned long long)tf->elr,
            (unsigned long long)tf->esr, arch_cause_name(tf->esr));
    kprintf("far  0x%016llx  spsr 0x%llx  sp 0x%llx\n", (unsigned long long)tf->far,
            (unsigned long long)tf->spsr, (unsigned long long)tf->sp);
    for (int i = 0; i < 31; i += 2) {
        if (i + 1 < 31)
            kprintf("x%-2d  0x%016llx   x%-2d  0x%016llx\n", i, (unsigned long long)tf->x[i],
                    i + 1, (unsigned long long)tf->x[i + 1]);
        else
            kprintf("x%-2d  0x%016llx\n", i, (unsigned long long)tf->x[i]);
    }
}

uintptr_t arch_frame_pointer(void)
{
    return (uintptr_t)__builtin_frame_address(0);
}

/* An AArch64 frame record is {caller's x29, return address}, and x29
 * points at it. */
/* An AArch64 frame record is {caller's x29, return address} at x29. */
bool arch_frame_step(uintptr_t *fp, uintptr_t *pc, uintptr_t lo, uintptr_t hi)
{
    uintptr_t f = *fp;
    if (f & 7 || f < lo || f > hi || hi - f < 16)
        return false;
    *pc = ((uintptr_t *)f)[1];
    *fp = ((uintptr_t *)f)[0];
    return *pc != 0 && *fp > f;
}

bool arch_frame_next(uintptr_t *fp, uintptr_t *pc)
{
    /* A panic may walk a chain that runs into a guard page. */
    if (!arch_page_mapped(*fp))
        return false;
    return arch_frame_step(fp, pc, aarch64_ram_start + 4096, aarch64_ram_end);
}

/* A leaf function here builds no frame record at all: x29 is still its
 * caller's and the return address is in x30, which the portable unwinder
 * handles (src/crash.c). Nothing to recognise in memory. */
bool arch_frame_leaf(uintptr_t fp, uintptr_t lo, uintptr_t hi, uintptr_t *caller_fp)
{
    return false;
}

uintptr_t arch_frame_link(const struct trap_frame *tf)
{
    return tf->x[REG_LR];
}

void arch_frame_origin(const struct trap_frame *tf, uintptr_t *pc, uintptr_t *fp)
{
    *pc = tf->elr;
    *fp = tf->x[REG_FP];
}
