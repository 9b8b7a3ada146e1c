/* test_bcache.c: the block cache against a model, and MBR parsing. */
#include <stdlib.h>
#include <string.h>

#include "bcache.h"
#include "check.h"
#include "kmem.h"
#include "mbr.h"
#include "tabula.h"

/* The kernel heap, as bcache.c asks for it. */
void *kmalloc_aligned(size_t size, size_t align)
{
    return aligned_alloc(align, (size + align - 1) / align * align);
}

void *kzalloc(size_t size)
{
    return calloc(1, size);
}

/* 4,099 sectors: the last three are a partial cache block. */
#define SECTORS 4099u

static uint8_t disk[SECTORS * BLOCK_SECTOR];
static uint8_t model[SECTORS * BLOCK_SECTOR];
static unsigned reads, writes, flushes;
static uint64_t last_write_lba;
static bool in_order;

static int mem_read(struct block_device *d, uint64_t lba, uint32_t count, void *buf)
{
    (void)d;
    reads++;
    memcpy(buf, disk + lba * BLOCK_SECTOR, (size_t)count * BLOCK_SECTOR);
    return 0;
}

static int mem_write(struct block_device *d, uint64_t lba, uint32_t count, const void *buf)
{
    (void)d;
    writes++;
    if (lba < last_write_lba)
        in_order = false;
    last_write_lba = lba;
    memcpy(disk + lba * BLOCK_SECTOR, buf, (size_t)count * BLOCK_SECTOR);
    return 0;
}

static int mem_flush(struct block_device *d)
{
    (void)d;
    flushes++;
    return 0;
}

static struct block_device mem = {"mem", SECTORS, false, mem_read, mem_write, mem_flush, 0};

static struct block_device *cached(void)
{
    static struct block_device *c;
    if (!c)
        c = bcache_wrap(&mem);
    return c;
}

TEST(writes_stay_cached_until_sync_then_reach_the_disk_in_order)
{
    struct block_device *c = cached();
    uint8_t buf[BLOCK_SECTOR];
    bcache_sync(c);
    unsigned w = writes;
    memset(buf, 0x11, sizeof buf);
    CHECK_EQ(c->write(c, 900, 1, buf), 0);
    CHECK_EQ(c->write(c, 100, 1, buf), 0);
    CHECK_EQ(writes, w); /* write-back */
    CHECK(disk[900 * BLOCK_SECTOR] != 0x11);
    uint8_t back[BLOCK_SECTOR];
    CHECK_EQ(c->read(c, 900, 1, back), 0);
    CHECK(memcmp(back, buf, sizeof buf) == 0);
    last_write_lba = 0;
    in_order = true;
    unsigned f = flushes;
    CHECK_EQ(bcache_sync(c), 0);
    CHECK(in_order);
    CHECK_EQ(flushes, f + 1);
    CHECK_EQ(disk[900 * BLOCK_SECTOR], 0x11);
    CHECK_EQ(disk[100 * BLOCK_SECTOR], 0x11);
}

TEST(a_large_read_is_one_device_transfer_with_dirty_blocks_over_it)
{
    struct block_device *c = cached();
    static uint8_t big[512 * BLOCK_SECTOR];
    uint8_t one[BLOCK_SECTOR];
    memset(one, 0x77, sizeof one);
    CHECK_EQ(c->write(c, 1030, 1, one), 0); /* dirty, not on the disk yet */
    unsigned r = reads;
    CHECK_EQ(c->read(c, 1024, 512, big), 0);
    CHECK_EQ(reads, r + 1);
    CHECK_EQ(big[6 * BLOCK_SECTOR], 0x77);
    CHECK_EQ(bcache_sync(c), 0);
}

