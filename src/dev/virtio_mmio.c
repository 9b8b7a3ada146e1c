/*
 * virtio_mmio.c: the virtio-mmio transport, version 2 (virtio 1.x, section
 * 4.2), and split virtqueues (section 2.7). QEMU's virt machine has eight
 * virtio-mmio windows; each holds a device or reads device id 0. QEMU
 * presents them as legacy (version 1) devices unless started with
 * -global virtio-mmio.force-legacy=false, which qemu.sh passes.
 *
 * Descriptors, the available ring and the used ring of a queue live in one
 * page-aligned block from the kernel heap. Memory is coherent with the
 * device on virt; the cache calls are there for boards where it is not.
 */
#include "virtio_mmio.h"

#include <string.h>

#include "arch.h"
#include "arch_inline.h"
#include "klog.h"
#include "kmem.h"
#include "platform.h"
#include "tabula.h"
#include "virtio_gpu.h"
#include "virtio_blk.h"
#include "virtio_input.h"

#define REG_MAGIC 0x000
#define REG_VERSION 0x004
#define REG_DEVICE_ID 0x008
#define REG_DEVICE_FEATURES 0x010
#define REG_DEVICE_FEATURES_SEL 0x014
#define REG_DRIVER_FEATURES 0x020
#define REG_DRIVER_FEATURES_SEL 0x024
#define REG_QUEUE_SEL 0x030
#define REG_QUEUE_NUM_MAX 0x034
#define REG_QUEUE_NUM 0x038
#define REG_QUEUE_READY 0x044
#define REG_QUEUE_NOTIFY 0x050
#define REG_INTERRUPT_STATUS 0x060
#define REG_INTERRUPT_ACK 0x064
#define REG_STATUS 0x070
#define REG_QUEUE_DESC 0x080   /* low word; high at +4 */
#define REG_QUEUE_DRIVER 0x090
#define REG_QUEUE_DEVICE 0x0a0
#define REG_CONFIG_GENERATION 0x0fc
#define REG_CONFIG 0x100

#define MAGIC 0x74726976 /* "virt" */

#define STATUS_ACKNOWLEDGE 1u
#define STATUS_DRIVER 2u
#define STATUS_DRIVER_OK 4u
#define STATUS_FEATURES_OK 8u
#define STATUS_FAILED 128u

#define DESC_F_NEXT 1u
#define DESC_F_WRITE 2u

struct virtq_desc {
    uint64_t addr;
    uint32_t len;
    uint16_t flags;
    uint16_t next;
};

struct virtq_avail {
    uint16_t flags;
    uint16_t idx;
    uint16_t ring[];
};

struct virtq_used_elem {
    uint32_t id;
    uint32_t len;
};

struct virtq_used {
    uint16_t flags;
    uint16_t idx;
    struct virtq_used_elem ring[];
};

static uint32_t rd(struct virtio_dev *d, unsigned reg)
{
    return d->regs[reg / 4];
}

static void wr(struct virtio_dev *d, unsigned reg, uint32_t v)
{
    d->regs[reg / 4] = v;
}

static void wr64(struct virtio_dev *d, unsigned reg, uint64_t v)
{
    wr(d, reg, (uint32_t)v);
    wr(d, reg + 4, (uint32_t)(v >> 32));
}

uint64_t virtio_dev_start(struct virtio_dev *d, uint64_t need, uint64_t want, const char *what)
{
    need |= VIRTIO_F_VERSION_1;
    wr(d, REG_STATUS, 0);
    wr(d, REG_STATUS, STATUS_ACKNOWLEDGE);
    wr(d, REG_STATUS, STATUS_ACKNOWLEDGE | STATUS_DRIVER);
    wr(d, REG_DEVICE_FEATURES_SEL, 0);
    uint64_t offered = rd(d, REG_DEVICE_FEATURES);
    wr(d, REG_DEVICE_FEATURES_SEL, 1);
    offered |= (uint64_t)rd(d, REG_DEVICE_FEATURES) << 32;
    if ((offered & need) != need) {
        klog_write(TABULA_LOG_WARN, 0, "%s: the device lacks features 0x%llx", what,
                   (unsigned long long)(need & ~offered));
        virtio_dev_fail(d);
        return 0;
    }
    uint64_t use = need | (want & offered);
    wr(d, REG_DRIVER_FEATURES_SEL, 0);
    wr(d, REG_DRIVER_FEATURES, (uint32_t)use);
    wr(d, REG_DRIVER_FEATURES_SEL, 1);
    wr(d, REG_DRIVER_FEATURES, (uint32_t)(use >> 32));
    wr(d, REG_STATUS, STATUS_ACKNOWLEDGE | STATUS_DRIVER | STATUS_FEATURES_OK);
    if (!(rd(d, REG_STATUS) & STATUS_FEATURES_OK)) {
        klog_write(TABULA_LOG_WARN, 0, "%s: the device refused features 0x%llx", what,
                   (unsigned long long)use);
        virtio_dev_fail(d);
        return 0;
    }
    return use;
}

