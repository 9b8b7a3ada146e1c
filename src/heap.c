/*
 * heap.c: a first-fit allocator with boundary tags. The heap is a row of
 * blocks that tile [start, end) exactly; each starts with a 32-byte header
 * (its size, the size of the block below it, a magic word and a checksum of
 * all three) and the payload follows. Free blocks are also on a doubly linked
 * list in address order, whose links live in the first 16 payload bytes, so
 * first fit prefers low addresses and keeps the top of the heap in one piece.
 * A freed block merges at once with free neighbours on both sides, so two
 * free blocks are never adjacent. Every other byte of free memory holds
 * HEAP_JUNK; allocation checks the bytes it hands out still do.
 *
 * "Block 0x..." in messages is the payload address the caller saw, and its
 * size is the payload's.
 */
#include "heap.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "panic.h"

#define MAGIC_USED 0x75736564u /* "used" */
#define MAGIC_FREE 0x66726565u /* "free" */

struct heap_block {
    uint64_t size;      /* the whole block, header included */
    uint64_t prev_size; /* the block just below; 0 for the first */
    uint32_t magic;
    uint32_t zero;      /* always 0; covered by the checksum */
    uint64_t check;     /* block_sum() */
};

struct heap_links {
    struct heap_block *next, *prev;
};

#define HDR ((uintptr_t)sizeof(struct heap_block))
#define LINKS ((uintptr_t)16)
#define MIN_BLOCK (HDR + LINKS)

_Static_assert(sizeof(struct heap_block) % HEAP_ALIGN == 0, "header keeps payloads aligned");
_Static_assert(sizeof(struct heap_links) <= LINKS, "links fit the smallest payload");

static uintptr_t align_up(uintptr_t x, uintptr_t a) { return (x + a - 1) & ~(a - 1); }
static uintptr_t addr(const void *p) { return (uintptr_t)p; }
static struct heap_block *at(uintptr_t a) { return (struct heap_block *)a; }
static struct heap_links *links(struct heap_block *b) { return (struct heap_links *)(addr(b) + HDR); }
static unsigned long payload(const struct heap_block *b) { return (unsigned long)(addr(b) + HDR); }
static unsigned long bytes(const struct heap_block *b) { return b->size > HDR ? (unsigned long)(b->size - HDR) : 0; }

/* Mixes the header fields with the block's own address, so a header copied
 * elsewhere or overwritten with plausible numbers still fails the check. */
static uint64_t block_sum(const struct heap_block *b)
{
    uint64_t x = (uint64_t)addr(b) * 0x9e3779b97f4a7c15u;
    x ^= b->size + 0x632be59bd9b4e019u * b->prev_size;
    x ^= ((uint64_t)b->magic << 32 | b->zero) * 0xbf58476d1ce4e5b9u;
    x ^= x >> 31;
    x *= 0x94d049bb133111ebu;
    return x ^ (x >> 29);
}

static void seal(struct heap_block *b) { b->check = block_sum(b); }

/* NULL if b looks like a sound header inside the heap, else why not. Reads
 * nothing outside the heap. */
static const char *block_problem(const struct heap *h, const struct heap_block *b)
{
    uintptr_t a = addr(b);
    if (a < h->start || a >= h->end || h->end - a < HDR)
        return "outside the heap";
    if (a % HEAP_ALIGN)
        return "misaligned";
    if (b->magic != MAGIC_USED && b->magic != MAGIC_FREE)
        return "bad magic";
    if (b->check != block_sum(b) || b->zero)
        return "bad checksum";
    if (b->size < MIN_BLOCK || b->size % HEAP_ALIGN || b->size > h->end - a)
        return "bad size";
    return 0;
}

static void lock(struct heap *h) { h->saved_irq = spin_lock_irqsave(&h->lock); }
static void unlock(struct heap *h) { spin_unlock_irqrestore(&h->lock, h->saved_irq); }

/* Corruption: drop the lock (so a host test can go on) and panic. */
__attribute__((noreturn, format(printf, 2, 3))) static void corrupt(struct heap *h, const char *fmt, ...)
{
    char msg[200];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    unlock(h);
    panic("%s", msg);
}

