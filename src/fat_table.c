/*
 * fat_table.c: the file allocation table: entries of 12, 16 or 28 bits,
 * cluster chains, and free-space accounting. One sector of the table is
 * cached and written to every FAT copy when it leaves the cache. Every
 * walk is bounded by the volume's cluster count, so a chain that loops
 * ends in -TABULA_EIO instead of a hang.
 */
#include "fat_int.h"

#include <string.h>

#define BAD_CLUSTER 0x0ffffff7u

int fat_flush_table(struct fat_volume *v)
{
    for (uint32_t i = 0; v->fat_buf_dirty && i < v->fat_buf_count; i++) {
        if (!(v->fat_buf_dirty & (1u << i)))
            continue;
        for (uint32_t k = 0; k < v->nfats; k++) {
            int r = fat_io_write(v, v->fat_buf_sec + i + k * v->fat_sectors, 1,
                                 v->fat_buf + i * v->bps);

            if (r < 0)
                return r;
        }
        v->fat_buf_dirty &= ~(1u << i);
    }
    return 0;
}

/* Brings the table's byte `off` into the window; *at is its index there. */
static int table_at(struct fat_volume *v, uint32_t off, uint32_t *at)
{
    uint32_t rel = off / v->bps, sec = v->fat_start + rel;

    if (v->fat_buf_sec == UINT32_MAX || sec < v->fat_buf_sec ||
        sec - v->fat_buf_sec >= v->fat_buf_count) {
        uint32_t start = rel - rel % FAT_WINDOW, n = v->fat_sectors - start;
        int r = fat_flush_table(v);

        if (r < 0)
            return r;
        if (n > FAT_WINDOW)
            n = FAT_WINDOW;
        r = fat_io_read(v, v->fat_start + start, n, v->fat_buf);
        if (r < 0) {
            v->fat_buf_sec = UINT32_MAX;
            return r;
        }
        v->fat_buf_sec = v->fat_start + start;
        v->fat_buf_count = n;
    }
    *at = (sec - v->fat_buf_sec) * v->bps + off % v->bps;
    return 0;
}

static int byte_get(struct fat_volume *v, uint32_t off, uint8_t *x)
{
    uint32_t at;
    int r = table_at(v, off, &at);

    if (r == 0)
        *x = v->fat_buf[at];
    return r;
}

static void mark(struct fat_volume *v, uint32_t at)
{
    v->fat_buf_dirty |= 1u << (at / v->bps);
}

static int byte_set(struct fat_volume *v, uint32_t off, uint8_t x)
{
    uint32_t at;
    int r = table_at(v, off, &at);

    if (r == 0) {
        v->fat_buf[at] = x;
        mark(v, at);
    }
    return r;
}

/* Entry c, normalised: 0 free, FAT_EOC end of chain, BAD_CLUSTER bad or
 * reserved, else the next cluster (possibly out of range: callers check). */
int fat_get(struct fat_volume *v, uint32_t c, uint32_t *next)
{
    uint32_t x, at;
    int r;

    if (v->type == 12) {
        uint8_t lo = 0, hi = 0;
        uint32_t off = c + c / 2;

        if ((r = byte_get(v, off, &lo)) < 0 || (r = byte_get(v, off + 1, &hi)) < 0)
            return r;
        x = (uint32_t)lo | (uint32_t)hi << 8;
        x = c & 1 ? x >> 4 : x & 0xfff;
        *next = x >= 0xff8 ? FAT_EOC : x >= 0xff0 ? BAD_CLUSTER : x;
        return 0;
    }
    if (v->type == 16) {
        if ((r = table_at(v, c * 2, &at)) < 0)
            return r;
        x = fat_le16(v->fat_buf + at);
        *next = x >= 0xfff8 ? FAT_EOC : x >= 0xfff0 ? BAD_CLUSTER : x;
        return 0;
    }
    if ((r = table_at(v, c * 4, &at)) < 0)
        return r;
    x = fat_le32(v->fat_buf + at) & 0x0fffffff;
    *next = x >= 0x0ffffff8 ? FAT_EOC : x >= 0x0ffffff0 ? BAD_CLUSTER : x;
    return 0;
}

