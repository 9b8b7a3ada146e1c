/*
 * virt_devices.h: QEMU virt's devices, from the device tree OpenSBI hands
 * the kernel (virt_devices.c). Apart from virt.c, which boots the hart,
 * so that the host tests read real dumped trees through it.
 */
#ifndef VIRT_DEVICES_H
#define VIRT_DEVICES_H

#include <stddef.h>

#include "platform.h"

/*
 * Fills *out from the tree at dtb (see fdt_platform.h) with the devices
 * virt has, and isa with the first cpu's riscv,isa string ("" if none).
 * Returns 0 or -TABULA_E* with a message in err.
 */
int virt_describe(const void *dtb, size_t max_len, struct platform_info *out, char *isa,
                  size_t isalen, char *err, size_t errlen);

#endif
