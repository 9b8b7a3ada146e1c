/*
 * test_heap.c: the fixed heap. Hand-written cases for sizes, alignment,
 * exhaustion, coalescing, exact statistics and every kind of corruption the
 * heap promises to catch, then a seeded randomized test of a million
 * operations against a shadow model that owns every 16-byte granule.
 */
#include "check.h"
#include "heap.h"

#include <stdint.h>
#include <stdlib.h>

#define REGION (256 * 1024)

static _Alignas(4096) unsigned char region[REGION];

static uintptr_t up16(size_t n) { return (n + 15) & ~(size_t)15; }

static struct tabula_heap_stats stats(struct heap *h)
{
    struct tabula_heap_stats s;
    heap_stats(h, &s);
    return s;
}

static void check_ok(struct heap *h)
{
    char err[256] = "";
    int r = heap_check(h, err, sizeof err);
    if (r)
        printf("  heap_check: %s\n", err);
    CHECK_EQ(r, 0);
}

static int inside(const void *p, size_t n)
{
    const unsigned char *c = p;
    return c >= region && c <= region + REGION && n <= (size_t)(region + REGION - c);
}

/* The bytes a heap spends on a block beyond its payload. */
static size_t overhead(struct heap *h)
{
    struct tabula_heap_stats s = stats(h);
    return s.size - s.largest_free;
}

TEST(alloc_sizes_aligned_and_writable)
{
    struct heap h;
    heap_init(&h, region, REGION);
    static void *ptrs[3000];
    int n = 0;
    for (size_t size = 0; size < 600; size++) {
        unsigned char *p = heap_alloc(&h, size);
        CHECK(p != NULL);
        CHECK_EQ((uintptr_t)p % 16, 0);
        CHECK(inside(p, size));
        memset(p, 0x5a, size);
        ptrs[n++] = p;
    }
    for (size_t size = 600; size < 40000; size = size * 5 / 4 + 3) {
        unsigned char *p = heap_alloc(&h, size);
        if (!p)
            break;
        CHECK_EQ((uintptr_t)p % 16, 0);
        CHECK(inside(p, size));
        memset(p, 0xa5, size);
        ptrs[n++] = p;
    }
    check_ok(&h);
    for (int i = 0; i < n; i++)
        heap_free(&h, ptrs[i]);
    check_ok(&h);
    CHECK_EQ(stats(&h).live_allocations, 0);
}

TEST(zero_size_is_a_unique_block)
{
    struct heap h;
    heap_init(&h, region, REGION);
    void *a = heap_alloc(&h, 0), *b = heap_alloc(&h, 0);
    CHECK(a != NULL && b != NULL && a != b);
    CHECK_EQ(stats(&h).live_allocations, 2);
    heap_free(&h, a);
    heap_free(&h, b);
    heap_free(&h, NULL);
    CHECK_EQ(stats(&h).live_allocations, 0);
    check_ok(&h);
}

TEST(stats_are_exact)
{
    struct heap h;
    heap_init(&h, region + 3, 10000); /* trimmed inward to 16 */
    struct tabula_heap_stats s = stats(&h);
    size_t hdr = overhead(&h);
    uintptr_t lo = ((uintptr_t)region + 3 + 15) & ~(uintptr_t)15;
    uintptr_t hi = ((uintptr_t)region + 3 + 10000) & ~(uintptr_t)15;
    CHECK_EQ(s.size, hi - lo);
    CHECK_EQ(s.used, 0);
    CHECK_EQ(s.free, s.size);
    CHECK_EQ(s.live_allocations, 0);
    CHECK(hdr >= 16 && hdr <= 64 && hdr % 16 == 0);

    void *a = heap_alloc(&h, 100);
    s = stats(&h);
    CHECK_EQ(s.used, hdr + 112);
    CHECK_EQ(s.free, s.size - s.used);
    CHECK_EQ(s.live_allocations, 1);
    CHECK_EQ(s.largest_free, s.size - (hdr + 112) - hdr);
    void *b = heap_alloc(&h, 1);
    s = stats(&h);
    CHECK_EQ(s.used, 2 * hdr + 128);
    CHECK_EQ(s.live_allocations, 2);
    heap_free(&h, a);
    s = stats(&h);
    CHECK_EQ(s.used, hdr + 16);
    CHECK_EQ(s.live_allocations, 1);
    heap_free(&h, b);
    s = stats(&h);
    CHECK_EQ(s.used, 0);
    CHECK_EQ(s.largest_free, s.size - hdr);
    check_ok(&h);
}

