/*
 * virt_devices.c: the devices tabula uses on QEMU's RISC-V virt machine,
 * found in its device tree. To use another device: a row in `devices`
 * (the compatible string the tree gives it, the PLATFORM_* kind its
 * driver looks up, and a property to keep as param, if any); the driver
 * then finds it with platform_device(). Only what a table row cannot say
 * is read by hand below (the power-off register's indirection, the ISA
 * string).
 */
#include "virt_devices.h"

#include <stdio.h>
#include <string.h>

#include "errmsg.h"
#include "fdt_platform.h"
#include "tabula.h"

static const struct fdt_device devices[] = {
    {"ns16550a", PLATFORM_NS16550, "clock-frequency"},
    {"riscv,plic0", PLATFORM_PLIC, "riscv,ndev"},
    {"sifive,plic-1.0.0", PLATFORM_PLIC, "riscv,ndev"},
    {"google,goldfish-rtc", PLATFORM_GOLDFISH_RTC, NULL},
    {"virtio,mmio", PLATFORM_VIRTIO_MMIO, NULL},
};

/* The power-off register: a syscon-poweroff node points at its syscon by
 * phandle; without one, the SiFive test device itself. */
static int read_poweroff(const struct fdt *f, struct platform_info *out,
                         char *err, size_t errlen)
{
    struct platform_device d;
    int node = fdt_find_device(f, "syscon-poweroff");
    uint32_t phandle;
    if (node >= 0 && !fdt_prop(f, node, "reg", NULL)) {
        if (fdt_prop_u32(f, node, "regmap", &phandle) != 0)
            return errmsg_invalid(err, errlen, "device tree: %s has neither reg nor "
                        "regmap", fdt_node_name(f, node));
        int target = fdt_find_phandle(f, phandle);
        if (target < 0)
            return errmsg_invalid(err, errlen, "device tree: %s regmap 0x%x matches no "
                        "node", fdt_node_name(f, node), phandle);
        node = target;
    }
    if (node < 0)
        node = fdt_find_device(f, "sifive,test0");
    if (node < 0)
        return 0;
    int rc = fdt_read_device(f, node, PLATFORM_POWEROFF, &d, err, errlen);
    if (rc == 0)
        platform_add(out, &d);
    return rc;
}

/* The first enabled cpu's ISA string: the extensions OpenSBI enabled. */
static void read_isa(const struct fdt *f, char *isa, size_t isalen)
{
    int cpus = fdt_find_path(f, "/cpus");
    isa[0] = 0;
    for (int n = cpus < 0 ? cpus : fdt_first_child(f, cpus); n >= 0; n = fdt_next_sibling(f, n)) {
        const char *s = fdt_prop_str(f, n, "riscv,isa");
        if (s && fdt_is_enabled(f, n)) {
            snprintf(isa, isalen, "%s", s);
            return;
        }
    }
}

int virt_describe(const void *dtb, size_t max_len, struct platform_info *out, char *isa,
                  size_t isalen, char *err, size_t errlen)
{
    struct fdt f;
    int rc = fdt_platform(&f, dtb, max_len, devices, sizeof devices / sizeof devices[0], out,
                          err, errlen);
    if (rc)
        return rc;
    read_isa(&f, isa, isalen);
    return read_poweroff(&f, out, err, errlen);
}
