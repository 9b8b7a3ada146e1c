/*
 * virtio_blk.c: virtio-blk disks (virtio 1.x, section 5.2) behind struct
 * block_device. A transfer is cut into requests of at most CHUNK bytes;
 * as many as the pool holds go on the queue at once with one kick, and the
 * caller sleeps until the interrupt has taken the last of them back (at
 * boot, with no task yet, it polls). So a long sequential read keeps the
 * host busy with several requests in flight instead of one at a time.
 *
 * Buffers are handed to the device where they lie: memory is identity
 * mapped, so a caller's buffer is one physical range. A disk the host
 * offers read-only refuses writes before they reach the queue.
 *
 * Queue operations hold the scheduler lock, which the interrupt handler
 * and the wakeups take too; one transfer at a time per disk (busy), so a
 * second caller waits its turn rather than interleaving requests.
 */
#include "virtio_blk.h"

#include <stdio.h>
#include <string.h>

#include "block.h"
#include "clock.h"
#include "irq.h"
#include "klog.h"
#include "kmem.h"
#include "sched.h"
#include "storage.h"
#include "task.h"

#define F_SIZE_MAX (1ull << 1)
#define F_SEG_MAX (1ull << 2)
#define F_RO (1ull << 5)
#define F_FLUSH (1ull << 9)

#define CFG_CAPACITY 0
#define CFG_SIZE_MAX 8

#define T_IN 0
#define T_OUT 1
#define T_FLUSH 4
#define S_OK 0

#define POOL 16                  /* requests in flight at most */
#define CHUNK (128u * 1024)      /* bytes per request at most */
#define MAX_DISKS 4

struct blk_hdr {
    uint32_t type, reserved;
    uint64_t sector;
};

struct blk_req {
    struct blk_hdr hdr;
    volatile uint8_t status;
    bool busy;
    volatile bool done;
    struct task *waiter;
};

struct blk {
    struct virtio_dev dev;
    struct virtq q;
    struct blk_req reqs[POOL];
    struct block_device bd;
    char name[16];
    bool flush_ok;
    bool busy;
    uint32_t seg_bytes;          /* one descriptor's data at most */
};

static struct blk *disks[MAX_DISKS];
static unsigned ndisks;

/* Takes back what the device has used. Lock held. */
static void reap(struct blk *b)
{
    struct blk_req *r;
    while ((r = virtq_take(&b->q, 0))) {
        r->done = true;
        sched_wake(r->waiter, WAKE_DEVICE);
    }
}

static void blk_interrupt(void *arg)
{
    struct blk *b = arg;
    virtio_irq_ack(&b->dev);
    uintptr_t saved = sched_lock();
    reap(b);
    sched_unlock(saved);
}

/* Queues one request: header, data in seg_bytes pieces, status. Lock
 * held. Returns 0 or -TABULA_ENOMEM when the queue is too full. */
static int queue(struct blk *b, struct blk_req *r, uint32_t type, uint64_t lba, void *data,
                 uint32_t bytes)
{
    struct virtq_buf bufs[2 + CHUNK / 4096];
    unsigned n = 0;
    r->hdr = (struct blk_hdr){type, 0, lba};
    r->status = 0xff;
    r->done = false;
    r->waiter = 0;
    bufs[n++] = (struct virtq_buf){&r->hdr, sizeof r->hdr, false};
    for (uint32_t off = 0; off < bytes;) {
        uint32_t len = bytes - off < b->seg_bytes ? bytes - off : b->seg_bytes;
        bufs[n++] = (struct virtq_buf){(uint8_t *)data + off, len, type == T_IN};
        off += len;
    }
    bufs[n++] = (struct virtq_buf){(void *)&r->status, 1, true};
    return virtq_add(&b->q, bufs, n, r);
}

/* Waits for r to be used. Lock held; let go while the task sleeps. */
static void wait_req(struct blk *b, struct blk_req *r)
{
    struct task *t = task_current();
    while (!r->done) {
        if (t) {
            r->waiter = t;
            sched_block(WAKE_DEVICE, UINT64_MAX);
        } else {
            reap(b); /* boot: no task to put to sleep */
        }
    }
}

