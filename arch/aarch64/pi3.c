/*
 * pi3.c: the board file for the Raspberry Pi 3 (BCM2837, four Cortex-A53
 * cores) and QEMU's raspi3b. The hardware is fixed, so it is described by
 * constants; the VideoCore's mailbox says how much RAM the ARM has (the
 * rest is the GPU's), and a device tree, when the firmware or qemu.sh
 * passes one, brings the boot arguments. This file sets up the boot core
 * and its devices, then hands over to the portable kernel.
 *
 * To use another peripheral: a row in `devices` (kind, registers,
 * interrupt, param); a driver the kernel starts finds it there with
 * platform_device(), and one needed before the kernel runs is started
 * in pi3_boot like the PL011.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "arch.h"
#include "bcm2835_intc.h"
#include "bcm2836_local.h"
#include "console.h"
#include "dev/bcm2835_fb.h"
#include "dev/bcm2835_mbox.h"
#include "dev/bcm2835_pm.h"
#include "dev/bcm2835_sdhci.h"
#include "dev/bcm2835_systimer.h"
#include "dev/dwc2.h"
#include "dev/usb_kbd.h"
#include "dev/usb_pointer.h"
#include "dev/pl011.h"
#include "fdt.h"
#include "hart.h"
#include "klog.h"
#include "kprintf.h"
#include "main.h"
#include "mmu.h"
#include "sched.h"
#include "sysreg.h"
#include "task.h"
#include "trap_frame.h"

#define PERIPHERAL_BASE 0x3f000000u  /* the ARM's view of the 0x7e bus */
#define LOCAL_BASE 0x40000000u       /* BCM2836 per-core peripherals */
#define INTC_BASE (PERIPHERAL_BASE + 0xb200)
#define MBOX_BASE (PERIPHERAL_BASE + 0xb880)
#define PM_BASE (PERIPHERAL_BASE + 0x100000)
#define SDHCI_BASE (PERIPHERAL_BASE + 0x300000) /* the Arasan controller, where QEMU wires -drive if=sd */
#define SYSTIMER_BASE (PERIPHERAL_BASE + 0x3000)
#define SYSTIMER_IRQ 1               /* compare channel 1 */
#define USB_BASE (PERIPHERAL_BASE + 0x980000)
#define USB_DEVICES 8                /* followed at boot: the root port's, or a hub's */
#define GPFSEL1 (PERIPHERAL_BASE + 0x200004) /* functions of GPIO 10-19 */
#define PL011_BASE (PERIPHERAL_BASE + 0x201000)
#define PL011_IRQ 57
#define SDHCI_IRQ 62                 /* the Arasan controller's GPU line */
#define PL011_CLOCK_HZ 48000000u     /* the firmware's default init_uart_clock */
#define VC_BUS_ALIAS 0xc0000000u     /* RAM as the VideoCore sees it, uncached */
#define NCORES 4
/* If the mailbox does not answer: the split of the firmware's default
 * gpu_mem=64 on a 1 GiB board, as QEMU's raspi3b also has it. */
#define RAM_SIZE_DEFAULT 0x3c000000u
/* Cached from the start; RAM above it stays uncached until the VideoCore
 * has said where the ARM's share ends (gpu_mem can leave it as small as
 * 80 MiB). */
#define RAM_CACHED_AT_BOOT (64u << 20)
#define FDT_MAX_SIZE (1u << 20)
#define BLOCK_2M (2u << 20)

extern uint64_t aarch64_counter_hz;
extern uintptr_t aarch64_ram_start, aarch64_ram_end;
extern uint8_t aarch64_boot_stack[], aarch64_trap_stack[];
extern uint8_t aarch64_boot_stack_guard[], aarch64_trap_stack_guard[];
extern char aarch64_vectors[];

static struct platform_info board;

static const struct platform_device devices[] = {
    {PLATFORM_PL011, PL011_BASE, 0x1000, PL011_IRQ, PL011_CLOCK_HZ},
    {PLATFORM_BCM2835_INTC, INTC_BASE, 0x200, 0, 64},
    {PLATFORM_BCM2836_LOCAL, LOCAL_BASE, 0x100, 0, 0},
    {PLATFORM_BCM2835_MBOX, MBOX_BASE, 0x40, 0, 0},
    {PLATFORM_BCM2835_PM, PM_BASE, 0x1000, 0, 0},
    {PLATFORM_BCM2835_SDHCI, SDHCI_BASE, 0x100, SDHCI_IRQ, 0},
};
static struct hart harts[NCORES]; /* by core number; 0 boots */
/* The other cores' idle and trap stacks, each above a guard page. */
#define GUARD_SIZE 4096
static uint8_t idle_stacks[NCORES - 1][GUARD_SIZE + BOOT_STACK_SIZE]
    __attribute__((section(".stacks"), aligned(4096)));