int virtq_init(struct virtio_dev *d, struct virtq *q, unsigned index, unsigned size,
               const char *what)
{
    wr(d, REG_QUEUE_SEL, index);
    unsigned max = rd(d, REG_QUEUE_NUM_MAX);
    if (max == 0 || rd(d, REG_QUEUE_READY)) {
        klog_write(TABULA_LOG_WARN, 0, "%s: queue %u is missing or busy", what, index);
        return -TABULA_EINVAL;
    }
    while (size > max)
        size /= 2;
    size_t desc_bytes = 16u * size;
    size_t avail_bytes = 6u + 2u * size;
    size_t used_off = (desc_bytes + avail_bytes + 3) & ~(size_t)3;
    size_t total = used_off + 6u + 8u * size;
    uint8_t *mem = kmalloc_aligned(total, 4096);
    void **cookie = kzalloc(size * sizeof *cookie);
    if (!mem || !cookie) {
        kfree(mem);
        kfree(cookie);
        klog_write(TABULA_LOG_WARN, 0, "%s: no heap for queue %u", what, index);
        return -TABULA_ENOMEM;
    }
    memset(mem, 0, total);
    q->dev = d;
    q->index = index;
    q->size = size;
    q->desc = (struct virtq_desc *)mem;
    q->avail = (struct virtq_avail *)(mem + desc_bytes);
    q->used = (struct virtq_used *)(mem + used_off);
    q->cookie = cookie;
    for (unsigned i = 0; i < size; i++)
        q->desc[i].next = (uint16_t)(i + 1);
    q->free_head = 0;
    q->nfree = (uint16_t)size;
    q->last_used = 0;
    arch_cache_clean(mem, total);

    wr(d, REG_QUEUE_NUM, size);
    wr64(d, REG_QUEUE_DESC, (uintptr_t)q->desc);
    wr64(d, REG_QUEUE_DRIVER, (uintptr_t)q->avail);
    wr64(d, REG_QUEUE_DEVICE, (uintptr_t)q->used);
    wr(d, REG_QUEUE_READY, 1);
    return 0;
}

void virtio_dev_ready(struct virtio_dev *d)
{
    wr(d, REG_STATUS, rd(d, REG_STATUS) | STATUS_DRIVER_OK);
}

void virtio_dev_fail(struct virtio_dev *d)
{
    wr(d, REG_STATUS, rd(d, REG_STATUS) | STATUS_FAILED);
}

unsigned virtq_free(const struct virtq *q)
{
    return q->nfree;
}

int virtq_add(struct virtq *q, const struct virtq_buf *bufs, unsigned n, void *cookie)
{
    if (n == 0 || n > q->nfree)
        return -TABULA_ENOMEM;
    uint16_t head = q->free_head, i = head, last = head;
    for (unsigned k = 0; k < n; k++) {
        struct virtq_desc *dsc = &q->desc[i];
        dsc->addr = (uintptr_t)bufs[k].addr;
        dsc->len = bufs[k].len;
        dsc->flags = (uint16_t)((bufs[k].device_writes ? DESC_F_WRITE : 0) |
                                (k + 1 < n ? DESC_F_NEXT : 0));
        if (!bufs[k].device_writes)
            arch_cache_clean(bufs[k].addr, bufs[k].len);
        last = i;
        i = dsc->next;
    }
    q->free_head = q->desc[last].next;
    q->nfree = (uint16_t)(q->nfree - n);
    q->cookie[head] = cookie;
    q->avail->ring[q->avail->idx % q->size] = head;
    arch_io_barrier_inline(); /* the entry before the index that publishes it */
    q->avail->idx++;
    return 0;
}