static void expect_sound(struct heap *h, struct heap_block *b, uint32_t magic, const char *what)
{
    const char *why = block_problem(h, b);
    if (!why && b->magic != magic)
        why = magic == MAGIC_FREE ? "in use but on the free list" : "free";
    if (why)
        corrupt(h, "heap: corrupted header of %s block 0x%lx (recorded size %lu bytes): %s",
                what, payload(b), bytes(b), why);
}

static struct heap_block *phys_next(struct heap *h, struct heap_block *b)
{
    uintptr_t n = addr(b) + b->size;
    return n < h->end ? at(n) : 0;
}

/* Tells the block above b (if any) how big b is now. */
static void update_next(struct heap *h, struct heap_block *b)
{
    struct heap_block *n = phys_next(h, b);
    if (n) {
        n->prev_size = b->size;
        seal(n);
    }
}

/* The next free block, after checking the link and its target. */
static struct heap_block *free_next(struct heap *h, struct heap_block *f)
{
    struct heap_block *n = links(f)->next;
    if (!n)
        return 0;
    if (addr(n) <= addr(f) || block_problem(h, n) || n->magic != MAGIC_FREE ||
        links(n)->prev != f)
        corrupt(h, "heap: free list broken after block 0x%lx (%lu bytes): next is 0x%lx",
                payload(f), bytes(f), (unsigned long)(addr(n) + HDR));
    return n;
}

static void list_unlink(struct heap *h, struct heap_block *f)
{
    struct heap_links *l = links(f);
    if (l->prev)
        links(l->prev)->next = l->next;
    else
        h->free_list = l->next;
    if (l->next)
        links(l->next)->prev = l->prev;
}

/* Puts f on the free list in address order. after is a listed free block
 * below f to start the search from, or NULL to start at the head. */
static void list_insert(struct heap *h, struct heap_block *f, struct heap_block *after)
{
    struct heap_block *next = after ? links(after)->next : h->free_list;
    while (next && addr(next) < addr(f)) {
        after = next;
        next = free_next(h, next);
    }
    links(f)->prev = after;
    links(f)->next = next;
    if (after)
        links(after)->next = f;
    else
        h->free_list = f;
    if (next)
        links(next)->prev = f;
}

void heap_init(struct heap *h, void *base, size_t size)
{
    uintptr_t lo = align_up(addr(base), HEAP_ALIGN);
    uintptr_t hi = (addr(base) + size) & ~(uintptr_t)(HEAP_ALIGN - 1);
    memset(h, 0, sizeof *h);
    h->lock = (struct spinlock)SPINLOCK_INIT;
    if (hi <= lo || hi - lo < MIN_BLOCK) {
        h->start = h->end = lo;
        return;
    }
    h->start = lo;
    h->end = hi;
    memset((void *)lo, HEAP_JUNK, hi - lo);
    struct heap_block *b = at(lo);
    *b = (struct heap_block){.size = hi - lo, .magic = MAGIC_FREE};
    seal(b);
    links(b)->next = links(b)->prev = 0;
    h->free_list = b;
}

/* The payload address a request of need bytes aligned to align would get
 * in free block f, or 0 if it does not fit. A gap before it must be big
 * enough to stay behind as a free block of its own. */
static uintptr_t fit(struct heap_block *f, size_t need, size_t align)
{
    uintptr_t p = addr(f) + HDR, end = addr(f) + f->size;
    uintptr_t a = align_up(p, align);
    if (a != p && a - p < MIN_BLOCK)
        a = align_up(p + MIN_BLOCK, align);
    return a <= end && end - a >= need ? a : 0;
}

/* Panics unless the bytes about to be handed out still hold junk. */
static void check_junk(struct heap *h, struct heap_block *f, uintptr_t from, uintptr_t to)
{
    if (from < addr(f) + MIN_BLOCK)
        from = addr(f) + MIN_BLOCK; /* skip f's links */
    /* A word at a time (payloads are HEAP_ALIGN-aligned), then the bytes
     * of the word that differs, to name the first one. */
    const uint64_t junk = HEAP_JUNK * 0x0101010101010101ull;
    if (from % 8 == 0)
        for (uintptr_t end = to & ~(uintptr_t)7; from < end; from += 8)
            if (*(const uint64_t *)from != junk)
                break;
    for (const unsigned char *c = (const unsigned char *)from; addr(c) < to; c++)
        if (*c != HEAP_JUNK)
            corrupt(h, "heap: free memory at 0x%lx in free block 0x%lx (%lu bytes) "
                       "was written after it was freed (0x%02x, not junk)",
                    (unsigned long)addr(c), payload(f), bytes(f), *c);
}