int fat_set(struct fat_volume *v, uint32_t c, uint32_t value)
{
    uint32_t at;
    int r;

    if (!fat_valid(v, c))
        return -TABULA_EIO;
    if (v->type == 12) {
        uint32_t off = c + c / 2;
        uint8_t lo = 0, hi = 0;

        value &= 0xfff;
        if ((r = byte_get(v, off, &lo)) < 0 || (r = byte_get(v, off + 1, &hi)) < 0)
            return r;
        if (c & 1) {
            lo = (uint8_t)((lo & 0x0f) | (value << 4));
            hi = (uint8_t)(value >> 4);
        } else {
            lo = (uint8_t)value;
            hi = (uint8_t)((hi & 0xf0) | (value >> 8));
        }
        if ((r = byte_set(v, off, lo)) < 0)
            return r;
        return byte_set(v, off + 1, hi);
    }
    if ((r = table_at(v, c * (v->type / 8), &at)) < 0)
        return r;
    if (v->type == 16) {
        fat_put16(v->fat_buf + at, (uint16_t)value);
    } else {
        /* The top four bits are reserved: kept as they are. */
        uint32_t old = fat_le32(v->fat_buf + at);

        fat_put32(v->fat_buf + at, (old & 0xf0000000u) | (value & 0x0fffffff));
    }
    mark(v, at);
    return 0;
}

/* The cluster after c: *next is 0 at the end of the chain. A free, bad or
 * out-of-range link is damage: -TABULA_EIO. */
int fat_next(struct fat_volume *v, uint32_t c, uint32_t *next)
{
    uint32_t x;
    int r;

    if (!fat_valid(v, c))
        return -TABULA_EIO;
    r = fat_get(v, c, &x);
    if (r < 0)
        return r;
    if (x == FAT_EOC) {
        *next = 0;
        return 0;
    }
    if (!fat_valid(v, x))
        return -TABULA_EIO;
    *next = x;
    return 0;
}

/* The n-th cluster (0-based) of the chain from first, or 0 if it is shorter. */
int fat_chain_nth(struct fat_volume *v, uint32_t first, uint32_t n, uint32_t *out)
{
    uint32_t c = first;

    if (n > v->nclusters)
        return -TABULA_EIO;
    while (n-- && c) {
        int r = fat_next(v, c, &c);

        if (r < 0)
            return r;
    }
    *out = c;
    return 0;
}

int fat_count_free(struct fat_volume *v, uint32_t *free_count)
{
    uint32_t n = 0;

    if (v->type == 12) {
        for (uint32_t c = 2; c < v->nclusters + 2; c++) {
            uint32_t x;
            int r = fat_get(v, c, &x);

            if (r < 0)
                return r;
            n += x == 0;
        }
    } else {
        /* Whole runs of the table in one read: a FAT32 table is megabytes. */
        uint32_t per = v->bps / (v->type / 8), chunk = 64;
        uint8_t *buf = fat_alloc((size_t)chunk * v->bps);
        uint32_t entries = v->nclusters + 2;

        if (!buf)
            return -TABULA_ENOMEM;
        for (uint32_t s = 0; s * per < entries; s += chunk) {
            uint32_t cnt = v->fat_sectors - s < chunk ? v->fat_sectors - s : chunk;
            int r = fat_io_read(v, v->fat_start + s, cnt, buf);

            if (r < 0) {
                fat_free(buf);
                return r;
            }
            uint32_t lo = s == 0 ? 2 : 0, hi = cnt * per;

            if (hi > entries - s * per)
                hi = entries - s * per;
            /* Whole-entry loads (a zero test needs no byte order; the
             * FAT32 mask's bytes are laid out as on the disk): this loop
             * runs for every cluster at each mount. */
            if (v->type == 16) {
                for (uint32_t i = lo; i < hi; i++) {
                    uint16_t x;

                    memcpy(&x, buf + i * 2, 2);
                    n += x == 0;
                }
            } else {
                static const uint8_t mask_bytes[8] = {0xff, 0xff, 0xff, 0x0f,
                                                      0xff, 0xff, 0xff, 0x0f};
                uint64_t mask, x;
                uint32_t i = lo;

                memcpy(&mask, mask_bytes, 8);
                for (; i + 2 <= hi; i += 2) {   /* two entries a load */
                    memcpy(&x, buf + i * 4, 8);
                    x &= mask;
                    n += ((uint32_t)x == 0) + ((uint32_t)(x >> 32) == 0);
                }
                if (i < hi) {
                    x = 0;
                    memcpy(&x, buf + i * 4, 4);
                    n += (x & mask) == 0;
                }
            }
        }
        fat_free(buf);
    }
    *free_count = n;
    return 0;
}

