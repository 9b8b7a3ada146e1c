/*
 * tlsf.c: the two-level segregated-fit allocator (see tlsf.h).
 *
 * Every block starts with a 16-byte header: the previous physical block's
 * address (valid only while that block is free) and the payload size, whose
 * low bits flag the block free and its previous neighbour free. A free
 * block keeps its list links in its payload, so the smallest payload is 16
 * bytes. Two free blocks are never neighbours: freeing merges at once. Each
 * region ends in a sentinel, a used block of size 0, so merging forward
 * never runs off the end.
 */
#include "tlsf.h"

#include <stdio.h>
#include <string.h>

#define BLOCK_FREE ((size_t)1)
#define BLOCK_PREV_FREE ((size_t)2)
#define BLOCK_FLAGS (BLOCK_FREE | BLOCK_PREV_FREE)
#define HEADER 16
#define MIN_PAYLOAD 16
#define SMALL_LIMIT ((size_t)1 << TLSF_FL_SHIFT)

struct tlsf_block {
    struct tlsf_block *prev_phys;
    size_t size;
    /* The payload starts here; these two only while the block is free. */
    struct tlsf_block *next_free;
    struct tlsf_block *prev_free;
};

_Static_assert(offsetof(struct tlsf_block, next_free) == HEADER, "header size");
_Static_assert(TLSF_FL_COUNT <= 64, "fl_bitmap has a bit per row");

static size_t size_of(const struct tlsf_block *b) { return b->size & ~BLOCK_FLAGS; }
static bool is_free(const struct tlsf_block *b) { return b->size & BLOCK_FREE; }
static bool prev_is_free(const struct tlsf_block *b) { return b->size & BLOCK_PREV_FREE; }
static void *payload(struct tlsf_block *b) { return (char *)b + HEADER; }
static struct tlsf_block *block_of(const void *p) { return (struct tlsf_block *)((char *)p - HEADER); }
static struct tlsf_block *next_phys(const struct tlsf_block *b)
{
    return (struct tlsf_block *)((char *)b + HEADER + size_of(b));
}
static void set_size(struct tlsf_block *b, size_t size) { b->size = size | (b->size & BLOCK_FLAGS); }

static int fls_size(size_t x) { return 63 - __builtin_clzll((unsigned long long)x); }

/* The class a block of this size is filed under. */
static void mapping(size_t size, int *fl, int *sl)
{
    if (size < SMALL_LIMIT) {
        *fl = 0;
        *sl = (int)(size / (SMALL_LIMIT / TLSF_SL_COUNT));
    } else {
        int f = fls_size(size);
        *sl = (int)((size >> (f - TLSF_SL_LOG2)) ^ TLSF_SL_COUNT);
        *fl = f - TLSF_FL_SHIFT + 1;
    }
}

/* The first class whose every block holds size: size rounded up to the
 * next class boundary, then mapped. */
static void mapping_search(size_t size, int *fl, int *sl)
{
    if (size >= SMALL_LIMIT)
        size += ((size_t)1 << (fls_size(size) - TLSF_SL_LOG2)) - 1;
    mapping(size, fl, sl);
}

static void list_remove(struct tlsf *t, struct tlsf_block *b, int fl, int sl)
{
    struct tlsf_block *next = b->next_free, *prev = b->prev_free;
    if (next)
        next->prev_free = prev;
    if (prev) {
        prev->next_free = next;
    } else {
        t->heads[fl][sl] = next;
        if (!next) {
            t->sl_bitmap[fl] &= ~(1u << sl);
            if (!t->sl_bitmap[fl])
                t->fl_bitmap &= ~(1ull << fl);
        }
    }
}

static void free_remove(struct tlsf *t, struct tlsf_block *b)
{
    int fl, sl;
    mapping(size_of(b), &fl, &sl);
    list_remove(t, b, fl, sl);
}

static void free_insert(struct tlsf *t, struct tlsf_block *b)
{
    int fl, sl;
    mapping(size_of(b), &fl, &sl);
    struct tlsf_block *head = t->heads[fl][sl];
    b->next_free = head;
    b->prev_free = 0;
    if (head)
        head->prev_free = b;
    t->heads[fl][sl] = b;
    t->sl_bitmap[fl] |= 1u << sl;
    t->fl_bitmap |= 1ull << fl;
}

/* A free block of at least size bytes, taken off its list, or NULL. */
static struct tlsf_block *take_fit(struct tlsf *t, size_t size)
{
    int fl, sl;
    mapping_search(size, &fl, &sl);
    if (fl >= TLSF_FL_COUNT)
        return 0;
    uint32_t sl_map = t->sl_bitmap[fl] & (~0u << sl);
    if (!sl_map) {
        uint64_t fl_map = fl + 1 < 64 ? t->fl_bitmap & (~0ull << (fl + 1)) : 0;
        if (!fl_map)
            return 0;
        fl = __builtin_ctzll(fl_map);
        sl_map = t->sl_bitmap[fl];
    }
    sl = __builtin_ctz(sl_map);
    struct tlsf_block *b = t->heads[fl][sl];
    list_remove(t, b, fl, sl);
    return b;
}

