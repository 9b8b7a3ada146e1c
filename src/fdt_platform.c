/*
 * fdt_platform.c: a device tree into a struct platform_info (see
 * fdt_platform.h). Only what the Devicetree Specification defines is read
 * without being asked; everything board-specific comes from the caller's
 * table.
 */
#include "fdt_platform.h"

#include <stdio.h>
#include <string.h>

#include "errmsg.h"
#include "tabula.h"

int fdt_find_device(const struct fdt *f, const char *compat)
{
    int node = -1;
    while ((node = fdt_find_compatible(f, node, compat)) >= 0)
        if (fdt_is_enabled(f, node))
            return node;
    return -TABULA_ENOENT;
}

int fdt_read_device(const struct fdt *f, int node, const char *kind,
                    struct platform_device *out, char *err, size_t errlen)
{
    memset(out, 0, sizeof *out);
    out->kind = kind;
    if (fdt_reg(f, node, 0, &out->base, &out->size) != 0)
        return errmsg_invalid(err, errlen, "device tree: %s has no usable reg",
                              fdt_node_name(f, node));
    uint32_t len;
    const uint8_t *irq = fdt_prop(f, node, "interrupts", &len);
    if (irq && len >= 4)
        out->irq = (uint32_t)irq[0] << 24 | (uint32_t)irq[1] << 16 | (uint32_t)irq[2] << 8 | irq[3];
    return 0;
}

/* "memory" or "memory@80000000". */
static bool is_memory(const struct fdt *f, int node)
{
    const char *name = fdt_node_name(f, node), *type = fdt_prop_str(f, node, "device_type");
    return (strncmp(name, "memory", 6) == 0 && (name[6] == 0 || name[6] == '@')) ||
           (type && strcmp(type, "memory") == 0);
}

static int read_memory(const struct fdt *f, struct platform_info *out,
                       char *err, size_t errlen)
{
    for (int n = fdt_first_child(f, f->root); n >= 0; n = fdt_next_sibling(f, n)) {
        if (!is_memory(f, n) || !fdt_is_enabled(f, n))
            continue;
        if (fdt_reg(f, n, 0, &out->ram_base, &out->ram_size) != 0)
            return errmsg_invalid(err, errlen, "device tree: %s has no usable reg",
                        fdt_node_name(f, n));
        if (out->ram_size == 0)
            return errmsg_invalid(err, errlen, "device tree: %s has size 0",
                        fdt_node_name(f, n));
        return 0;
    }
    errmsg_invalid(err, errlen, "device tree: no /memory node");
    return -TABULA_ENOENT;
}
static int read_cpus(const struct fdt *f, struct platform_info *out,
                      char *err, size_t errlen)
{
    int cpus = fdt_find_path(f, "/cpus");
    if (cpus < 0) {
        errmsg_invalid(err, errlen, "device tree: no /cpus node");
        return -TABULA_ENOENT;
    }
    int rc = fdt_prop_u64(f, cpus, "timebase-frequency", &out->timebase_hz);
    for (int n = fdt_first_child(f, cpus); n >= 0; n = fdt_next_sibling(f, n)) {
        const char *type = fdt_prop_str(f, n, "device_type");
        if (!type || strcmp(type, "cpu") != 0)
            continue;
        if (rc == -TABULA_ENOENT)   /* the spec allows it per cpu too */
            rc = fdt_prop_u64(f, n, "timebase-frequency", &out->timebase_hz);
        if (!fdt_is_enabled(f, n))
            continue;
        uint64_t id, unused;
        if (fdt_reg(f, n, 0, &id, &unused) != 0 || id > UINT32_MAX)
            return errmsg_invalid(err, errlen, "device tree: %s has no usable reg "
                        "(hart id)", fdt_node_name(f, n));
        /* More harts than the kernel can run are left out. */
        if (out->nharts < PLATFORM_MAX_HARTS)
            out->hart_ids[out->nharts++] = (uint32_t)id;
    }
    if (rc == -TABULA_ENOENT) {
        errmsg_invalid(err, errlen, "device tree: no timebase-frequency in /cpus");
        return -TABULA_ENOENT;
    }
    if (rc != 0 || out->timebase_hz == 0)
        return errmsg_invalid(err, errlen, "device tree: /cpus timebase-frequency is "
                    "not a usable number");
    if (out->nharts == 0) {
        errmsg_invalid(err, errlen, "device tree: no enabled cpu under /cpus");
        return -TABULA_ENOENT;
    }
    return 0;
}

