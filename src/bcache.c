/*
 * bcache.c: the block cache (see bcache.h). The pool is BCACHE_KIB of
 * 4 KiB blocks, found through a hash of (device, block number) and
 * evicted least recently used first. Writes stay in the pool (write-back)
 * until bcache_sync or until their block is evicted.
 *
 * A transfer of BYPASS bytes or more goes straight to the device in one
 * range, so a 16 MiB file streams at the device's pace instead of being
 * copied through the pool 4 KiB at a time; blocks of the range that the
 * pool holds are kept coherent (a read takes their dirty contents over
 * what the disk returned, a write refreshes them).
 *
 * bcache_sync writes dirty blocks in disk order. On FAT the tables lie
 * before the directories and data, so a sync cut short by a power loss
 * leaves allocated clusters nothing points at (lost clusters, which fsck
 * repairs), never a directory entry pointing at free clusters.
 *
 * Not locked: every caller holds its volume's lock (one volume per disk).
 */
#include "bcache.h"

#include <stdlib.h>
#include <string.h>

#include "kmem.h"
#include "tabula.h"

#ifndef BCACHE_KIB
#define BCACHE_KIB 1024
#endif

#define SPB 8u                          /* sectors per cache block */
#define BBYTES (SPB * BLOCK_SECTOR)
#define NBLOCKS (BCACHE_KIB * 1024u / BBYTES)
#define NHASH 1024u
#define BYPASS (64u * 1024)

struct entry {
    struct block_device *dev;           /* the device under the cache; NULL: free */
    uint64_t block;
    bool dirty;
    struct entry *prev, *next;          /* LRU: head most recent */
    struct entry *hnext;
    uint8_t *data;
};

struct layer {
    struct block_device bd;
    struct block_device *under;
    uint64_t writes_at_flush;           /* st.dev_writes at its last device flush */
};

static struct entry entries[NBLOCKS];
static struct entry *hash[NHASH];
static struct entry *lru_head, *lru_tail;
static uint8_t *pool;
static struct bcache_stats st;

static unsigned hslot(const struct block_device *dev, uint64_t block)
{
    return (unsigned)((block * 2654435761u) ^ ((uintptr_t)dev >> 4)) % NHASH;
}

static void lru_unlink(struct entry *e)
{
    if (e->prev)
        e->prev->next = e->next;
    else
        lru_head = e->next;
    if (e->next)
        e->next->prev = e->prev;
    else
        lru_tail = e->prev;
    e->prev = e->next = 0;
}

static void lru_front(struct entry *e)
{
    e->next = lru_head;
    e->prev = 0;
    if (lru_head)
        lru_head->prev = e;
    lru_head = e;
    if (!lru_tail)
        lru_tail = e;
}

static struct entry *find(struct block_device *dev, uint64_t block)
{
    for (struct entry *e = hash[hslot(dev, block)]; e; e = e->hnext)
        if (e->dev == dev && e->block == block)
            return e;
    return 0;
}

static void unhash(struct entry *e)
{
    struct entry **pp = &hash[hslot(e->dev, e->block)];
    while (*pp != e)
        pp = &(*pp)->hnext;
    *pp = e->hnext;
    e->dev = 0;
}

static int writeback(struct entry *e)
{
    int rc = e->dev->write(e->dev, e->block * SPB, SPB, e->data);
    st.dev_writes++;
    if (rc == 0) {
        e->dirty = false;
        st.dirty--;
    }
    return rc;
}

/* The block, loaded (unless the caller overwrites all of it) and made most
 * recent; NULL with *rc set when the device failed. */
static struct entry *get(struct block_device *dev, uint64_t block, bool whole, int *rc)
{
    struct entry *e = find(dev, block);
    if (e) {
        st.hits++;
        lru_unlink(e);
        lru_front(e);
        return e;
    }
    st.misses++;
    e = lru_tail;
    if (e->dev) {
        if (e->dirty && (*rc = writeback(e)) < 0)
            return 0;
        unhash(e);
    }
    if (!whole) {
        *rc = dev->read(dev, block * SPB, SPB, e->data);
        st.dev_reads++;
        if (*rc < 0)
            return 0;
    }
    e->dev = dev;
    e->block = block;
    unsigned h = hslot(dev, block);
    e->hnext = hash[h];
    hash[h] = e;
    lru_unlink(e);
    lru_front(e);
    return e;
}

/* True when [lba, lba+count) should go straight to the device: large, or
 * touching the device's last partial cache block. */
static bool direct(struct block_device *u, uint64_t lba, uint32_t count)
{
    return (uint64_t)count * BLOCK_SECTOR >= BYPASS || lba + count > u->sectors / SPB * SPB;
}

static int range_ok(struct block_device *u, uint64_t lba, uint32_t count)
{
    return count && lba < u->sectors && count <= u->sectors - lba ? 0 : -TABULA_EINVAL;
}

