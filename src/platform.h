/*
 * platform.h: what the kernel knows about the machine it booted on. On
 * QEMU virt it is read from the device tree (fdt_platform in fdt.c); a board
 * without one (the Pi 3 under QEMU) fills it from constants in its board file.
 */
#ifndef PLATFORM_H
#define PLATFORM_H

#include <stdint.h>

#define PLATFORM_MAX_HARTS 8
#define PLATFORM_MAX_VIRTIO 8
#define PLATFORM_BOOTARGS_MAX 256

struct platform_mmio {
    uint64_t base;   /* 0 when absent */
    uint64_t size;
    uint32_t irq;    /* interrupt number at the platform's controller, 0 if none */
};

struct platform_info {
    uint64_t ram_base;
    uint64_t ram_size;
    uint64_t timebase_hz;            /* the arch counter's frequency */
    unsigned nharts;
    uint32_t hart_ids[PLATFORM_MAX_HARTS];
    const char *hart_state[PLATFORM_MAX_HARTS]; /* "started", "stopped"..., from firmware */
    struct platform_mmio uart;       /* ns16550a on virt */
    uint32_t uart_clock_hz;
    struct platform_mmio intc;       /* the PLIC on virt */
    uint32_t intc_ndev;              /* riscv,ndev */
    struct platform_mmio rtc;        /* goldfish-rtc on virt */
    struct platform_mmio poweroff;   /* syscon-poweroff / test device, if any */
    unsigned nvirtio;
    struct platform_mmio virtio[PLATFORM_MAX_VIRTIO];
    uint64_t initrd_start, initrd_end; /* /chosen linux,initrd-*, 0 if none */
    char bootargs[PLATFORM_BOOTARGS_MAX]; /* /chosen/bootargs, "" if none */
    char model[64];
    char cpu_isa[128];               /* the first cpu's riscv,isa, "" if none */
    /* Devices the board finds by itself rather than through virtio (the
     * Pi's framebuffer and USB), probed once the heap, the log and the
     * slot arena are up; NULL when there are none. */
    void (*probe_devices)(const struct platform_info *p);
};

#endif
