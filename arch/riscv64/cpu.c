/*
 * cpu.c: the RISC-V side of arch.h: interrupt masking, the time counter and
 * the SBI timer, contexts, backtraces, power and exception names.
 */
#include <stdbool.h>
#include <string.h>

#include "arch.h"
#include "compiler.h"
#include "csr.h"
#include "elf.h"
#include "hart.h"
#include "kprintf.h"
#include "sbi.h"
#include "switch_frame.h"
#include "trap_frame.h"

uint64_t riscv_timebase_hz = 10000000;
uintptr_t riscv_ram_start, riscv_ram_end;  /* bounds for stack walking */

const struct elf_target arch_elf_target = {
    .machine = 243, /* EM_RISCV */
    .reloc_relative = 3, /* R_RISCV_RELATIVE */
    .reloc_none = 0,
    .name = "RISC-V",
};

HOT_LEAF uintptr_t arch_irq_save(void)
{
    uint64_t s;
    __asm__ volatile("csrrci %0, sstatus, %1" : "=r"(s) : "i"(SSTATUS_SIE) : "memory");
    return s & SSTATUS_SIE;
}

HOT_LEAF void arch_irq_restore(uintptr_t saved)
{
    if (saved)
        __asm__ volatile("csrsi sstatus, %0" ::"i"(SSTATUS_SIE) : "memory");
    else
        __asm__ volatile("csrci sstatus, %0" ::"i"(SSTATUS_SIE) : "memory");
}

void arch_irq_enable(void)
{
    __asm__ volatile("csrsi sstatus, %0" ::"i"(SSTATUS_SIE) : "memory");
}

void arch_wait_for_interrupt(void)
{
    __asm__ volatile("wfi" ::: "memory");
}

void arch_hart_init(struct hart *h, uintptr_t trap_stack_top)
{
    *(struct hart **)(trap_stack_top - 8) = h;
    csr_write(sscratch, trap_stack_top);
}

/* sscratch holds the trap stack's top, also while a trap is handled; the
 * hart pointer sits just below it (TRAP_HART_SLOT in trap_frame.h). */
HOT_LEAF struct hart *arch_hart_self(void)
{
    return *(struct hart **)(csr_read(sscratch) - 8);
}

/* An SBI IPI: OpenSBI raises the supervisor software interrupt there;
 * riscv_trap clears it. */
void arch_hart_kick(struct hart *h)
{
    sbi_send_ipi(1ul << h->id, 0);
}

unsigned arch_hart_id(void)
{
    return arch_hart_self()->id;
}

HOT_LEAF uint64_t arch_counter(void)
{
    uint64_t t;
    __asm__ volatile("rdtime %0" : "=r"(t));
    return t;
}

uint64_t arch_counter_hz(void)
{
    return riscv_timebase_hz;
}

/* Set by the board when the hart has Sstc (and so stimecmp). */
bool riscv_has_sstc;

/* With Sstc the timer is one CSR write; without it, an SBI call into the
 * firmware (about 280 instructions on OpenSBI, twice per sleep). */
void arch_timer_set(uint64_t deadline)
{
    if (riscv_has_sstc)
        __asm__ volatile("csrw 0x14d, %0" ::"r"(deadline)); /* stimecmp */
    else
        sbi_set_timer(deadline);
}

void riscv_context_start(void);

uintptr_t arch_context_init(uintptr_t stack_top, void (*entry)(void *arg),
                            void *arg, uintptr_t tls)
{
    uintptr_t sp = (stack_top - SW_SIZE) & ~(uintptr_t)15;
    uint64_t *frame = (uint64_t *)sp;
    memset(frame, 0, SW_SIZE);
    frame[SW_RA / 8] = (uintptr_t)riscv_context_start;
    frame[SW_TP / 8] = tls;
    frame[SW_S(1) / 8] = (uintptr_t)entry;
    frame[SW_S(2) / 8] = (uintptr_t)arg;
    return sp;
}

void arch_sync_icache(void *start, size_t len)
{
    __asm__ volatile("fence.i" ::: "memory");
}

/* QEMU virt's devices are coherent with the harts' caches. */
void arch_cache_clean(const void *start, size_t len)
{
}

