/*
 * virt.c: the board file for QEMU's RISC-V virt machine. Everything about
 * the machine comes from the device tree OpenSBI passes, read through the
 * list of devices in virt_devices.c; this file sets up the boot hart and
 * the devices it needs before the kernel starts (the interrupt controller,
 * the UART), and hands over to the portable kernel.
 */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "arch.h"
#include "clock.h"
#include "console.h"
#include "csr.h"
#include "dev/uart16550.h"
#include "hart.h"
#include "klog.h"
#include "kprintf.h"
#include "main.h"
#include "plic.h"
#include "sbi.h"
#include "sched.h"
#include "task.h"
#include "virt_devices.h"

#define TRAP_STACK_SIZE 8192
#define IDLE_STACK_SIZE 16384
#define GUARD_SIZE 4096
#define FDT_MAX_SIZE (1u << 20)

extern uint64_t riscv_timebase_hz;
extern bool riscv_has_sstc;
extern uintptr_t riscv_ram_start, riscv_ram_end;
extern uint8_t riscv_boot_stack_guard[], riscv_boot_stack[];
void riscv_trap_entry(void);
void riscv_mmu_init(uint64_t ram_base, uint64_t ram_end);

static struct platform_info board;
static void virt_start_harts(const struct platform_info *p);
static char isa[128];
static struct hart harts[PLATFORM_MAX_HARTS];
/* Each trap stack sits above a guard page (the first GUARD_SIZE bytes),
 * and so does each secondary hart's idle stack (the boot hart's is in
 * entry.S). */
static uint8_t trap_stacks[PLATFORM_MAX_HARTS][GUARD_SIZE + TRAP_STACK_SIZE]
    __attribute__((section(".stacks"), aligned(4096)));
static uint8_t idle_stacks[PLATFORM_MAX_HARTS - 1][GUARD_SIZE + IDLE_STACK_SIZE]
    __attribute__((section(".stacks"), aligned(4096)));
/* Slot i's idle stack top, for riscv_secondary_start. */
uintptr_t riscv_secondary_sp[PLATFORM_MAX_HARTS];
void riscv_secondary_start(void);

/* True when the riscv,isa string names multi-letter extension ext
 * ("rv64imafdc_zicsr_sstc" has "sstc"). OpenSBI enables what it finds. */
static bool isa_has(const char *isa, const char *ext)
{
    size_t n = strlen(ext);
    for (const char *p = strchr(isa, '_'); p; p = strchr(p + 1, '_'))
        if (strncmp(p + 1, ext, n) == 0 && (p[1 + n] == '_' || p[1 + n] == 0))
            return true;
    return false;
}

/* The SBI hart state management extension's view of a hart. At boot only
 * the boot hart runs; the others wait in OpenSBI until virt_start_harts. */
static const char *hsm_state_name(long state)
{
    static const char *const names[] = {"started", "stopped", "starting", "stopping",
                                        "suspended", "suspending", "resuming"};
    return state >= 0 && state < 7 ? names[state] : "unknown";
}