void virtq_kick(struct virtq *q)
{
    arch_cache_clean(q->desc, (uintptr_t)q->used - (uintptr_t)q->desc);
    arch_io_barrier_inline(); /* the rings before the doorbell */
    wr(q->dev, REG_QUEUE_NOTIFY, q->index);
}

void *virtq_take(struct virtq *q, uint32_t *written)
{
    arch_cache_invalidate(q->used, 6u + 8u * q->size);
    if (q->last_used == *(volatile uint16_t *)&q->used->idx)
        return 0;
    arch_io_barrier_inline(); /* the index before the entry it covers */
    struct virtq_used_elem *e = &q->used->ring[q->last_used % q->size];
    q->last_used++;
    uint16_t head = (uint16_t)e->id;
    if (written)
        *written = e->len;
    void *cookie = q->cookie[head];
    q->cookie[head] = 0;
    /* Give the chain back to the free list. */
    uint16_t i = head;
    unsigned n = 1;
    while (q->desc[i].flags & DESC_F_NEXT) {
        i = q->desc[i].next;
        n++;
    }
    q->desc[i].next = q->free_head;
    q->free_head = head;
    q->nfree = (uint16_t)(q->nfree + n);
    return cookie;
}

uint32_t virtio_irq_ack(struct virtio_dev *d)
{
    uint32_t status = rd(d, REG_INTERRUPT_STATUS);
    if (status)
        wr(d, REG_INTERRUPT_ACK, status);
    return status;
}

void virtio_config_read(struct virtio_dev *d, unsigned offset, void *buf, size_t len)
{
    volatile uint8_t *cfg = (volatile uint8_t *)d->regs + REG_CONFIG + offset;
    uint32_t gen;
    do {
        gen = rd(d, REG_CONFIG_GENERATION);
        for (size_t i = 0; i < len; i++)
            ((uint8_t *)buf)[i] = cfg[i];
    } while (gen != rd(d, REG_CONFIG_GENERATION));
}

void virtio_config_write8(struct virtio_dev *d, unsigned offset, uint8_t v)
{
    ((volatile uint8_t *)d->regs)[REG_CONFIG + offset] = v;
}

void virtio_config_write32(struct virtio_dev *d, unsigned offset, uint32_t v)
{
    wr(d, REG_CONFIG + offset, v);
}

void virtio_probe(const struct platform_info *p)
{
    bool legacy = false;
    unsigned gpus = 0, inputs = 0;
    const struct platform_device *m;
    for (unsigned i = 0; (m = platform_device(p, PLATFORM_VIRTIO_MMIO, i)); i++) {
        struct virtio_dev d = {(volatile uint32_t *)(uintptr_t)m->base, 0, m->irq, i};
        if (!m->base || rd(&d, REG_MAGIC) != MAGIC)
            continue;
        d.device_id = rd(&d, REG_DEVICE_ID);
        if (d.device_id == 0)
            continue; /* an empty window */
        if (rd(&d, REG_VERSION) != 2) {
            legacy = true;
            continue;
        }
        if (d.device_id == VIRTIO_ID_GPU)
            gpus += virtio_gpu_probe(&d) == 0;
        else if (d.device_id == VIRTIO_ID_INPUT)
            inputs += virtio_input_probe(&d) == 0;
        else if (d.device_id == VIRTIO_ID_BLOCK)
            virtio_blk_probe(&d);
    }
    if (legacy)
        klog_write(TABULA_LOG_WARN, 0, "virtio: legacy (version 1) devices ignored; "
                   "QEMU needs -global virtio-mmio.force-legacy=false (qemu.sh passes it)");
    /* A board with no virtio transports at all (the Pi) has its own
     * display and input drivers, which say what they found. */
    if (!platform_count(p, PLATFORM_VIRTIO_MMIO))
        return;
    if (!gpus)
        klog_write(TABULA_LOG_INFO, 0, "display: no virtio-gpu device; the console is serial only");
    if (!inputs)
        klog_write(TABULA_LOG_INFO, 0, "input: no virtio keyboard or tablet; input from the serial console only");
}