TEST(largest_free_is_exactly_servable)
{
    struct heap h;
    heap_init(&h, region, 8192);
    void *a = heap_alloc(&h, 1000), *b = heap_alloc(&h, 2000);
    heap_free(&h, a);
    size_t largest = stats(&h).largest_free;
    CHECK(heap_alloc(&h, largest + 1) == NULL);
    void *c = heap_alloc(&h, largest);
    CHECK(c != NULL);
    heap_free(&h, c);
    heap_free(&h, b);
    check_ok(&h);
}

TEST(exhaustion_returns_null_and_heap_recovers)
{
    struct heap h;
    heap_init(&h, region, 64 * 1024);
    size_t initial = stats(&h).largest_free;
    static void *ptrs[1024];
    int n = 0;
    while ((ptrs[n] = heap_alloc(&h, 1000)) != NULL)
        n++;
    CHECK(n > 50 && n < 70);
    CHECK(stats(&h).largest_free < 1008);
    CHECK(heap_alloc(&h, 1000) == NULL);
    check_ok(&h);
    heap_free(&h, ptrs[n / 2]);
    void *again = heap_alloc(&h, 1000);
    CHECK(again == ptrs[n / 2]);
    ptrs[n / 2] = again;
    for (int i = 0; i < n; i++)
        heap_free(&h, ptrs[i]);
    CHECK_EQ(stats(&h).largest_free, initial);
    check_ok(&h);
}

TEST(huge_sizes_do_not_wrap)
{
    struct heap h;
    heap_init(&h, region, REGION);
    size_t huge[] = {SIZE_MAX, SIZE_MAX - 15, SIZE_MAX - 4096, SIZE_MAX / 2 + 1,
                     (size_t)1 << 40, REGION, REGION + 1};
    for (size_t i = 0; i < sizeof huge / sizeof huge[0]; i++) {
        CHECK(heap_alloc(&h, huge[i]) == NULL);
        CHECK(heap_alloc_aligned(&h, huge[i], 4096) == NULL);
    }
    CHECK_EQ(stats(&h).live_allocations, 0);
    check_ok(&h);
    void *p = heap_alloc(&h, 64);
    CHECK(p != NULL);
    heap_free(&h, p);
}

TEST(tiny_region_is_an_empty_heap)
{
    struct heap h;
    heap_init(&h, region + 1, 40);
    CHECK(heap_alloc(&h, 0) == NULL);
    CHECK(heap_alloc(&h, 1) == NULL);
    CHECK_EQ(stats(&h).size, 0);
    CHECK_EQ(stats(&h).largest_free, 0);
    check_ok(&h);
    heap_init(&h, region, 0);
    CHECK(heap_alloc(&h, 1) == NULL);
    check_ok(&h);
}

/* Frees 32 neighbouring blocks in the order given and expects the heap to
 * be one free block again. */
static void free_in_order(const int *order)
{
    struct heap h;
    heap_init(&h, region, 32 * 1024);
    size_t initial = stats(&h).largest_free;
    void *p[32];
    for (int i = 0; i < 32; i++) {
        p[i] = heap_alloc(&h, 16 + 24 * i);
        CHECK(p[i] != NULL);
    }
    for (int i = 0; i < 32; i++) {
        heap_free(&h, p[order[i]]);
        check_ok(&h);
    }
    struct tabula_heap_stats s = stats(&h);
    CHECK_EQ(s.largest_free, initial);
    CHECK_EQ(s.used, 0);
    CHECK_EQ(s.free, s.size);
}