void riscv_boot(unsigned long hart_id, const void *dtb)
{
    char err[128];
    struct hart *h = &harts[0];

    clock_mark_boot();
    console_set_early(sbi_console_putchar);
    csr_write(stvec, (uintptr_t)riscv_trap_entry);
    h->id = (unsigned)hart_id;
    h->trap_stack_lo = (uintptr_t)trap_stacks[0] + GUARD_SIZE;
    h->idle_stack_lo = (uintptr_t)riscv_boot_stack;
    canary_plant(h->trap_stack_lo);
    canary_plant(h->idle_stack_lo);
    arch_hart_init(h, (uintptr_t)trap_stacks[0] + GUARD_SIZE + TRAP_STACK_SIZE);
    sbi_set_timer(UINT64_MAX);

    if (virt_describe(dtb, FDT_MAX_SIZE, &board, isa, sizeof isa, err, sizeof err) < 0) {
        kprintf("tabula: cannot read the device tree at %p: %s\n", dtb, err);
        arch_power_off();
        for (;;)
            arch_wait_for_interrupt();
    }
    riscv_timebase_hz = board.timebase_hz;
    riscv_has_sstc = isa_has(isa, "sstc");
    for (unsigned i = 0; i < board.nharts; i++)
        board.hart_state[i] = hsm_state_name(sbi_hart_status(board.hart_ids[i]));
    riscv_ram_start = board.ram_base;
    riscv_ram_end = board.ram_base + board.ram_size;

    /* The identity map, with guards under this hart's stacks. */
    riscv_mmu_init(riscv_ram_start, riscv_ram_end);
    /* Every guard a hart's stacks need is placed now, before the other
     * harts start: changing the table under them needs a remote fence. */
    for (unsigned i = 0; i < PLATFORM_MAX_HARTS; i++)
        arch_page_guard((uintptr_t)trap_stacks[i]);
    for (unsigned i = 0; i + 1 < PLATFORM_MAX_HARTS; i++)
        arch_page_guard((uintptr_t)idle_stacks[i]);
    arch_page_guard((uintptr_t)riscv_boot_stack_guard);
    arch_mmu_enable_this_hart();

    /* The FPU stays off until a task's first FP instruction (switch.S). */
    csr_clear(sstatus, SSTATUS_FS_MASK);
    const struct platform_device *plic = platform_device(&board, PLATFORM_PLIC, 0);
    const struct platform_device *uart = platform_device(&board, PLATFORM_NS16550, 0);
    plic_init(plic ? plic->base : 0, plic ? plic->param : 0, h->id);
    if (uart)
        uart16550_init(uart->base, uart->irq);
    csr_set(sie, SIE_STIE | SIE_SEIE | SIE_SSIE);
    sched_init_hart(h);
    board.start_harts = virt_start_harts;
    kernel_main(&board);
}

/* A secondary hart's first C code, on its idle stack: the hart struct and
 * trap stack of its slot, the table the boot hart built, the timer off,
 * the timer and kicks (software interrupts) on; the PLIC keeps sending
 * device interrupts to the boot hart alone. Then its idle loop. */
void riscv_secondary(unsigned long hart_id, unsigned long slot)
{
    struct hart *h = &harts[slot];
    csr_write(stvec, (uintptr_t)riscv_trap_entry);
    arch_hart_init(h, (uintptr_t)trap_stacks[slot] + GUARD_SIZE + TRAP_STACK_SIZE);
    arch_mmu_enable_this_hart();
    csr_clear(sstatus, SSTATUS_FS_MASK);
    arch_timer_set(UINT64_MAX);
    csr_set(sie, SIE_STIE | SIE_SSIE);
    sched_init_hart(h);
    sched_run();
}

/* Starts the other harts one at a time, each waited for, so that hart
 * indices follow the device tree's order. */
static void virt_start_harts(const struct platform_info *p)
{
    unsigned slot = 1;
    uint64_t hz = p->timebase_hz ? p->timebase_hz : 10000000;
    for (unsigned i = 0; i < p->nharts && slot < PLATFORM_MAX_HARTS; i++) {
        unsigned id = p->hart_ids[i];
        if (id == harts[0].id)
            continue;
        struct hart *h = &harts[slot];
        h->id = id;
        h->trap_stack_lo = (uintptr_t)trap_stacks[slot] + GUARD_SIZE;
        h->idle_stack_lo = (uintptr_t)idle_stacks[slot - 1] + GUARD_SIZE;
        canary_plant(h->trap_stack_lo);
        canary_plant(h->idle_stack_lo);
        riscv_secondary_sp[slot] = h->idle_stack_lo + IDLE_STACK_SIZE;
        unsigned before = __atomic_load_n(&hart_count, __ATOMIC_ACQUIRE);
        long err = sbi_hart_start(id, (uintptr_t)riscv_secondary_start, slot);
        if (err) {
            klog_write(TABULA_LOG_WARN, 0, "hart %u: the firmware would not start it (SBI error %ld)",
                       id, err);
            continue;
        }
        /* Wait in wfi with a 1 ms timer rather than spin: under -icount
         * QEMU runs the harts in turn, and a spinning hart would keep the
         * new one from running for its whole slice. */
        uint64_t give_up = arch_counter() + hz; /* a second */
        while (__atomic_load_n(&hart_count, __ATOMIC_ACQUIRE) == before &&
               arch_counter() < give_up) {
            arch_timer_set(arch_counter() + hz / 1000);
            arch_wait_for_interrupt();
        }
        arch_timer_set(UINT64_MAX);
        if (__atomic_load_n(&hart_count, __ATOMIC_ACQUIRE) == before) {
            klog_write(TABULA_LOG_WARN, 0, "hart %u: started but never came up", id);
            continue;
        }
        slot++;
    }
}