TEST(random_operations_match_a_model)
{
    struct block_device *c = cached();
    static uint8_t buf[600 * BLOCK_SECTOR];
    uint64_t rng = 42;
    CHECK_EQ(bcache_sync(c), 0);
    memcpy(model, disk, sizeof model);
    for (int op = 0; op < 20000; op++) {
        uint64_t r = check_random(&rng);
        bool large = r % 16 == 0;
        uint32_t count = large ? 128 + (uint32_t)(r >> 8) % 400 : 1 + (uint32_t)(r >> 8) % 20;
        uint64_t lba = (r >> 24) % (SECTORS - count + 1);
        size_t bytes = (size_t)count * BLOCK_SECTOR;
        if (r & 0x100000) {
            for (size_t i = 0; i < bytes; i++)
                buf[i] = (uint8_t)(op + i * 7);
            CHECK_EQ(c->write(c, lba, count, buf), 0);
            memcpy(model + lba * BLOCK_SECTOR, buf, bytes);
        } else {
            CHECK_EQ(c->read(c, lba, count, buf), 0);
            if (memcmp(buf, model + lba * BLOCK_SECTOR, bytes) != 0) {
                CHECK(!"read differs from the model");
                return;
            }
        }
        if (op % 5000 == 4999)
            CHECK_EQ(bcache_sync(c), 0);
    }
    CHECK_EQ(bcache_sync(c), 0);
    CHECK(memcmp(disk, model, sizeof disk) == 0);
    struct bcache_stats st;
    bcache_stats(&st);
    CHECK_EQ(st.dirty, 0);
    CHECK(st.hits > 0 && st.misses > 0);
}

TEST(out_of_range_and_read_only_are_refused)
{
    struct block_device *c = cached();
    uint8_t buf[BLOCK_SECTOR];
    CHECK_EQ(c->read(c, SECTORS, 1, buf), -TABULA_EINVAL);
    CHECK_EQ(c->read(c, SECTORS - 1, 2, buf), -TABULA_EINVAL);
    CHECK_EQ(c->read(c, 0, 0, buf), -TABULA_EINVAL);
    mem.read_only = true;
    CHECK_EQ(c->write(c, 0, 1, buf), -TABULA_EROFS);
    mem.read_only = false;
}

static void put32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
    p[2] = (uint8_t)(v >> 16);
    p[3] = (uint8_t)(v >> 24);
}

TEST(mbr_bare_volume_partitions_and_refusals)
{
    uint8_t s0[512] = {0};
    struct mbr_part parts[MBR_PARTS];
    char why[96];
    CHECK_EQ(mbr_parse(s0, 1000, parts, why, sizeof why), 0);
    CHECK(strstr(why, "no boot signature") != NULL);
    s0[510] = 0x55;
    s0[511] = 0xaa;
    s0[0] = 0xeb; /* a FAT boot sector: jump, 512 bytes per sector */
    s0[11] = 0x00;
    s0[12] = 0x02;
    CHECK_EQ(mbr_parse(s0, 1000, parts, why, sizeof why), 1);
    CHECK_EQ(parts[0].first, 0);
    CHECK_EQ(parts[0].index, 0);
    memset(s0, 0, 510);
    uint8_t *e = s0 + 446;
    e[4] = 0x83; /* Linux: not ours */
    put32(e + 8, 2048);
    put32(e + 12, 100);
    e += 16;
    e[4] = 0x0c; /* FAT32 LBA */
    put32(e + 8, 4096);
    put32(e + 12, 8192);
    e += 16;
    e[4] = 0x0b; /* past the end of the disk: refused */
    put32(e + 8, 20000);
    put32(e + 12, 10);
    CHECK_EQ(mbr_parse(s0, 16384, parts, why, sizeof why), 1);
    CHECK_EQ(parts[0].index, 2);
    CHECK_EQ(parts[0].first, 4096);
    CHECK_EQ(parts[0].sectors, 8192);
    s0[446 + 16 + 4] = 0;
    CHECK_EQ(mbr_parse(s0, 16384, parts, why, sizeof why), 0);
    CHECK(strstr(why, "no FAT partition") != NULL);
}