TEST(coalescing_in_every_order)
{
    int order[32];
    for (int i = 0; i < 32; i++)
        order[i] = i;
    free_in_order(order);
    for (int i = 0; i < 32; i++)
        order[i] = 31 - i;
    free_in_order(order);
    for (int i = 0; i < 16; i++) {
        order[i] = 2 * i;      /* every other block first: no merges */
        order[16 + i] = 2 * i + 1; /* then the holes: merges on both sides */
    }
    free_in_order(order);
    for (int i = 0; i < 16; i++) {
        order[i] = 15 - i;     /* from the middle outwards */
        order[16 + i] = 16 + i;
    }
    free_in_order(order);
    srand(7);
    for (int round = 0; round < 20; round++) {
        for (int i = 31; i > 0; i--) {
            int j = rand() % (i + 1), t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        free_in_order(order);
    }
}

TEST(aligned_allocations)
{
    struct heap h;
    heap_init(&h, region, REGION);
    static void *ptrs[512];
    int n = 0;
    for (size_t align = 1; align <= 4096; align *= 2) {
        for (size_t size = 0; size < 5000; size = size * 3 + 1) {
            unsigned char *p = heap_alloc_aligned(&h, size, align);
            CHECK(p != NULL);
            CHECK_EQ((uintptr_t)p % align, 0);
            CHECK_EQ((uintptr_t)p % 16, 0);
            CHECK(inside(p, size));
            memset(p, 0x11, size);
            ptrs[n++] = p;
            /* A small block between, so the next aligned one needs a gap. */
            ptrs[n++] = heap_alloc(&h, 8);
        }
    }
    check_ok(&h);
    CHECK(heap_alloc_aligned(&h, 64, 3) == NULL);
    CHECK(heap_alloc_aligned(&h, 64, 8192) == NULL);
    CHECK(heap_alloc_aligned(&h, 64, 4097) == NULL);
    for (int i = n - 1; i >= 0; i -= 2)
        heap_free(&h, ptrs[i]);
    for (int i = 0; i < n; i += 2)
        heap_free(&h, ptrs[i]);
    check_ok(&h);
    CHECK_EQ(stats(&h).used, 0);
}

/* Each 4 KiB-aligned block leaves a gap below the next one; the gaps stay
 * free for ordinary allocations, so little of the heap is lost. */
TEST(aligned_4k_queues_leave_usable_gaps)
{
    struct heap h;
    heap_init(&h, region + 48, 64 * 1024);
    void *p[64];
    int n = 0, queues;
    while (n < 64 && (p[n] = heap_alloc_aligned(&h, 4096, 4096)) != NULL) {
        CHECK_EQ((uintptr_t)p[n] % 4096, 0);
        n++;
    }
    queues = n;
    CHECK(queues >= 7);
    while (n < 64 && (p[n] = heap_alloc(&h, 4000)) != NULL)
        n++;
    CHECK(n >= 14);
    printf("  %d aligned 4 KiB blocks, then %d more of 4000 bytes\n", queues, n - queues);
    check_ok(&h);
    while (n--)
        heap_free(&h, p[n]);
    CHECK_EQ(stats(&h).live_allocations, 0);
    check_ok(&h);
}

/* CHECK_STR_CONTAINS on check_panic_message trips -Wformat-truncation
 * (its 512-byte buffer cannot hold a 511-byte haystack and more), so this
 * one clips what it prints. */
#define HAS(hay, needle)                                                      \
    do {                                                                      \
        if (!strstr((hay), (needle))) {                                       \
            char has_m_[700];                                                 \
            snprintf(has_m_, sizeof has_m_, "\"%.300s\" contains \"%.300s\"", \
                     (hay), (needle));                                        \
            check_fail(__FILE__, __LINE__, has_m_);                           \
        }                                                                     \
    } while (0)

static char hex[32];
static const char *addr_of(const void *p)
{
    snprintf(hex, sizeof hex, "0x%lx", (unsigned long)(uintptr_t)p);
    return hex;
}

TEST(double_free_panics_naming_the_block)
{
    struct heap h;
    heap_init(&h, region, 8192);
    void *p = heap_alloc(&h, 48), *keep = heap_alloc(&h, 16);
    heap_free(&h, p);
    EXPECT_PANIC(heap_free(&h, p));
    HAS(check_panic_message, "double free");
    HAS(check_panic_message, addr_of(p));
    HAS(check_panic_message, "(48 bytes)");
    (void)keep;

    /* Freed into its neighbour: its header is junk now, still caught. */
    heap_init(&h, region, 8192);
    void *a = heap_alloc(&h, 64), *b = heap_alloc(&h, 64);
    heap_free(&h, a);
    heap_free(&h, b);
    EXPECT_PANIC(heap_free(&h, b));
    HAS(check_panic_message, "double free");
    HAS(check_panic_message, addr_of(b));
}

TEST(overwritten_header_panics)
{
    struct heap h;
    heap_init(&h, region, 8192);
    unsigned char *p = heap_alloc(&h, 64);
    memset(p - 16, 0x41, 8); /* a stray write into the header */
    EXPECT_PANIC(heap_free(&h, p));
    HAS(check_panic_message, "corrupted header");
    HAS(check_panic_message, addr_of(p));

    /* A plausible size is still caught by the checksum. */
    heap_init(&h, region, 8192);
    size_t hdr = overhead(&h);
    p = heap_alloc(&h, 64);
    uint64_t *size = (uint64_t *)(p - hdr);
    *size += 16;
    EXPECT_PANIC(heap_free(&h, p));
    HAS(check_panic_message, addr_of(p));

    /* An overrun into the block above. */
    heap_init(&h, region, 8192);
    p = heap_alloc(&h, 32);
    unsigned char *q = heap_alloc(&h, 32);
    char err[256];
    memset(p, 0x42, 32 + 8);
    CHECK_EQ(heap_check(&h, err, sizeof err), -1);
    HAS(err, addr_of(q));
    EXPECT_PANIC(heap_free(&h, p));
    HAS(check_panic_message, "overran");
    HAS(check_panic_message, addr_of(p));
    HAS(check_panic_message, "(32 bytes)");
    EXPECT_PANIC(heap_free(&h, q));
    HAS(check_panic_message, addr_of(q));
}

TEST(foreign_and_misaligned_pointers_panic)
{
    struct heap h;
    heap_init(&h, region, 8192);
    unsigned char *p = heap_alloc(&h, 100);
    long local;
    EXPECT_PANIC(heap_free(&h, &local));
    HAS(check_panic_message, "not from this heap");
    EXPECT_PANIC(heap_free(&h, region + 8192 + 64));
    HAS(check_panic_message, "not from this heap");
    EXPECT_PANIC(heap_free(&h, p + 1));
    HAS(check_panic_message, addr_of(p));
    HAS(check_panic_message, "(112 bytes)");
    EXPECT_PANIC(heap_free(&h, p + 32));
    HAS(check_panic_message, "not its start");
    EXPECT_PANIC(heap_free(&h, region + 4000)); /* inside free memory */
    HAS(check_panic_message, "free block");
    /* None of that hurt the heap. */
    check_ok(&h);
    heap_free(&h, p);
    check_ok(&h);
}

TEST(write_after_free_is_caught)
{
    struct heap h;
    heap_init(&h, region, 8192);
    unsigned char *p = heap_alloc(&h, 256), *guard = heap_alloc(&h, 16);
    heap_free(&h, p);
    CHECK_EQ(p[100], HEAP_JUNK);
    check_ok(&h);
    p[100] = 1;
    char err[256];
    CHECK_EQ(heap_check(&h, err, sizeof err), -1);
    HAS(err, "after it was freed");
    EXPECT_PANIC(heap_alloc(&h, 256));
    HAS(check_panic_message, "written after it was freed");
    (void)guard;
}

/* ---- the randomized model test ---------------------------------------- */

#define MODEL_OPS 1000000
#define GRANULES (REGION / 16)
#define MAX_LIVE 8192

struct live {
    unsigned char *p;
    size_t size;
    uint32_t id;
};

static uint32_t owner[GRANULES]; /* the id of the block using each granule */
static struct live live[MAX_LIVE];

static uint64_t rng_state;
static uint64_t rng(void)
{
    return check_random(&rng_state);
}

static size_t random_size(void)
{
    unsigned r = rng() % 1000;
    if (r < 20)
        return 0;
    if (r < 600)
        return 1 + rng() % 64;
    if (r < 850)
        return 65 + rng() % 960;
    if (r < 960)
        return 1025 + rng() % 7168;
    if (r < 995)
        return 8193 + rng() % 57344;
    static const size_t huge[] = {REGION, REGION + 1, SIZE_MAX, SIZE_MAX - 15, (size_t)1 << 48};
    return huge[rng() % 5];
}

static uint64_t pattern(uint32_t id, size_t word) { return (uint64_t)id << 32 ^ word * 0x9e3779b1u; }

static void fill(const struct live *l)
{
    size_t words = l->size / 8;
    for (size_t i = 0; i < words; i++)
        memcpy(l->p + 8 * i, &(uint64_t){pattern(l->id, i)}, 8);
    for (size_t i = words * 8; i < l->size; i++)
        l->p[i] = (unsigned char)(l->id + i);
}

static int intact(const struct live *l)
{
    size_t words = l->size / 8;
    for (size_t i = 0; i < words; i++) {
        uint64_t w;
        memcpy(&w, l->p + 8 * i, 8);
        if (w != pattern(l->id, i))
            return 0;
    }
    for (size_t i = words * 8; i < l->size; i++)
        if (l->p[i] != (unsigned char)(l->id + i))
            return 0;
    return 1;
}

/* Claims the granules of [p, p + n) for id; 0 if another block has one. */
static int claim(const unsigned char *p, size_t n, uint32_t id)
{
    size_t first = (size_t)(p - region) / 16, last = (size_t)(p + (n ? n : 1) - 1 - region) / 16;
    for (size_t g = first; g <= last; g++)
        if (owner[g] != 0)
            return 0;
    for (size_t g = first; g <= last; g++)
        owner[g] = id;
    return 1;
}

static void release(const struct live *l)
{
    size_t n = l->size ? l->size : 1;
    size_t first = (size_t)(l->p - region) / 16, last = (size_t)(l->p + n - 1 - region) / 16;
    for (size_t g = first; g <= last; g++)
        owner[g] = 0;
}

TEST(randomized_model_1m_ops)
{
    struct heap h;
    heap_init(&h, region, REGION);
    memset(owner, 0, sizeof owner);
    rng_state = 20240601;
    size_t initial = stats(&h).largest_free;
    long nlive = 0, allocs = 0, nulls = 0, frees = 0, aligned = 0, checks = 0;
    size_t sum = 0;
    uint32_t next_id = 1;
    int failures = 0;
    for (long op = 0; op < MODEL_OPS && failures < 5; op++) {
        /* Phases push the heap to exhaustion, then drain it. */
        unsigned alloc_pct = (op / 50000) % 2 ? 40 : 62;
        if (nlive == 0 || (nlive < MAX_LIVE && rng() % 100 < alloc_pct)) {
            size_t size = random_size(), align = 16;
            if (rng() % 20 == 0) {
                align = (size_t)1 << rng() % 13;
                aligned++;
            }
            struct tabula_heap_stats s = stats(&h);
            unsigned char *p = align == 16 ? heap_alloc(&h, size) : heap_alloc_aligned(&h, size, align);
            allocs++;
            if (!p) {
                nulls++;
                size_t need = size > REGION ? SIZE_MAX : size ? up16(size) : 16;
                size_t slack = align > 16 ? align + 64 : 0;
                /* Refusing is only right when nothing could fit. */
                if (need <= s.largest_free && need + slack <= s.largest_free) {
                    printf("  op %ld: alloc(%zu, align %zu) refused with %zu bytes free in one block\n",
                           op, size, align, (size_t)s.largest_free);
                    failures++;
                }
                continue;
            }
            struct live l = {p, size, next_id++};
            if ((uintptr_t)p % align || (uintptr_t)p % 16 || !inside(p, size) ||
                !claim(p, size, l.id)) {
                printf("  op %ld: alloc(%zu, align %zu) gave bad block %p\n", op, size, align, (void *)p);
                failures++;
                continue;
            }
            fill(&l);
            live[nlive++] = l;
            sum += size;
        } else {
            long i = (long)(rng() % (uint64_t)nlive);
            if (!intact(&live[i])) {
                printf("  op %ld: block %p (%zu bytes) lost its contents\n", op, (void *)live[i].p,
                       live[i].size);
                failures++;
            }
            release(&live[i]);
            heap_free(&h, live[i].p);
            sum -= live[i].size;
            live[i] = live[--nlive];
            frees++;
        }
        struct tabula_heap_stats s = stats(&h);
        if (s.live_allocations != (uint64_t)nlive || s.used < sum || s.used + s.free != s.size ||
            s.size != REGION) {
            printf("  op %ld: stats live %lu used %lu free %lu, model live %ld sum %zu\n", op,
                   (unsigned long)s.live_allocations, (unsigned long)s.used,
                   (unsigned long)s.free, nlive, sum);
            failures++;
        }
        if (op % 2048 == 0) {
            checks++;
            check_ok(&h);
        }
    }
    CHECK_EQ(failures, 0);
    while (nlive > 0) {
        CHECK(intact(&live[nlive - 1]));
        heap_free(&h, live[--nlive].p);
    }
    struct tabula_heap_stats s = stats(&h);
    CHECK_EQ(s.live_allocations, 0);
    CHECK_EQ(s.used, 0);
    CHECK_EQ(s.largest_free, initial);
    check_ok(&h);
    CHECK(nulls > 1000);
    printf("  model: %d ops: %ld allocs (%ld aligned, %ld refused), %ld frees, %ld heap_checks\n",
           MODEL_OPS, allocs, aligned, nulls, frees, checks);
}