static uint8_t trap_stacks[NCORES - 1][GUARD_SIZE + TRAP_STACK_SIZE]
    __attribute__((section(".stacks"), aligned(4096)));
/* Core n's idle stack top, for entry.S's secondary_el1. */
uintptr_t aarch64_secondary_sp[NCORES];
extern uint64_t aarch64_release[NCORES];
void aarch64_secondary_entry(void);
void aarch64_secondary(unsigned core);

/* The ARM's share of RAM, from the VideoCore; the default if it is silent. */
static void probe_memory(struct platform_info *p)
{
    uint32_t mem[2];
    p->ram_base = 0;
    p->ram_size = RAM_SIZE_DEFAULT;
    if (bcm2835_mbox_tag(MBOX_TAG_ARM_MEMORY, mem, 0, 2) < 0 || mem[0] != 0 ||
        mem[1] < RAM_CACHED_AT_BOOT || mem[1] > PERIPHERAL_BASE) {
        kprintf("tabula: the VideoCore did not say how much RAM the ARM has; "
                "assuming %u MiB\n", RAM_SIZE_DEFAULT >> 20);
        return;
    }
    p->ram_size = mem[1] & ~(BLOCK_2M - 1);
}

/*
 * The model and boot arguments from a device tree, if dtb holds one. The
 * tree may sit anywhere in RAM, so it is read now, before the slot arena
 * is handed out. A real Pi's firmware puts its own (Linux) words before
 * cmdline.txt's; if the whole does not fit, the end is what is kept.
 */
static void read_device_tree(const void *dtb, struct platform_info *p)
{
    struct fdt f;
    char err[96];
    if (!dtb)
        return;
    if (fdt_open(&f, dtb, FDT_MAX_SIZE, err, sizeof err) < 0) {
        kprintf("tabula: ignoring the device tree at %p: %s\n", dtb, err);
        return;
    }
    const char *model = fdt_prop_str(&f, f.root, "model");
    if (model)
        snprintf(p->model, sizeof p->model, "%s", model);
    int chosen = fdt_find_path(&f, "/chosen");
    const char *args = chosen >= 0 ? fdt_prop_str(&f, chosen, "bootargs") : 0;
    if (!args)
        return;
    size_t len = strlen(args);
    if (len >= sizeof p->bootargs) {
        args += len - (sizeof p->bootargs - 1);
        while (*args && *args != ' ')
            args++;
        while (*args == ' ')
            args++;
        kprintf("tabula: the boot arguments are %zu bytes; keeping the last %zu\n",
                len, strlen(args));
    }
    snprintf(p->bootargs, sizeof p->bootargs, "%s", args);
}

/* GPIO 14 and 15 to function ALT0, the PL011's TXD0 and RXD0. The
 * firmware does so too with dtoverlay=disable-bt; this makes it certain. */
static void pl011_pins(void)
{
    volatile uint32_t *fsel = (volatile uint32_t *)(uintptr_t)GPFSEL1;
    *fsel = (*fsel & ~(077u << 12)) | 4u << 12 | 4u << 15;
}

/* True when word stands alone in the boot arguments, before any exec=
 * (which takes the rest of the line as the Monitor's commands). */
static bool bootarg(const char *args, const char *word)
{
    size_t n = strlen(word);
    for (const char *p = args; *p;) {
        while (*p == ' ')
            p++;
        if (strncmp(p, "exec=", 5) == 0)
            return false;
        const char *end = p;
        while (*end && *end != ' ')
            end++;
        if ((size_t)(end - p) == n && strncmp(p, word, n) == 0)
            return true;
        p = end;
    }
    return false;
}

/* The framebuffer, unless the boot arguments say "nodisplay" (a Pi run
 * from its serial line alone; qemu.sh --nographic passes it, since
 * raspi3b always has the framebuffer device). */
