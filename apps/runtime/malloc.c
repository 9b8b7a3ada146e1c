/*
 * malloc.c: the C library's allocation calls for apps, on the runtime's
 * TLSF allocator (tlsf.c) in place of Picolibc's, which walks a free list.
 * The heap grows with sbrk, 16 KiB at a time (less when the slot has no
 * more). Defining every entry of Picolibc's malloc family here keeps its
 * own objects out of the link.
 */
#include <errno.h>
#include <stdbool.h>
#include <malloc.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tlsf.h"

#define MALLOC_GROW_MIN (16 * 1024)

static struct tlsf heap;
static bool heap_ready;

static void *heap_grow(size_t bytes, void *ctx)
{
    (void)ctx;
    void *p = sbrk((ptrdiff_t)bytes);
    return p == (void *)-1 ? NULL : p;
}

static struct tlsf *the_heap(void)
{
    if (!heap_ready) {
        tlsf_init(&heap, heap_grow, NULL, MALLOC_GROW_MIN);
        heap_ready = true;
    }
    return &heap;
}

static void *or_enomem(void *p)
{
    if (!p)
        errno = ENOMEM;
    return p;
}

void *malloc(size_t size)
{
    return or_enomem(tlsf_malloc(the_heap(), size));
}

void free(void *p)
{
    if (p)
        tlsf_free(&heap, p);
}

void *realloc(void *p, size_t size)
{
    void *q = tlsf_realloc(the_heap(), p, size);
    return size && !q ? or_enomem(q) : q;
}

void *calloc(size_t n, size_t size)
{
    size_t total;
    if (__builtin_mul_overflow(n, size, &total))
        return or_enomem(NULL);
    void *p = malloc(total);
    if (p)
        memset(p, 0, total);
    return p;
}

void *memalign(size_t align, size_t size)
{
    return or_enomem(tlsf_memalign(the_heap(), align, size));
}

void *aligned_alloc(size_t align, size_t size)
{
    return memalign(align, size);
}

int posix_memalign(void **out, size_t align, size_t size)
{
    if (align < sizeof(void *) || (align & (align - 1)))
        return EINVAL;
    void *p = tlsf_memalign(the_heap(), align, size);
    if (!p)
        return ENOMEM;
    *out = p;
    return 0;
}

void *valloc(size_t size)
{
    return memalign(4096, size);
}

void *pvalloc(size_t size)
{
    return memalign(4096, (size + 4095) & ~(size_t)4095);
}

size_t malloc_usable_size(void *p)
{
    return tlsf_usable_size(p);
}

struct mallinfo mallinfo(void)
{
    struct mallinfo m;
    memset(&m, 0, sizeof m);
    m.arena = heap.pool_bytes;
    m.uordblks = heap.used_bytes;
    m.fordblks = heap.pool_bytes - heap.used_bytes;
    return m;
}