/* Marks b (whose payload is not in any list) free, merges it with free
 * neighbours and files the result. */
static void release(struct tlsf *t, struct tlsf_block *b)
{
    if (prev_is_free(b)) {
        struct tlsf_block *prev = b->prev_phys;
        free_remove(t, prev);
        set_size(prev, size_of(prev) + HEADER + size_of(b));
        b = prev;
    }
    struct tlsf_block *next = next_phys(b);
    if (is_free(next)) {
        free_remove(t, next);
        set_size(b, size_of(b) + HEADER + size_of(next));
        next = next_phys(b);
    }
    b->size |= BLOCK_FREE;
    next->size |= BLOCK_PREV_FREE;
    next->prev_phys = b;
    free_insert(t, b);
}

/* Shrinks the used block b to size bytes, giving the tail back when it is
 * big enough to be a block of its own. */
static void trim(struct tlsf *t, struct tlsf_block *b, size_t size)
{
    size_t have = size_of(b);
    if (have < size + HEADER + MIN_PAYLOAD)
        return;
    struct tlsf_block *rest = (struct tlsf_block *)((char *)payload(b) + size);
    rest->size = have - size - HEADER; /* used, previous used */
    set_size(b, size);
    release(t, rest);
}

static size_t round_up(size_t n, size_t to) { return (n + to - 1) & ~(to - 1); }

/* Gets at least size more bytes of payload from the grow callback. */
static bool grow(struct tlsf *t, size_t size)
{
    /* A block take_fit finds (a whole class up), a sentinel, slack. */
    if (size >= SMALL_LIMIT)
        size += ((size_t)1 << (fls_size(size) - TLSF_SL_LOG2)) - 1;
    size_t need = round_up(size, TLSF_ALIGN) + 2 * HEADER + TLSF_ALIGN;
    size_t ask = need > t->grow_min ? need : t->grow_min;
    char *mem = t->grow(ask, t->grow_ctx);
    if (!mem && ask > need)
        mem = t->grow(ask = need, t->grow_ctx);
    if (!mem)
        return false;
    t->pool_bytes += ask;

    struct tlsf_block *b;
    char *end = mem + ask;
    if (t->sentinel && mem == (char *)t->sentinel + HEADER) {
        /* Right after the last region: its sentinel becomes the new block. */
        b = t->sentinel;
    } else {
        char *start = (char *)round_up((uintptr_t)mem, TLSF_ALIGN);
        b = (struct tlsf_block *)start;
        b->size = 0;
        if (t->regions < TLSF_REGIONS_MAX)
            t->region_first[t->regions] = b;
        t->regions++;
    }
    end = (char *)((uintptr_t)end & ~(uintptr_t)(TLSF_ALIGN - 1));
    struct tlsf_block *sentinel = (struct tlsf_block *)(end - HEADER);
    set_size(b, (size_t)((char *)sentinel - (char *)payload(b)));
    sentinel->size = 0;
    t->sentinel = sentinel;
    release(t, b);
    return true;
}

void tlsf_init(struct tlsf *t, tlsf_grow_fn *grow_fn, void *ctx, size_t grow_min)
{
    memset(t, 0, sizeof *t);
    t->grow = grow_fn;
    t->grow_ctx = ctx;
    t->grow_min = round_up(grow_min, TLSF_ALIGN);
}

/* The payload size a request becomes, or 0 when it is too large. */
static size_t adjust(size_t size)
{
    if (size > TLSF_MAX_SIZE)
        return 0;
    return size < MIN_PAYLOAD ? MIN_PAYLOAD : round_up(size, TLSF_ALIGN);
}

static void *use(struct tlsf *t, struct tlsf_block *b, size_t size)
{
    b->size &= ~BLOCK_FREE;
    next_phys(b)->size &= ~BLOCK_PREV_FREE;
    trim(t, b, size);
    t->used_bytes += size_of(b);
    t->live++;
    return payload(b);
}

void *tlsf_malloc(struct tlsf *t, size_t size)
{
    size_t want = adjust(size);
    if (!want)
        return 0;
    struct tlsf_block *b = take_fit(t, want);
    if (!b) {
        if (!grow(t, want) || !(b = take_fit(t, want)))
            return 0;
    }
    return use(t, b, want);
}

void tlsf_free(struct tlsf *t, void *p)
{
    if (!p)
        return;
    struct tlsf_block *b = block_of(p);
    t->used_bytes -= size_of(b);
    t->live--;
    release(t, b);
}

