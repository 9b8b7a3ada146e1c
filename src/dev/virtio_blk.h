/*
 * virtio_blk.h: virtio-blk disks; each found is handed to storage.c as a
 * struct block_device.
 */
#ifndef VIRTIO_BLK_H
#define VIRTIO_BLK_H

#include "virtio_mmio.h"

/* Starts the driver for d; 0, or a negative TABULA_E* code, logged. */
int virtio_blk_probe(const struct virtio_dev *d);

#endif