static int read_chosen(const struct fdt *f, struct platform_info *out,
                        char *err, size_t errlen)
{
    int chosen = fdt_find_path(f, "/chosen");
    if (chosen < 0)
        return 0;
    if (fdt_prop(f, chosen, "bootargs", NULL)) {
        const char *args = fdt_prop_str(f, chosen, "bootargs");
        if (!args)
            return errmsg_invalid(err, errlen, "device tree: /chosen bootargs is not a "
                        "string");
        size_t n = strlen(args);
        if (n >= sizeof out->bootargs)
            return errmsg_invalid(err, errlen, "device tree: /chosen bootargs is %zu "
                        "bytes; the limit is %zu", n, sizeof out->bootargs - 1);
        memcpy(out->bootargs, args, n + 1);
    }
    int rs = fdt_prop_u64(f, chosen, "linux,initrd-start", &out->initrd_start);
    int re = fdt_prop_u64(f, chosen, "linux,initrd-end", &out->initrd_end);
    if (rs == -TABULA_EINVAL || re == -TABULA_EINVAL)
        return errmsg_invalid(err, errlen, "device tree: /chosen linux,initrd-start/end "
                    "must be 32 or 64 bits");
    if (rs != re)
        return errmsg_invalid(err, errlen, "device tree: /chosen has only one of "
                    "linux,initrd-start and linux,initrd-end");
    if (out->initrd_end < out->initrd_start)
        return errmsg_invalid(err, errlen, "device tree: /chosen initrd ends (0x%llx) "
                    "before it starts (0x%llx)",
                    (unsigned long long)out->initrd_end,
                    (unsigned long long)out->initrd_start);
    return 0;
}

static bool known(const struct platform_info *p, const struct platform_device *d)
{
    const struct platform_device *have;
    for (unsigned i = 0; (have = platform_device(p, d->kind, i)); i++)
        if (have->base == d->base)
            return true;
    return false;
}

/* One walk over the tree, each node's compatible list read once and held
 * against every row: a walk per row cost some 50,000 instructions each at
 * boot on virt. */
static int read_devices(const struct fdt *f, const struct fdt_device *devices, size_t ndevices,
                        struct platform_info *out, char *err, size_t errlen)
{
    for (int node = f->root; node >= 0; node = fdt_next_node(f, node, NULL)) {
        uint32_t len;
        const char *list = fdt_prop(f, node, "compatible", &len);
        for (size_t i = 0; list && i < ndevices; i++) {
            struct platform_device d;
            int rc;
            if (!fdt_list_contains(list, len, devices[i].compatible) || !fdt_is_enabled(f, node))
                continue;
            if ((rc = fdt_read_device(f, node, devices[i].kind, &d, err, errlen)))
                return rc;
            if (devices[i].param)
                fdt_prop_u32(f, node, devices[i].param, &d.param);
            if (!known(out, &d)) /* a node may match two rows of one kind */
                platform_add(out, &d); /* a full table keeps the lowest addresses */
        }
    }
    return 0;
}

int fdt_platform(struct fdt *f, const void *blob, size_t max_len,
                 const struct fdt_device *devices, size_t ndevices,
                 struct platform_info *out, char *err, size_t errlen)
{
    memset(out, 0, sizeof *out);
    if (err && errlen)
        err[0] = 0;
    int rc = fdt_open(f, blob, max_len, err, errlen);
    if (rc)
        return rc;
    const char *model = fdt_prop_str(f, f->root, "model");
    if (model)
        snprintf(out->model, sizeof out->model, "%s", model);
    if ((rc = read_memory(f, out, err, errlen)) ||
        (rc = read_cpus(f, out, err, errlen)) ||
        (rc = read_chosen(f, out, err, errlen)) ||
        (rc = read_devices(f, devices, ndevices, out, err, errlen)))
        return rc;
    return 0;
}
