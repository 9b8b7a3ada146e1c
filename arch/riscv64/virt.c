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
#include "kprintf.h"
#include "main.h"
#include "plic.h"
#include "sbi.h"
#include "sched.h"
#include "task.h"
#include "virt_devices.h"

#define TRAP_STACK_SIZE 8192
#define GUARD_SIZE 4096
#define FDT_MAX_SIZE (1u << 20)

extern uint64_t riscv_timebase_hz;
extern bool riscv_has_sstc;
extern uintptr_t riscv_ram_start, riscv_ram_end;
extern uint8_t riscv_boot_stack_guard[], riscv_boot_stack[];
void riscv_trap_entry(void);
void riscv_mmu_init(uint64_t ram_base, uint64_t ram_end);

static struct platform_info board;
static char isa[128];
static struct hart harts[PLATFORM_MAX_HARTS];
/* Each trap stack sits above a guard page (the first GUARD_SIZE bytes). */
static uint8_t trap_stacks[PLATFORM_MAX_HARTS][GUARD_SIZE + TRAP_STACK_SIZE]
    __attribute__((section(".stacks"), aligned(4096)));

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

/* The SBI hart state management extension's view of a hart. Only the boot
 * hart runs today; the others wait in OpenSBI until someone starts them. */
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
    for (unsigned i = 0; i < PLATFORM_MAX_HARTS; i++)
        arch_page_guard((uintptr_t)trap_stacks[i]);
    arch_page_guard((uintptr_t)riscv_boot_stack_guard);
    arch_mmu_enable_this_hart();

    /* The FPU stays off until a task's first FP instruction (switch.S). */
    csr_clear(sstatus, SSTATUS_FS_MASK);
    const struct platform_device *plic = platform_device(&board, PLATFORM_PLIC, 0);
    const struct platform_device *uart = platform_device(&board, PLATFORM_NS16550, 0);
    plic_init(plic ? plic->base : 0, plic ? plic->param : 0, h->id);
    if (uart)
        uart16550_init(uart->base, uart->irq);
    csr_set(sie, SIE_STIE | SIE_SEIE);
    sched_init_hart(h);
    kernel_main(&board);
}
