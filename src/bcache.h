/*
 * bcache.h: the block cache, one fixed pool (BCACHE_KIB, a build setting)
 * shared by every disk. bcache_wrap gives a struct block_device layered
 * over a device, so the file system above never knows the cache is there.
 */
#ifndef BCACHE_H
#define BCACHE_H

#include <stdint.h>

#include "block.h"

struct bcache_stats {
    uint64_t hits, misses;       /* cache blocks found / loaded */
    uint64_t dev_reads, dev_writes; /* device transfers, bypasses included */
    uint64_t read_bytes, write_bytes; /* through the cache's interface */
    uint32_t blocks, dirty;      /* the pool's size and its dirty part, in blocks */
    uint32_t block_bytes;
};

/* A cached view of dev (kernel heap); NULL when out of memory. */
struct block_device *bcache_wrap(struct block_device *dev);
/* Writes back dev's dirty blocks in disk order, then flushes the device.
 * dev is what bcache_wrap returned. Returns 0 or the first error. */
int bcache_sync(struct block_device *dev);
void bcache_stats(struct bcache_stats *out);

#endif