/* Runs a transfer (or a flush, bytes 0) as a train of requests. */
static int transfer(struct blk *b, uint32_t type, uint64_t lba, uint8_t *data, uint64_t bytes)
{
    int rc = 0;
    uintptr_t saved = sched_lock();
    while (b->busy)
        sched_block(WAKE_DEVICE, clock_ns() + 1000000);
    b->busy = true;
    do {
        unsigned n = 0;
        while (n < POOL && (bytes || (type == T_FLUSH && n == 0))) {
            uint32_t len = bytes < CHUNK ? (uint32_t)bytes : CHUNK;
            struct blk_req *r = &b->reqs[n];
            if (queue(b, r, type, lba, data, len) < 0)
                break;
            r->busy = true;
            n++;
            lba += len / BLOCK_SECTOR;
            data += len;
            bytes -= len;
            if (type == T_FLUSH)
                break;
        }
        if (n == 0) {
            rc = -TABULA_EIO; /* a queue too small for one request: not a disk we can use */
            break;
        }
        virtq_kick(&b->q);
        for (unsigned i = 0; i < n; i++) {
            wait_req(b, &b->reqs[i]);
            b->reqs[i].busy = false;
            if (b->reqs[i].status != S_OK && rc == 0) {
                klog_write(TABULA_LOG_WARN, 0, "%s: %s of sector %llu failed (status %u)",
                           b->name, type == T_IN ? "read" : type == T_OUT ? "write" : "flush",
                           (unsigned long long)b->reqs[i].hdr.sector,
                           (unsigned)b->reqs[i].status);
                rc = -TABULA_EIO;
            }
        }
    } while (bytes && rc == 0);
    b->busy = false;
    sched_unlock(saved);
    return rc;
}

static int check(struct block_device *d, uint64_t lba, uint32_t count)
{
    if (count == 0 || lba >= d->sectors || count > d->sectors - lba)
        return -TABULA_EINVAL;
    return 0;
}

static int blk_read(struct block_device *d, uint64_t lba, uint32_t count, void *buf)
{
    int rc = check(d, lba, count);
    return rc ? rc : transfer(d->driver, T_IN, lba, buf, (uint64_t)count * BLOCK_SECTOR);
}

static int blk_write(struct block_device *d, uint64_t lba, uint32_t count, const void *buf)
{
    int rc = check(d, lba, count);
    if (rc)
        return rc;
    if (d->read_only)
        return -TABULA_EROFS;
    return transfer(d->driver, T_OUT, lba, (uint8_t *)buf, (uint64_t)count * BLOCK_SECTOR);
}

static int blk_flush(struct block_device *d)
{
    struct blk *b = d->driver;
    if (!b->flush_ok || d->read_only)
        return 0; /* the host writes through: nothing to flush */
    return transfer(b, T_FLUSH, 0, 0, 0);
}

int virtio_blk_probe(const struct virtio_dev *d)
{
    if (ndisks == MAX_DISKS) {
        klog_write(TABULA_LOG_INFO, 0, "storage: virtio-blk at slot %u not used: %u disks at most",
                   d->slot, MAX_DISKS);
        return -TABULA_ENOMEM;
    }
    struct blk *b = kzalloc(sizeof *b);
    if (!b)
        return -TABULA_ENOMEM;
    b->dev = *d;
    snprintf(b->name, sizeof b->name, "virtio-blk%u", ndisks);
    uint64_t f = virtio_dev_start(&b->dev, 0, F_SIZE_MAX | F_SEG_MAX | F_RO | F_FLUSH, b->name);
    if (!f || virtq_init(&b->dev, &b->q, 0, 128, b->name) < 0) {
        virtio_dev_fail(&b->dev);
        kfree(b);
        return -TABULA_EINVAL;
    }
    uint64_t capacity;
    virtio_config_read(&b->dev, CFG_CAPACITY, &capacity, sizeof capacity);
    b->seg_bytes = CHUNK;
    if (f & F_SIZE_MAX) {
        uint32_t size_max;
        virtio_config_read(&b->dev, CFG_SIZE_MAX, &size_max, sizeof size_max);
        if (size_max >= BLOCK_SECTOR && size_max < CHUNK)
            b->seg_bytes = size_max & ~(BLOCK_SECTOR - 1);
    }
    b->flush_ok = f & F_FLUSH;
    b->bd = (struct block_device){
        .name = b->name,
        .sectors = capacity,
        .read_only = (f & F_RO) != 0,
        .read = blk_read,
        .write = blk_write,
        .flush = blk_flush,
        .driver = b,
    };
    virtio_dev_ready(&b->dev);
    if (d->irq)
        irq_attach(d->irq, blk_interrupt, b);
    disks[ndisks++] = b;
    klog_write(TABULA_LOG_INFO, 0, "storage: %s, %llu MiB%s%s", b->name,
               (unsigned long long)(capacity * BLOCK_SECTOR >> 20),
               b->bd.read_only ? ", read-only" : "", b->flush_ok ? ", write cache" : "");
    storage_add_disk(&b->bd);
    return 0;
}