void arch_cache_invalidate(void *start, size_t len)
{
}

void arch_power_off(void)
{
    sbi_system_reset(SBI_RESET_SHUTDOWN, 0);
}

void arch_reboot(void)
{
    sbi_system_reset(SBI_RESET_COLD_REBOOT, 0);
}

const char *arch_cause_name(uint64_t cause)
{
    static const char *const names[] = {
        [0] = "misaligned instruction fetch",
        [1] = "instruction access fault",
        [2] = "illegal instruction",
        [3] = "breakpoint",
        [4] = "misaligned load",
        [5] = "load access fault",
        [6] = "misaligned store",
        [7] = "store access fault",
        [8] = "environment call from U-mode",
        [9] = "environment call from S-mode",
        [12] = "instruction page fault",
        [13] = "load page fault",
        [15] = "store page fault",
    };
    if (cause < sizeof names / sizeof names[0] && names[cause])
        return names[cause];
    return "unknown exception";
}

bool arch_cause_is_memory(uint64_t cause)
{
    switch (cause) {
    case 1: case 5: case 7:    /* access faults */
    case 12: case 13: case 15: /* page faults */
        return true;
    }
    return false;
}

void arch_dump_frame(const struct trap_frame *tf)
{
    static const char *const abi[32] = {
        "zero", "ra", "sp", "gp", "tp", "t0", "t1", "t2", "s0", "s1", "a0",
        "a1", "a2", "a3", "a4", "a5", "a6", "a7", "s2", "s3", "s4", "s5",
        "s6", "s7", "s8", "s9", "s10", "s11", "t3", "t4", "t5", "t6"};
    kprintf("sepc    0x%016llx  scause 0x%llx (%s)\n", (unsigned long long)tf->sepc,
            (unsigned long long)tf->scause, arch_cause_name(tf->scause));
    kprintf("stval   0x%016llx  sstatus 0x%llx\n", (unsigned long long)tf->stval,
            (unsigned long long)tf->sstatus);
    for (int i = 1; i < 32; i += 2)
        kprintf("%-4s 0x%016llx   %-4s 0x%016llx\n", abi[i],
                (unsigned long long)tf->regs[i], i + 1 < 32 ? abi[i + 1] : "",
                (unsigned long long)(i + 1 < 32 ? tf->regs[i + 1] : 0));
}

uintptr_t arch_frame_pointer(void)
{
    return (uintptr_t)__builtin_frame_address(0);
}

/* With frame pointers on RISC-V, s0 points just above the frame: the
 * return address is at s0-8 and the caller's s0 at s0-16. */
bool arch_frame_step(uintptr_t *fp, uintptr_t *pc, uintptr_t lo, uintptr_t hi)
{
    uintptr_t f = *fp;
    if (f & 7 || f < lo || f - lo < 16 || f > hi)
        return false;
    *pc = ((uintptr_t *)f)[-1];
    *fp = ((uintptr_t *)f)[-2];
    return *pc != 0 && *fp > f;
}

/* A leaf saves only s0, at s0-8, where others keep ra: what is there is
 * a frame pointer, above this frame, rather than a return address, below
 * every stack in code. */
bool arch_frame_leaf(uintptr_t fp, uintptr_t lo, uintptr_t hi, uintptr_t *caller_fp)
{
    if (fp & 7 || fp < lo || fp - lo < 8 || fp > hi)
        return false;
    uintptr_t saved = ((uintptr_t *)fp)[-1];
    if (saved & 7 || saved <= fp || saved > hi)
        return false;
    *caller_fp = saved;
    return true;
}

bool arch_frame_next(uintptr_t *fp, uintptr_t *pc)
{
    /* A panic may walk a chain that runs into a guard page. */
    if (!arch_page_mapped(*fp - 16))
        return false;
    return arch_frame_step(fp, pc, riscv_ram_start, riscv_ram_end);
}

void arch_frame_origin(const struct trap_frame *tf, uintptr_t *pc, uintptr_t *fp)
{
    *pc = tf->sepc;
    *fp = tf->regs[REG_FP];
}

uintptr_t arch_frame_link(const struct trap_frame *tf)
{
    return tf->regs[REG_RA];
}