static void probe_display(const struct platform_info *p)
{
    struct bcm2835_fb fb;
    char err[128];
    if (bootarg(p->bootargs, "nodisplay")) {
        klog_write(TABULA_LOG_INFO, 0, "display: off (nodisplay); the console is serial only");
        return;
    }
    if (bcm2835_fb_alloc(&fb, err, sizeof err) < 0) {
        klog_write(TABULA_LOG_WARN, 0, "display: %s; the console is serial only", err);
        return;
    }
    mmu_map_framebuffer((uintptr_t)fb.pixels, fb.size);
    bcm2835_fb_attach(&fb);
    klog_write(TABULA_LOG_INFO, 0, "display: VideoCore framebuffer %ux%u, pitch %u, at 0x%llx (%llu KiB)",
               (unsigned)fb.width, (unsigned)fb.height, (unsigned)fb.pitch,
               (unsigned long long)(uintptr_t)fb.pixels, (unsigned long long)(fb.size >> 10));
}

/* The USB class drivers' polls, on one timer. */
static void usb_tick(void *unused)
{
    usb_kbd_poll(0);
    usb_pointer_poll(0);
}

/* A USB keyboard and a pointing device, on the root port or the hub
 * there, polled from the system timer. */
static void probe_usb(void)
{
    static struct usb_device devices[USB_DEVICES];
    enum usb_speed speed;
    char err[96];
    struct usb_host *host = dwc2_init(USB_BASE, VC_BUS_ALIAS, &speed, err, sizeof err);
    if (!host) {
        klog_write(TABULA_LOG_INFO, 0, "usb: %s; input from the serial console only", err);
        return;
    }
    int n = usb_scan(host, speed, devices, USB_DEVICES, err, sizeof err);
    if (n < 0)
        klog_write(TABULA_LOG_WARN, 0, "usb: %s", err);
    int period = 0, keyboards = 0, pointers = 0;
    for (int i = 0; i < n; i++) {
        struct usb_device *d = &devices[i];
        char as_kbd[96] = "a keyboard is taken", as_ptr[96] = "a pointer is taken";
        const char *what = 0;
        int ms = -TABULA_ENOSYS;
        if (!keyboards && (ms = usb_kbd_attach(d, as_kbd, sizeof as_kbd)) >= 0) {
            what = "keyboard";
            keyboards++;
        } else if (!pointers && (ms = usb_pointer_attach(d, as_ptr, sizeof as_ptr)) >= 0) {
            what = "pointer";
            pointers++;
        }
        if (!what) {
            klog_write(TABULA_LOG_INFO, 0, "usb: '%s' (%04x:%04x) not used: %s; %s", d->name,
                       d->vendor, d->product, as_kbd, as_ptr);
            continue;
        }
        period = period && period < ms ? period : ms;
        klog_write(TABULA_LOG_INFO, 0, "input: USB %s '%s' (%04x:%04x), polled every %d ms",
                   what, d->name, d->vendor, d->product, ms);
    }
    if (!keyboards)
        klog_write(TABULA_LOG_INFO, 0, "input: no USB keyboard; input from the serial console only");
    if (period && bcm2835_systimer_every(SYSTIMER_BASE, SYSTIMER_IRQ, (uint32_t)period * 1000,
                                         usb_tick, 0) < 0)
        klog_write(TABULA_LOG_WARN, 0, "usb: no timer to poll the input devices with");
}

static void probe_devices(const struct platform_info *p)
{
    probe_display(p);
    probe_usb();
    const struct platform_device *sd = platform_device(p, PLATFORM_BCM2835_SDHCI, 0);
    if (sd)
        bcm2835_sdhci_probe((uintptr_t)sd->base, sd->irq);
}

/*
 * A released core's first C code, on its idle stack, MMU off. The MMU
 * first: exclusive loads and stores (every lock) need cacheable memory,
 * and the other cores see the kernel's data through their caches. Then
 * its vectors, hart struct and trap stack, its timer and mailbox at the
 * local controller, and its idle loop. Device interrupts stay on core 0.
 */
void aarch64_secondary(unsigned core)
{
    arch_mmu_enable_this_hart();
    struct hart *h = &harts[core];
    sysreg_write(vbar_el1, (uintptr_t)aarch64_vectors);
    isb();
    arch_hart_init(h, (uintptr_t)trap_stacks[core - 1] + GUARD_SIZE + TRAP_STACK_SIZE);
    arch_timer_set(UINT64_MAX);
    bcm2836_local_init_core(core);
    sched_init_hart(h);
    sched_run();
}

/* Releases cores 1-3 from the park loop one at a time, each waited for,
 * so that hart indices are core numbers. The parked core runs with its
 * MMU and caches off: what it reads (its release word, its stack top)
 * is cleaned to memory first, and its stack's top is evicted from every
 * cache, so that its own uncached writes there are not hidden by a stale
 * line once its MMU is on. */