/* Finds a free cluster, preferring `want` so files stay contiguous. */
static int find_free(struct fat_volume *v, uint32_t want, uint32_t *out)
{
    uint32_t c = fat_valid(v, want) ? want : fat_valid(v, v->next_free) ? v->next_free : 2;

    for (uint32_t i = 0; i < v->nclusters; i++) {
        uint32_t x;
        int r = fat_get(v, c, &x);

        if (r < 0)
            return r;
        if (x == 0) {
            *out = c;
            return 0;
        }
        c = c + 1 < v->nclusters + 2 ? c + 1 : 2;
    }
    return -TABULA_ENOSPC;
}

/* Allocates count clusters as one chain, linked after `after` (0: a new
 * chain), returning the first. All or nothing. */
int fat_alloc_chain(struct fat_volume *v, uint32_t after, uint32_t count, uint32_t *first)
{
    uint32_t prev = after, head = 0, want = after + 1;
    int r;

    if (v->ro)
        return -TABULA_EROFS;
    if (count > v->free_count)
        return -TABULA_ENOSPC;
    for (uint32_t i = 0; i < count; i++) {
        uint32_t c = 0;

        r = find_free(v, want, &c);
        if (r == 0)
            r = fat_set(v, c, FAT_EOC);
        if (r == 0 && prev)
            r = fat_set(v, prev, c);
        if (r < 0) {
            if (head) {
                fat_free_chain(v, head);
                if (after)
                    fat_set(v, after, FAT_EOC);
            }
            return r;
        }
        v->free_count--;
        v->fsinfo_dirty = true;
        if (!head)
            head = c;
        prev = c;
        want = c + 1;
        v->next_free = c;
    }
    *first = head;
    return 0;
}

/* Frees the chain from first; an infinite chain is cut at the volume's size. */
int fat_free_chain(struct fat_volume *v, uint32_t first)
{
    uint32_t c = first;

    /* The directory walk's position may lie on this chain, which a new
     * directory could reuse from its first cluster on. */
    v->dc_dir = UINT32_MAX;

    for (uint32_t steps = 0; c; steps++) {
        uint32_t next;
        int r;

        if (steps > v->nclusters || !fat_valid(v, c))
            return -TABULA_EIO;
        r = fat_get(v, c, &next);
        if (r < 0)
            return r;
        if (next == 0)
            return -TABULA_EIO;    /* linked to a free cluster: stop here */
        r = fat_set(v, c, 0);
        if (r < 0)
            return r;
        v->free_count++;
        v->fsinfo_dirty = true;
        c = next == FAT_EOC || next == BAD_CLUSTER ? 0 : next;
    }
    return 0;
}

/* Keeps the first `keep` (>= 1) clusters of a chain and frees the rest. */
int fat_truncate_chain(struct fat_volume *v, uint32_t first, uint32_t keep)
{
    uint32_t last, rest;
    int r = fat_chain_nth(v, first, keep - 1, &last);

    if (r < 0)
        return r;
    if (!last)
        return 0;
    r = fat_next(v, last, &rest);
    if (r < 0)
        return r;
    r = fat_set(v, last, FAT_EOC);
    if (r < 0 || !rest)
        return r;
    return fat_free_chain(v, rest);
}

int fat_zero_cluster(struct fat_volume *v, uint32_t c)
{
    uint32_t sec = fat_cluster_sector(v, c);

    memset(v->bounce, 0, v->bps);
    for (uint32_t i = 0; i < v->spc; i++) {
        int r = fat_io_write(v, sec + i, 1, v->bounce);

        if (r < 0)
            return r;
    }
    return 0;
}
