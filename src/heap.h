/*
 * heap.h: the kernel's fixed heap, a first-fit allocator over one region of
 * memory set aside at boot. It is an instance (struct heap) so host tests can
 * run many heaps side by side; the kernel keeps one.
 *
 * Every block carries a header with a magic word and a checksum of its own
 * fields, so a stray write, a double free or a pointer that never came from
 * the heap stops the kernel with a message naming the block, instead of
 * corrupting memory quietly. Freed memory is filled with HEAP_JUNK so a
 * dangling pointer reads garbage, and heap_check() notices a write through
 * one. All calls take the heap's spinlock with interrupts masked, so they are
 * safe from interrupt handlers and from other harts.
 */
#ifndef HEAP_H
#define HEAP_H

#include <stddef.h>
#include <stdint.h>

#include "spinlock.h"
#include "tabula.h"

#define HEAP_ALIGN 16          /* every pointer heap_alloc returns */
#define HEAP_MAX_ALIGN 4096    /* the largest heap_alloc_aligned accepts */
#define HEAP_JUNK 0xdf         /* the byte freed memory is filled with */

struct heap_block;

struct heap {
    struct spinlock lock;
    uintptr_t start, end;          /* [start, end): every block lies here */
    struct heap_block *free_list;  /* free blocks in address order */
    size_t used;                   /* bytes in live blocks, headers included */
    size_t live;                   /* live allocations */
    uintptr_t saved_irq;           /* what the lock holder's irqsave found */
};

/*
 * Makes [base, base + size) an empty heap. The region is trimmed inward to
 * HEAP_ALIGN; one too small to hold a block gives a heap where every
 * allocation fails.
 */
void heap_init(struct heap *h, void *base, size_t size);

/*
 * Returns at least size bytes aligned to HEAP_ALIGN, or NULL when no free
 * block is large enough (a size larger than the heap, however large, is just
 * NULL). Size 0 is served as the smallest block: a unique pointer that must
 * be freed like any other, so NULL always means "out of memory".
 */
void *heap_alloc(struct heap *h, size_t size);

/*
 * Like heap_alloc, aligned to align (a power of two up to HEAP_MAX_ALIGN;
 * smaller than HEAP_ALIGN counts as HEAP_ALIGN). NULL for any other align.
 * The pointer is freed with heap_free like any other.
 */
void *heap_alloc_aligned(struct heap *h, size_t size, size_t align);

/*
 * Returns a block to the heap and merges it with free neighbours. NULL is a
 * no-op. A pointer that is not a live block of this heap (freed already,
 * misaligned, from elsewhere, or with a trampled header) is a kernel bug:
 * panic() names the block and its recorded size.
 */
void heap_free(struct heap *h, void *p);

/*
 * size = used + free. used and free count headers; largest_free is the
 * largest size a heap_alloc would serve right now.
 */
void heap_stats(struct heap *h, struct tabula_heap_stats *out);

/*
 * Walks every block and the free list: headers, checksums, sizes, the link
 * to the previous block, coalescing, junk in free memory, the counters.
 * Returns 0 if all is consistent, else -1 with a message in err.
 */
int heap_check(struct heap *h, char *err, size_t errlen);

#endif
