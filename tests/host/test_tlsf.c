/*
 * test_tlsf.c: the apps' allocator (apps/runtime/tlsf.c). Hand-written
 * cases for sizes, alignment, merging and growth, then a seeded randomized
 * model test: malloc, free, realloc and memalign in random order against
 * a model that knows every live block's size and contents, with the
 * allocator's own invariants checked as it goes.
 */
#include "check.h"
#include "tlsf.h"

#include <stdint.h>
#include <stdlib.h>

#define ARENA (8u << 20)

static _Alignas(4096) unsigned char arena[ARENA];

/* A grow callback over arena, like sbrk: back to back, unless gap asks
 * for a hole before the next region (another user of sbrk). */
struct brk {
    size_t used, limit, gap, calls;
};

static void *grow(size_t bytes, void *ctx)
{
    struct brk *b = ctx;
    b->calls++;
    size_t at = b->used + b->gap;
    if (at + bytes > b->limit)
        return NULL;
    b->used = at + bytes;
    b->gap = 0;
    return arena + at;
}

static void check_ok(const struct tlsf *t)
{
    char err[256] = "";
    bool ok = tlsf_check(t, err, sizeof err);
    if (!ok)
        printf("  tlsf_check: %s\n", err);
    CHECK(ok);
}

static bool inside(const void *p, size_t n)
{
    const unsigned char *c = p;
    return c >= arena && c + n <= arena + ARENA;
}

TEST(sizes_aligned_writable_and_freed_back_to_one_block)
{
    static struct tlsf t;
    struct brk b = {.limit = ARENA};
    tlsf_init(&t, grow, &b, 4096);
    static void *ptrs[2000];
    int n = 0;
    for (size_t size = 0; size < 1200; size++) {
        unsigned char *p = tlsf_malloc(&t, size);
        CHECK(p != NULL);
        CHECK_EQ((uintptr_t)p % TLSF_ALIGN, 0);
        CHECK(inside(p, size));
        CHECK(tlsf_usable_size(p) >= size);
        memset(p, 0x5a, size);
        ptrs[n++] = p;
    }
    for (size_t size = 1200; size < 1000000; size = size * 3 / 2)
        ptrs[n++] = tlsf_malloc(&t, size);
    check_ok(&t);
    CHECK_EQ(t.regions, 1);
    for (int i = 0; i < n; i += 2)
        tlsf_free(&t, ptrs[i]);
    check_ok(&t);
    for (int i = 1; i < n; i += 2)
        tlsf_free(&t, ptrs[i]);
    check_ok(&t);
    CHECK_EQ(t.live, 0);
    CHECK_EQ(t.used_bytes, 0);
    /* Everything merged: one block holds the whole pool again. */
    void *all = tlsf_malloc(&t, t.pool_bytes - 64);
    CHECK(all != NULL);
    CHECK_EQ(b.used, t.pool_bytes);
}

TEST(zero_size_gives_distinct_pointers)
{
    static struct tlsf t;
    struct brk b = {.limit = ARENA};
    tlsf_init(&t, grow, &b, 0);
    void *a = tlsf_malloc(&t, 0), *c = tlsf_malloc(&t, 0);
    CHECK(a && c && a != c);
    tlsf_free(&t, a);
    tlsf_free(&t, c);
    tlsf_free(&t, NULL);
    check_ok(&t);
}

TEST(exhaustion_returns_null_and_leaves_the_heap_sound)
{
    static struct tlsf t;
    struct brk b = {.limit = 64 * 1024};
    tlsf_init(&t, grow, &b, 16 * 1024);
    int got = 0;
    while (tlsf_malloc(&t, 1000))
        got++;
    CHECK(got > 50);
    CHECK(b.used > 60 * 1024); /* the fallback grew by less than grow_min */
    CHECK(tlsf_malloc(&t, 100000) == NULL);
    CHECK(tlsf_malloc(&t, SIZE_MAX) == NULL);
    CHECK(tlsf_malloc(&t, SIZE_MAX - 8) == NULL);
    CHECK(tlsf_memalign(&t, 64, SIZE_MAX - 100) == NULL);
    check_ok(&t);
}

TEST(regions_not_back_to_back_are_kept_apart)
{
    static struct tlsf t;
    struct brk b = {.limit = ARENA};
    tlsf_init(&t, grow, &b, 0);
    void *a = tlsf_malloc(&t, 100);
    b.gap = 48; /* someone else moved the break */
    void *c = tlsf_malloc(&t, 5000);
    CHECK(a && c);
    CHECK_EQ(t.regions, 2);
    check_ok(&t);
    void *d = tlsf_malloc(&t, 7000); /* back to back with the second */
    CHECK(d != NULL);
    CHECK_EQ(t.regions, 2);
    tlsf_free(&t, a);
    tlsf_free(&t, c);
    tlsf_free(&t, d);
    check_ok(&t);
}