static void pi3_start_harts(const struct platform_info *p)
{
    uint64_t hz = p->timebase_hz ? p->timebase_hz : 62500000;
    for (unsigned core = 1; core < NCORES; core++) {
        struct hart *h = &harts[core];
        h->id = core;
        h->trap_stack_lo = (uintptr_t)trap_stacks[core - 1] + GUARD_SIZE;
        h->idle_stack_lo = (uintptr_t)idle_stacks[core - 1] + GUARD_SIZE;
        canary_plant(h->trap_stack_lo);
        canary_plant(h->idle_stack_lo);
        aarch64_secondary_sp[core] = h->idle_stack_lo + BOOT_STACK_SIZE;
        arch_cache_invalidate((void *)(aarch64_secondary_sp[core] - 4096), 4096);
        arch_cache_clean(aarch64_secondary_sp, sizeof aarch64_secondary_sp);
        unsigned before = __atomic_load_n(&hart_count, __ATOMIC_ACQUIRE);
        aarch64_release[core] = (uintptr_t)aarch64_secondary_entry;
        arch_cache_clean(&aarch64_release[core], sizeof aarch64_release[core]);
        bcm2836_local_init_core(core); /* its mailbox, to end its wfi */
        bcm2836_local_kick(core);
        uint64_t give_up = arch_counter() + hz; /* a second */
        while (__atomic_load_n(&hart_count, __ATOMIC_ACQUIRE) == before &&
               arch_counter() < give_up) {
            arch_timer_set(arch_counter() + hz / 1000);
            arch_wait_for_interrupt();
        }
        arch_timer_set(UINT64_MAX);
        if (__atomic_load_n(&hart_count, __ATOMIC_ACQUIRE) == before)
            klog_write(TABULA_LOG_WARN, 0, "core %u: released but never came up", core);
    }
}

void pi3_boot(const void *dtb)
{
    struct hart *h = &harts[0];
    struct platform_info *p = &board;

    sysreg_write(vbar_el1, (uintptr_t)aarch64_vectors);
    isb();
    h->id = 0;
    h->trap_stack_lo = (uintptr_t)aarch64_trap_stack;
    h->idle_stack_lo = (uintptr_t)aarch64_boot_stack;
    canary_plant(h->trap_stack_lo);
    canary_plant(h->idle_stack_lo);
    arch_hart_init(h, (uintptr_t)aarch64_trap_stack + TRAP_STACK_SIZE);
    arch_timer_set(UINT64_MAX);
    /* Before anything takes a lock: exclusive loads and stores need
     * cacheable memory on the Pi, and with the MMU off nothing is. */
    mmu_init(RAM_CACHED_AT_BOOT, PERIPHERAL_BASE);
    arch_page_guard((uintptr_t)aarch64_boot_stack_guard);
    arch_page_guard((uintptr_t)aarch64_trap_stack_guard);
    for (unsigned i = 0; i + 1 < NCORES; i++) {
        arch_page_guard((uintptr_t)idle_stacks[i]);
        arch_page_guard((uintptr_t)trap_stacks[i]);
    }

    pl011_pins();
    pl011_early(PL011_BASE);
    console_set_early(pl011_early_put);
    bcm2835_mbox_init(MBOX_BASE, VC_BUS_ALIAS);
    bcm2835_pm_init(PM_BASE);
    probe_memory(p);
    mmu_grow_ram(p->ram_base + p->ram_size);
    aarch64_ram_start = p->ram_base;
    aarch64_ram_end = p->ram_base + p->ram_size;

    snprintf(p->model, sizeof p->model, "Raspberry Pi 3");
    read_device_tree(dtb, p);
    aarch64_counter_hz = p->timebase_hz = sysreg_read(cntfrq_el0);
    p->nharts = NCORES;
    for (unsigned i = 0; i < NCORES; i++)
        p->hart_ids[i] = i;
    for (size_t i = 0; i < sizeof devices / sizeof devices[0]; i++)
        platform_add(p, &devices[i]);
    p->probe_devices = probe_devices;
    p->start_harts = pi3_start_harts;

    bcm2835_intc_init(INTC_BASE);
    bcm2836_local_init(LOCAL_BASE, h->id);
    pl011_init(PL011_BASE, PL011_CLOCK_HZ, PL011_IRQ);
    sched_init_hart(h);
    kernel_main(p);
}

void arch_power_off(void)
{
    bcm2835_pm_reset(true);
}

void arch_reboot(void)
{
    bcm2835_pm_reset(false);
}
