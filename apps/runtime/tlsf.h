/*
 * tlsf.h: the apps' memory allocator, a two-level segregated fit. Free
 * blocks sit in lists by size class: a first level per power of two and
 * 16 second-level classes inside each, with a bitmap per level, so finding
 * a block that fits is two find-first-set instructions and a list pop, and
 * freeing is a merge with the physical neighbours and a push: O(1) both.
 *
 * Memory comes from a grow callback (the runtime's sbrk). Regions it
 * returns back to back are merged into one; a region that is not adjacent
 * to the previous one starts a new list of physical blocks. Pure C with no
 * I/O, so it also builds on the host for tests/host/test_tlsf.c.
 */
#ifndef TLSF_H
#define TLSF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define TLSF_ALIGN 16
#define TLSF_SL_LOG2 4
#define TLSF_SL_COUNT (1 << TLSF_SL_LOG2)
/* Sizes below 1 << TLSF_FL_SHIFT share the first first-level entry, cut
 * into TLSF_SL_COUNT linear classes of TLSF_ALIGN bytes. */
#define TLSF_FL_SHIFT (TLSF_SL_LOG2 + 4)
#define TLSF_FL_COUNT 40
/* The largest request served: far beyond any slot, small enough that no
 * size arithmetic overflows. */
#define TLSF_MAX_SIZE ((size_t)1 << (TLSF_FL_COUNT + TLSF_FL_SHIFT - 3))
#define TLSF_REGIONS_MAX 8 /* regions tlsf_check walks */

struct tlsf_block;

/* Returns bytes more memory (a multiple of TLSF_ALIGN), or NULL. */
typedef void *tlsf_grow_fn(size_t bytes, void *ctx);

struct tlsf {
    uint64_t fl_bitmap;                /* bit f: some list in row f is non-empty */
    uint32_t sl_bitmap[TLSF_FL_COUNT]; /* bit s: heads[f][s] is non-empty */
    struct tlsf_block *heads[TLSF_FL_COUNT][TLSF_SL_COUNT];
    struct tlsf_block *sentinel;       /* the end marker of the newest region */
    tlsf_grow_fn *grow;
    void *grow_ctx;
    size_t grow_min;                   /* ask for at least this much at a time */
    size_t pool_bytes;                 /* all memory grown so far */
    size_t used_bytes;                 /* payloads of allocated blocks */
    size_t live;                       /* allocated blocks */
    unsigned regions;
    struct tlsf_block *region_first[TLSF_REGIONS_MAX];
};

void tlsf_init(struct tlsf *t, tlsf_grow_fn *grow, void *ctx, size_t grow_min);

/* malloc, free, realloc and memalign with the C library's meanings (a
 * zero size gives a unique pointer; realloc(p, 0) frees and returns NULL;
 * align must be a power of two). Pointers are TLSF_ALIGN-aligned. */
void *tlsf_malloc(struct tlsf *t, size_t size);
void tlsf_free(struct tlsf *t, void *p);
void *tlsf_realloc(struct tlsf *t, void *p, size_t size);
void *tlsf_memalign(struct tlsf *t, size_t align, size_t size);

/* The bytes the block at p can hold (at least what was asked). */
size_t tlsf_usable_size(const void *p);

/* Walks every block of the first TLSF_REGIONS_MAX regions and every free
 * list and checks their invariants (sizes, flags, neighbours, lists,
 * bitmaps, the counters). Returns true when all hold; otherwise writes
 * the first broken one to err. For tests. */
bool tlsf_check(const struct tlsf *t, char *err, size_t errlen);

#endif