/* Makes the used block for payload a (need bytes) out of free block f. */
static struct heap_block *carve(struct heap *h, struct heap_block *f, uintptr_t a, size_t need)
{
    uintptr_t end = addr(f) + f->size;
    struct heap_block *b = at(a - HDR), *after;
    check_junk(h, f, a, a + need);
    if (b != f) {
        /* The gap below stays free, in place on the list. */
        f->size = addr(b) - addr(f);
        seal(f);
        after = f;
    } else {
        after = links(f)->prev;
        list_unlink(h, f);
    }
    *b = (struct heap_block){.size = end - addr(b), .prev_size = b == f ? f->prev_size : f->size,
                             .magic = MAGIC_USED};
    if (end - (a + need) >= MIN_BLOCK) {
        struct heap_block *r = at(a + need);
        b->size = HDR + need;
        *r = (struct heap_block){.size = end - addr(r), .prev_size = b->size, .magic = MAGIC_FREE};
        seal(r);
        list_insert(h, r, after);
        update_next(h, r);
    } else {
        update_next(h, b);
    }
    seal(b);
    h->used += b->size;
    h->live++;
    return b;
}

void *heap_alloc_aligned(struct heap *h, size_t size, size_t align)
{
    if (align & (align - 1) || align > HEAP_MAX_ALIGN)
        return 0;
    if (align < HEAP_ALIGN)
        align = HEAP_ALIGN;
    lock(h);
    /* Checked before rounding, so no size can wrap around. */
    if (size > h->end - h->start) {
        unlock(h);
        return 0;
    }
    size_t need = size ? align_up(size, HEAP_ALIGN) : HEAP_ALIGN;
    void *p = 0;
    for (struct heap_block *f = h->free_list; f; f = free_next(h, f)) {
        expect_sound(h, f, MAGIC_FREE, "free");
        uintptr_t a = fit(f, need, align);
        if (a) {
            p = (void *)(addr(carve(h, f, a, need)) + HDR);
            break;
        }
    }
    unlock(h);
    return p;
}

void *heap_alloc(struct heap *h, size_t size)
{
    return heap_alloc_aligned(h, size, HEAP_ALIGN);
}

/* p is not a sound used block: find out what it is, for the message. */
__attribute__((noreturn)) static void bad_free(struct heap *h, uintptr_t p)
{
    if (p < h->start + HDR || p >= h->end)
        corrupt(h, "heap: free of 0x%lx, which is not from this heap [0x%lx, 0x%lx)",
                (unsigned long)p, (unsigned long)h->start, (unsigned long)h->end);
    for (uintptr_t a = h->start; a < h->end; a += at(a)->size) {
        struct heap_block *b = at(a);
        const char *why = block_problem(h, b);
        if (why)
            corrupt(h, "heap: corrupted header of block 0x%lx (recorded size %lu bytes): %s",
                    payload(b), bytes(b), why);
        if (p == a + HDR)
            corrupt(h, "heap: double free of block 0x%lx (%lu bytes)", payload(b), bytes(b));
        if (p >= a + b->size)
            continue;
        if (b->magic == MAGIC_FREE)
            corrupt(h, "heap: double free of block 0x%lx: it lies inside free block 0x%lx (%lu bytes)",
                    (unsigned long)p, payload(b), bytes(b));
        corrupt(h, "heap: free of 0x%lx, inside block 0x%lx (%lu bytes) but not its start",
                (unsigned long)p, payload(b), bytes(b));
    }
    corrupt(h, "heap: free of 0x%lx, which no block holds", (unsigned long)p);
}

