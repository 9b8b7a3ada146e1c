/* virtio_gpu.h: the virtio-gpu 2D driver; it attaches to the display. */
#ifndef VIRTIO_GPU_H
#define VIRTIO_GPU_H

#include "virtio_mmio.h"

/* Starts the device, sets the host's preferred mode (1024 x 768 when it
 * has none) and attaches as the display. Returns 0, or a negative
 * TABULA_E* code with the reason logged. */
int virtio_gpu_probe(const struct virtio_dev *d);

#endif
