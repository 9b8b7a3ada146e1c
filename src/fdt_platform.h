/*
 * fdt_platform.h: a device tree into a struct platform_info. The tree's
 * standard nodes (the root's model, /memory, /cpus, /chosen) mean the same
 * on every board and are read here; which devices matter is the board
 * file's to say, as a table of compatible strings and the platform kinds
 * they become (virt's is arch/riscv64/virt_devices.c).
 */
#ifndef FDT_PLATFORM_H
#define FDT_PLATFORM_H

#include <stddef.h>

#include "fdt.h"
#include "platform.h"

struct fdt_device {
    const char *compatible; /* as the tree names it */
    const char *kind;       /* the PLATFORM_* it becomes */
    const char *param;      /* a 32-bit property read into param, or NULL */
};

/*
 * Fills *out from the tree: model, RAM, the timebase and the harts,
 * bootargs and initrd, and every enabled node compatible with one of the
 * ndevices entries. Devices that are missing are simply absent; a
 * missing /memory, timebase-frequency or cpu is an error, and so is a
 * listed device whose reg cannot be read. Returns 0 or -TABULA_E* with a
 * message in err; *f is the opened tree either way the open succeeds, for
 * the board to read what else it needs.
 */
int fdt_platform(struct fdt *f, const void *blob, size_t max_len,
                 const struct fdt_device *devices, size_t ndevices,
                 struct platform_info *out, char *err, size_t errlen);

/* The first enabled node compatible with compat, or -TABULA_ENOENT. */
int fdt_find_device(const struct fdt *f, const char *compat);

/* A device of kind from the node's first reg entry and first interrupt
 * cell. Returns 0 or -TABULA_EINVAL (said in err) without a usable reg. */
int fdt_read_device(const struct fdt *f, int node, const char *kind,
                    struct platform_device *out, char *err, size_t errlen);

#endif