void heap_free(struct heap *h, void *ptr)
{
    if (!ptr)
        return;
    lock(h);
    uintptr_t p = addr(ptr);
    struct heap_block *b = at(p - HDR);
    if (p % HEAP_ALIGN || p < h->start + HDR || p >= h->end || block_problem(h, b) ||
        b->magic != MAGIC_USED)
        bad_free(h, p);
    struct heap_block *next = phys_next(h, b);
    if (next && (block_problem(h, next) || next->prev_size != b->size))
        corrupt(h, "heap: block 0x%lx (%lu bytes) overran into the header above it at 0x%lx",
                payload(b), bytes(b), (unsigned long)addr(next));
    struct heap_block *prev = b->prev_size ? at(addr(b) - b->prev_size) : 0;
    if (prev && (block_problem(h, prev) || prev->size != b->prev_size))
        corrupt(h, "heap: the header below block 0x%lx (%lu bytes) is corrupt",
                payload(b), bytes(b));

    h->used -= b->size;
    h->live--;
    memset((void *)(addr(b) + HDR), HEAP_JUNK, b->size - HDR);
    b->magic = MAGIC_FREE;
    struct heap_block *after = 0;
    if (next && next->magic == MAGIC_FREE) {
        after = links(next)->prev;
        list_unlink(h, next);
        b->size += next->size;
        memset(next, HEAP_JUNK, MIN_BLOCK);
    }
    if (prev && prev->magic == MAGIC_FREE) {
        prev->size += b->size;
        memset(b, HEAP_JUNK, MIN_BLOCK);
        b = prev;
    } else {
        list_insert(h, b, after);
    }
    seal(b);
    update_next(h, b);
    unlock(h);
}

void heap_stats(struct heap *h, struct tabula_heap_stats *out)
{
    lock(h);
    out->size = h->end - h->start;
    out->used = h->used;
    out->free = out->size - h->used;
    out->live_allocations = h->live;
    out->largest_free = 0;
    for (struct heap_block *f = h->free_list; f; f = free_next(h, f)) {
        expect_sound(h, f, MAGIC_FREE, "free");
        if (f->size - HDR > out->largest_free)
            out->largest_free = f->size - HDR;
    }
    unlock(h);
}

__attribute__((format(printf, 4, 5))) static int check_fail(struct heap *h, char *err, size_t len,
                                                            const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    if (len)
        vsnprintf(err, len, fmt, ap);
    va_end(ap);
    unlock(h);
    return -1;
}

int heap_check(struct heap *h, char *err, size_t errlen)
{
    lock(h);
    size_t used = 0, live = 0, nfree = 0;
    uint64_t below = 0;
    bool below_free = false;
    for (uintptr_t a = h->start; a < h->end; a += at(a)->size) {
        struct heap_block *b = at(a);
        const char *why = block_problem(h, b);
        if (why)
            return check_fail(h, err, errlen, "heap: block 0x%lx (recorded size %lu bytes): %s",
                              payload(b), bytes(b), why);
        if (b->prev_size != below)
            return check_fail(h, err, errlen, "heap: block 0x%lx says the block below has %lu "
                              "bytes, it has %lu", payload(b), (unsigned long)b->prev_size,
                              (unsigned long)below);
        below = b->size;
        if (b->magic == MAGIC_USED) {
            used += b->size;
            live++;
            below_free = false;
            continue;
        }
        if (below_free)
            return check_fail(h, err, errlen, "heap: free block 0x%lx was not merged with the "
                              "free block below it", payload(b));
        below_free = true;
        nfree++;
        for (const unsigned char *c = (void *)(a + MIN_BLOCK); addr(c) < a + b->size; c++)
            if (*c != HEAP_JUNK)
                return check_fail(h, err, errlen, "heap: free block 0x%lx (%lu bytes) was "
                                  "written at 0x%lx after it was freed", payload(b), bytes(b),
                                  (unsigned long)addr(c));
    }
    size_t listed = 0;
    struct heap_block *prev = 0;
    for (struct heap_block *f = h->free_list; f; prev = f, f = links(f)->next) {
        if (block_problem(h, f) || f->magic != MAGIC_FREE || links(f)->prev != prev ||
            (prev && addr(f) <= addr(prev)) || ++listed > nfree)
            return check_fail(h, err, errlen, "heap: free list broken at 0x%lx",
                              (unsigned long)(addr(f) + HDR));
    }
    if (listed != nfree)
        return check_fail(h, err, errlen, "heap: %lu free blocks but %lu on the free list",
                          (unsigned long)nfree, (unsigned long)listed);
    if (used != h->used || live != h->live)
        return check_fail(h, err, errlen, "heap: counters say %lu bytes in %lu blocks, the "
                          "blocks say %lu in %lu", (unsigned long)h->used,
                          (unsigned long)h->live, (unsigned long)used, (unsigned long)live);
    unlock(h);
    return 0;
}
