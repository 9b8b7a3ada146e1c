/*
 * platform.h: what the kernel knows about the machine it booted on: RAM,
 * harts, the boot arguments, and a list of devices. The board file fills
 * it (arch/<isa>/<board>.c): virt reads its device tree through a table of
 * the devices it knows (virt_devices.c, with fdt_platform), the Pi 3 lists
 * its fixed peripherals as constants. Nothing here is shaped after one
 * board: a device is a kind, a register window, an interrupt and one
 * number, and drivers look their devices up by kind.
 */
#ifndef PLATFORM_H
#define PLATFORM_H

#include <stdbool.h>
#include <stdint.h>

#define PLATFORM_MAX_HARTS 8
#define PLATFORM_MAX_DEVICES 32
/* Devices of one kind kept; past it the highest addresses fall off. */
#define PLATFORM_MAX_SAME 8
#define PLATFORM_BOOTARGS_MAX 4096 /* qemu.sh refuses longer; the Monitor runs 1,023 bytes of exec= */

/*
 * Device kinds are the device tree's compatible strings for them, so a
 * board read from a tree and one described by hand name a device alike.
 * param is one number the kind defines, 0 when unknown:
 */
#define PLATFORM_NS16550 "ns16550a"             /* param: input clock, Hz */
#define PLATFORM_PL011 "arm,pl011"              /* param: input clock, Hz */
#define PLATFORM_PLIC "riscv,plic0"             /* param: interrupt sources (riscv,ndev) */
#define PLATFORM_BCM2835_INTC "brcm,bcm2835-armctrl-ic" /* param: interrupt sources */
#define PLATFORM_BCM2836_LOCAL "brcm,bcm2836-l1-intc"   /* per-core timers and mailboxes */
#define PLATFORM_BCM2835_MBOX "brcm,bcm2835-mbox"
#define PLATFORM_POWEROFF "syscon-poweroff"     /* the register that powers off */
#define PLATFORM_BCM2835_PM "brcm,bcm2835-pm"   /* power management: reset, power off */
#define PLATFORM_GOLDFISH_RTC "google,goldfish-rtc"
#define PLATFORM_VIRTIO_MMIO "virtio,mmio"
#define PLATFORM_BCM2835_SDHCI "brcm,bcm2835-sdhci" /* the SD card's controller */

struct platform_device {
    const char *kind;  /* one of PLATFORM_* above (a static string) */
    uint64_t base;     /* the register window */
    uint64_t size;
    uint32_t irq;      /* interrupt number at the platform's controller, 0 if none */
    uint32_t param;
};

struct platform_info {
    uint64_t ram_base;
    uint64_t ram_size;
    uint64_t timebase_hz;            /* the arch counter's frequency */
    unsigned nharts;
    uint32_t hart_ids[PLATFORM_MAX_HARTS];
    const char *hart_state[PLATFORM_MAX_HARTS]; /* "started", "stopped"..., from firmware */
    unsigned ndevices;
    struct platform_device devices[PLATFORM_MAX_DEVICES]; /* by address within a kind */
    uint64_t initrd_start, initrd_end; /* 0 if none */
    char bootargs[PLATFORM_BOOTARGS_MAX]; /* "" if none */
    char model[64];
    /* Devices the board finds by itself rather than through virtio (the
     * Pi's framebuffer and USB), probed once the heap, the log and the
     * slot arena are up; NULL when there are none. */
    void (*probe_devices)(const struct platform_info *p);
};

/* Adds a device, keeping each kind in address order. False (nothing
 * changed) when the table is full or PLATFORM_MAX_SAME of its kind at
 * lower addresses are already there. */
bool platform_add(struct platform_info *p, const struct platform_device *d);
/* The index-th device of a kind, in address order, or NULL. */
const struct platform_device *platform_device(const struct platform_info *p, const char *kind,
                                              unsigned index);
unsigned platform_count(const struct platform_info *p, const char *kind);

/* The machine the kernel booted on: set by kernel_main before anything
 * else runs, NULL before that. */
extern const struct platform_info *platform;

#endif