TEST(memalign_and_realloc_in_place)
{
    static struct tlsf t;
    struct brk b = {.limit = ARENA};
    tlsf_init(&t, grow, &b, 65536);
    for (size_t align = 1; align <= 65536; align *= 2) {
        unsigned char *p = tlsf_memalign(&t, align, 100);
        CHECK(p != NULL);
        CHECK_EQ((uintptr_t)p % align, 0);
        memset(p, 1, 100);
        check_ok(&t);
        tlsf_free(&t, p);
    }
    CHECK(tlsf_memalign(&t, 48, 10) == NULL); /* not a power of two */
    unsigned char *p = tlsf_malloc(&t, 64);
    for (int i = 0; i < 64; i++)
        p[i] = (unsigned char)i;
    unsigned char *q = tlsf_realloc(&t, p, 4000); /* the rest of the pool is free after it */
    CHECK(q == p);
    for (int i = 0; i < 64; i++)
        CHECK_EQ(q[i], i);
    q = tlsf_realloc(&t, q, 32);
    CHECK(q == p);
    CHECK(tlsf_realloc(&t, q, 0) == NULL);
    check_ok(&t);
    CHECK_EQ(t.live, 0);
}

/* Splits and merges must not depend on the order of frees: the same pool
 * back in one block either way. Also: many small blocks cost 32 bytes
 * each, not more. */
TEST(overhead_of_small_blocks)
{
    static struct tlsf t;
    struct brk b = {.limit = ARENA};
    tlsf_init(&t, grow, &b, 1 << 20);
    static void *ptrs[10000];
    for (int i = 0; i < 10000; i++)
        ptrs[i] = tlsf_malloc(&t, 16);
    CHECK(b.used <= (1u << 20));
    for (int i = 9999; i >= 0; i--)
        tlsf_free(&t, ptrs[i]);
    check_ok(&t);
}

struct live {
    unsigned char *p;
    size_t size;
    unsigned char fill;
};

static void model_check(const struct live *l)
{
    for (size_t i = 0; i < l->size; i++)
        if (l->p[i] != (unsigned char)(l->fill + i)) {
            CHECK(!"block contents changed under the allocator");
            return;
        }
}

static void model_fill(struct live *l, unsigned char fill)
{
    l->fill = fill;
    for (size_t i = 0; i < l->size; i++)
        l->p[i] = (unsigned char)(fill + i);
}

static size_t random_size(uint64_t *seed)
{
    uint64_t r = check_random(seed);
    switch (r % 8) {
    case 0: return r >> 32 & 15;
    case 1: case 2: case 3: return r >> 32 & 255;
    case 4: case 5: return r >> 32 & 4095;
    case 6: return r >> 32 & 16383;
    default: return r % 64 ? r >> 32 & 4095 : r >> 32 & 262143;
    }
}

TEST(randomized_against_a_model)
{
    static struct tlsf t;
    static struct live live[512];
    uint64_t seed = 0x7ab01a;
    struct brk b = {.limit = ARENA};
    tlsf_init(&t, grow, &b, 32 * 1024);
    for (int step = 0; step < 100000; step++) {
        struct live *l = &live[check_random(&seed) % 512];
        uint64_t op = check_random(&seed) % 10;
        if (step % 5000 == 4999)
            b.gap = 16 * (check_random(&seed) % 4); /* now and then, a hole */
        if (l->p) {
            model_check(l);
            if (op < 5) {
                tlsf_free(&t, l->p);
                l->p = NULL;
            } else {
                size_t size = random_size(&seed);
                unsigned char *q = tlsf_realloc(&t, l->p, size);
                if (!q && size) {
                    model_check(l); /* a failed realloc leaves the block */
                    continue;
                }
                size_t keep = size < l->size ? size : l->size;
                for (size_t i = 0; i < keep; i++)
                    CHECK_EQ(q[i], (unsigned char)(l->fill + i));
                l->p = q;
                l->size = q ? size : 0;
                if (q) {
                    CHECK_EQ((uintptr_t)q % TLSF_ALIGN, 0);
                    CHECK(inside(q, size));
                    model_fill(l, (unsigned char)step);
                }
            }
        } else {
            size_t size = random_size(&seed);
            size_t align = op < 8 ? 0 : (size_t)1 << (check_random(&seed) % 13);
            l->p = align ? tlsf_memalign(&t, align, size) : tlsf_malloc(&t, size);
            if (!l->p)
                continue; /* the arena is full: fine, as long as the rest holds */
            CHECK_EQ((uintptr_t)l->p % (align > TLSF_ALIGN ? align : TLSF_ALIGN), 0);
            CHECK(inside(l->p, size));
            CHECK(tlsf_usable_size(l->p) >= size);
            l->size = size;
            model_fill(l, (unsigned char)step);
        }
        if (step % 1000 == 0)
            check_ok(&t);
    }
    check_ok(&t);
    for (int i = 0; i < 512; i++) {
        if (live[i].p) {
            model_check(&live[i]);
            tlsf_free(&t, live[i].p);
        }
    }
    check_ok(&t);
    CHECK_EQ(t.live, 0);
}