static int c_read(struct block_device *d, uint64_t lba, uint32_t count, void *buf)
{
    struct block_device *u = ((struct layer *)d->driver)->under;
    int rc = range_ok(u, lba, count);
    if (rc)
        return rc;
    st.read_bytes += (uint64_t)count * BLOCK_SECTOR;
    uint8_t *out = buf;
    if (direct(u, lba, count)) {
        rc = u->read(u, lba, count, buf);
        st.dev_reads++;
        if (rc < 0)
            return rc;
        for (uint64_t b = lba / SPB; b * SPB < lba + count; b++) {
            struct entry *e = find(u, b);
            if (!e || !e->dirty)
                continue;
            uint64_t from = b * SPB > lba ? b * SPB : lba;
            uint64_t to = (b + 1) * SPB < lba + count ? (b + 1) * SPB : lba + count;
            memcpy(out + (from - lba) * BLOCK_SECTOR, e->data + (from - b * SPB) * BLOCK_SECTOR,
                   (to - from) * BLOCK_SECTOR);
        }
        return 0;
    }
    while (count) {
        uint64_t b = lba / SPB;
        uint32_t off = (uint32_t)(lba % SPB), n = SPB - off < count ? SPB - off : count;
        struct entry *e = get(u, b, false, &rc);
        if (!e)
            return rc;
        memcpy(out, e->data + off * BLOCK_SECTOR, n * BLOCK_SECTOR);
        out += n * BLOCK_SECTOR;
        lba += n;
        count -= n;
    }
    return 0;
}

static int c_write(struct block_device *d, uint64_t lba, uint32_t count, const void *buf)
{
    struct block_device *u = ((struct layer *)d->driver)->under;
    int rc = range_ok(u, lba, count);
    if (rc)
        return rc;
    if (u->read_only)
        return -TABULA_EROFS;
    st.write_bytes += (uint64_t)count * BLOCK_SECTOR;
    const uint8_t *in = buf;
    if (direct(u, lba, count)) {
        rc = u->write(u, lba, count, buf);
        st.dev_writes++;
        if (rc < 0)
            return rc;
        for (uint64_t b = lba / SPB; b * SPB < lba + count; b++) {
            struct entry *e = find(u, b);
            if (!e)
                continue;
            uint64_t from = b * SPB > lba ? b * SPB : lba;
            uint64_t to = (b + 1) * SPB < lba + count ? (b + 1) * SPB : lba + count;
            memcpy(e->data + (from - b * SPB) * BLOCK_SECTOR, in + (from - lba) * BLOCK_SECTOR,
                   (to - from) * BLOCK_SECTOR);
            if (e->dirty && to - from == SPB) {
                e->dirty = false; /* the disk now holds all of it */
                st.dirty--;
            }
        }
        return 0;
    }
    while (count) {
        uint64_t b = lba / SPB;
        uint32_t off = (uint32_t)(lba % SPB), n = SPB - off < count ? SPB - off : count;
        struct entry *e = get(u, b, n == SPB, &rc);
        if (!e)
            return rc;
        memcpy(e->data + off * BLOCK_SECTOR, in, n * BLOCK_SECTOR);
        if (!e->dirty) {
            e->dirty = true;
            st.dirty++;
        }
        in += n * BLOCK_SECTOR;
        lba += n;
        count -= n;
    }
    return 0;
}

static int by_block(const void *a, const void *b)
{
    uint64_t x = (*(struct entry *const *)a)->block, y = (*(struct entry *const *)b)->block;
    return x < y ? -1 : x > y;
}

int bcache_sync(struct block_device *d)
{
    struct block_device *u = ((struct layer *)d->driver)->under;
    static struct entry *order[NBLOCKS];
    unsigned n = 0;
    int rc = 0;
    for (unsigned i = 0; i < NBLOCKS; i++)
        if (entries[i].dev == u && entries[i].dirty)
            order[n++] = &entries[i];
    qsort(order, n, sizeof order[0], by_block);
    for (unsigned i = 0; i < n; i++) {
        int r = writeback(order[i]);
        if (r < 0 && rc == 0)
            rc = r;
    }
    /* A device flush with nothing written since the last is a host fsync
     * for nothing (tens of milliseconds): FAT asks for one at every close. */
    struct layer *l = d->driver;
    if (st.dev_writes == l->writes_at_flush)
        return rc;
    int r = u->flush(u);
    if (r == 0)
        l->writes_at_flush = st.dev_writes;
    return rc ? rc : r;
}

static int c_flush(struct block_device *d)
{
    return bcache_sync(d);
}

struct block_device *bcache_wrap(struct block_device *dev)
{
    if (!pool) {
        pool = kmalloc_aligned(NBLOCKS * BBYTES, 4096);
        if (!pool)
            return 0;
        for (unsigned i = 0; i < NBLOCKS; i++) {
            entries[i].data = pool + (size_t)i * BBYTES;
            lru_front(&entries[i]);
        }
        st.blocks = NBLOCKS;
        st.block_bytes = BBYTES;
    }
    struct layer *l = kzalloc(sizeof *l);
    if (!l)
        return 0;
    l->under = dev;
    l->bd = *dev;
    l->bd.read = c_read;
    l->bd.write = c_write;
    l->bd.flush = c_flush;
    l->bd.driver = l;
    return &l->bd;
}

void bcache_stats(struct bcache_stats *out)
{
    *out = st;
}
