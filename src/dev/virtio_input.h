/* virtio_input.h: virtio-input keyboards, tablets and mice. */
#ifndef VIRTIO_INPUT_H
#define VIRTIO_INPUT_H

#include "virtio_mmio.h"

/* Starts the device: a keyboard feeds the console, a tablet or mouse the
 * display's pointer. Returns 0, or a negative TABULA_E* code, logged. */
int virtio_input_probe(const struct virtio_dev *d);

#endif
