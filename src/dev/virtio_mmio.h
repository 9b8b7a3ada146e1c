/*
 * virtio_mmio.h: the virtio-mmio transport (the modern interface, version
 * 2) and split virtqueues. A driver (virtio_gpu.c, virtio_input.c) brings
 * its device up with virtio_dev_start, adds queues, says it is ready, then
 * puts buffer chains on a queue and takes them back, by cookie, when the
 * device has used them. The queues' memory comes from the kernel heap.
 *
 * No locking here: each driver serializes its own queues (under the
 * scheduler lock, which its interrupt handler takes too).
 */
#ifndef VIRTIO_MMIO_H
#define VIRTIO_MMIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct platform_info;

#define VIRTIO_ID_BLOCK 2
#define VIRTIO_ID_GPU 16
#define VIRTIO_ID_INPUT 18

#define VIRTIO_F_VERSION_1 (1ull << 32)

/* InterruptStatus bits. */
#define VIRTIO_IRQ_USED 1u   /* a queue has used buffers */
#define VIRTIO_IRQ_CONFIG 2u /* the configuration space changed */

struct virtio_dev {
    volatile uint32_t *regs;
    uint32_t device_id;
    unsigned irq;
    unsigned slot;           /* its index among the board's virtio windows */
};

struct virtq_desc;
struct virtq_avail;
struct virtq_used;

struct virtq {
    struct virtio_dev *dev;
    unsigned index;
    unsigned size;           /* descriptors, a power of two */
    struct virtq_desc *desc;
    struct virtq_avail *avail;
    struct virtq_used *used;
    uint16_t free_head;      /* first free descriptor, chained through next */
    uint16_t nfree;
    uint16_t last_used;      /* used.idx as far as we have consumed it */
    void **cookie;           /* per head descriptor */
};

/* One buffer of a chain: device-readable (out) or device-writable (in). */
struct virtq_buf {
    void *addr;
    uint32_t len;
    bool device_writes;
};

/*
 * Resets the device and negotiates features: the device must offer
 * VIRTIO_F_VERSION_1 and everything in `need`; of `want` it gets what it
 * offers. Returns the features accepted, or 0 with the reason logged.
 */
uint64_t virtio_dev_start(struct virtio_dev *d, uint64_t need, uint64_t want, const char *what);

/* Sets queue index up with size descriptors (fewer if the device allows
 * fewer). Returns 0, or a negative TABULA_E* code, logged. */
int virtq_init(struct virtio_dev *d, struct virtq *q, unsigned index, unsigned size,
               const char *what);

/* DRIVER_OK: the device may now use its queues. */
void virtio_dev_ready(struct virtio_dev *d);
/* FAILED: the driver gives up on it. */
void virtio_dev_fail(struct virtio_dev *d);

/* Puts a chain of n buffers (the device-readable ones first) on the queue
 * for cookie (not NULL). Returns 0, or -TABULA_ENOMEM when too few
 * descriptors are free. The device sees it at the next virtq_kick. */
int virtq_add(struct virtq *q, const struct virtq_buf *bufs, unsigned n, void *cookie);
void virtq_kick(struct virtq *q);
/* The cookie of the next chain the device has used (its descriptors are
 * free again), with the bytes it wrote in *written; NULL when none. */
void *virtq_take(struct virtq *q, uint32_t *written);
unsigned virtq_free(const struct virtq *q);

/* Reads and acknowledges the interrupt's causes (VIRTIO_IRQ_*). */
uint32_t virtio_irq_ack(struct virtio_dev *d);

/* The device-specific configuration space, read so that a change made by
 * the device during the read is not torn. */
void virtio_config_read(struct virtio_dev *d, unsigned offset, void *buf, size_t len);
void virtio_config_write8(struct virtio_dev *d, unsigned offset, uint8_t v);
void virtio_config_write32(struct virtio_dev *d, unsigned offset, uint32_t v);

/* Finds every virtio-mmio device the board has and starts its driver;
 * logs what it found and what is missing. */
void virtio_probe(const struct platform_info *p);

#endif