void *tlsf_realloc(struct tlsf *t, void *p, size_t size)
{
    if (!p)
        return tlsf_malloc(t, size);
    if (!size) {
        tlsf_free(t, p);
        return 0;
    }
    size_t want = adjust(size);
    if (!want)
        return 0;
    struct tlsf_block *b = block_of(p);
    size_t have = size_of(b);
    struct tlsf_block *next = next_phys(b);
    if (want > have && is_free(next) && have + HEADER + size_of(next) >= want) {
        /* Grow in place into the free neighbour. */
        free_remove(t, next);
        set_size(b, have + HEADER + size_of(next));
        next_phys(b)->size &= ~BLOCK_PREV_FREE;
    } else if (want > have) {
        void *q = tlsf_malloc(t, size);
        if (q) {
            memcpy(q, p, have);
            tlsf_free(t, p);
        }
        return q;
    }
    t->used_bytes -= have;
    trim(t, b, want);
    t->used_bytes += size_of(b);
    return p;
}

void *tlsf_memalign(struct tlsf *t, size_t align, size_t size)
{
    if (align <= TLSF_ALIGN)
        return tlsf_malloc(t, size);
    if (align & (align - 1) || align > TLSF_MAX_SIZE)
        return 0;
    size_t want = adjust(size);
    if (!want || want > TLSF_MAX_SIZE - align - HEADER - MIN_PAYLOAD)
        return 0;
    /* Room for the aligned block plus a free block in front of it. */
    char *p = tlsf_malloc(t, want + align + HEADER + MIN_PAYLOAD);
    if (!p)
        return 0;
    char *aligned = (char *)round_up((uintptr_t)p + HEADER + MIN_PAYLOAD, align);
    struct tlsf_block *front = block_of(p), *b = block_of(aligned);
    size_t total = size_of(front);
    t->used_bytes -= total;
    b->size = (size_t)(p + total - aligned); /* used, previous used */
    set_size(front, (size_t)((char *)b - p));
    b->prev_phys = front;
    release(t, front);
    trim(t, b, want);
    t->used_bytes += size_of(b);
    return aligned;
}

size_t tlsf_usable_size(const void *p)
{
    return p ? size_of(block_of(p)) : 0;
}

#define BROKEN(...) do { snprintf(err, errlen, __VA_ARGS__); return false; } while (0)

static bool check_region(const struct tlsf_block *b, size_t *free_blocks,
                         size_t *used, size_t *live, char *err, size_t errlen)
{
    bool prev_free = false;
    const struct tlsf_block *prev = 0;
    for (;;) {
        size_t size = size_of(b);
        if ((uintptr_t)b % TLSF_ALIGN || size % TLSF_ALIGN)
            BROKEN("block %p: misaligned (size %zu)", (void *)b, size);
        if (prev_is_free(b) != prev_free)
            BROKEN("block %p: previous-free flag is %d, the neighbour says %d",
                   (void *)b, prev_is_free(b), prev_free);
        if (prev_free && b->prev_phys != prev)
            BROKEN("block %p: prev_phys %p, not %p", (void *)b, (void *)b->prev_phys, (void *)prev);
        if (size == 0 && !is_free(b))
            return true; /* the sentinel */
        if (size < MIN_PAYLOAD)
            BROKEN("block %p: size %zu is below the minimum", (void *)b, size);
        if (is_free(b)) {
            if (prev_free)
                BROKEN("block %p: two free blocks side by side", (void *)b);
            (*free_blocks)++;
        } else {
            *used += size;
            (*live)++;
        }
        prev_free = is_free(b);
        prev = b;
        b = next_phys(b);
    }
}

bool tlsf_check(const struct tlsf *t, char *err, size_t errlen)
{
    size_t free_blocks = 0, listed = 0, used = 0, live = 0;
    if (t->regions > TLSF_REGIONS_MAX)
        return true; /* cannot walk them all */
    for (unsigned r = 0; r < t->regions; r++)
        if (!check_region(t->region_first[r], &free_blocks, &used, &live, err, errlen))
            return false;
    for (int fl = 0; fl < TLSF_FL_COUNT; fl++) {
        if (!!(t->fl_bitmap & (1ull << fl)) != !!t->sl_bitmap[fl])
            BROKEN("row %d: first-level bit disagrees with its second-level map", fl);
        for (int sl = 0; sl < TLSF_SL_COUNT; sl++) {
            const struct tlsf_block *b = t->heads[fl][sl];
            if (!!(t->sl_bitmap[fl] & (1u << sl)) != !!b)
                BROKEN("class %d/%d: bitmap bit disagrees with the list", fl, sl);
            for (const struct tlsf_block *prev = 0; b; prev = b, b = b->next_free) {
                int f, s;
                mapping(size_of(b), &f, &s);
                if (!is_free(b) || f != fl || s != sl || b->prev_free != prev)
                    BROKEN("class %d/%d: block %p (size %zu) does not belong", fl, sl,
                           (void *)b, size_of(b));
                listed++;
            }
        }
    }
    if (listed != free_blocks)
        BROKEN("%zu blocks listed free, %zu free in memory", listed, free_blocks);
    if (used != t->used_bytes || live != t->live)
        BROKEN("counters say %zu bytes in %zu blocks, memory %zu in %zu",
               t->used_bytes, t->live, used, live);
    return true;
}
