/*
 * kmem.c: the kernel heap, a fixed HEAP_SIZE region placed by the linker
 * script right after .bss. Nothing in the kernel grows it: code that
 * allocates must cope with NULL.
 */
#include "kmem.h"

#include <string.h>

#include "heap.h"

static uint8_t heap_area[HEAP_SIZE] __attribute__((section(".heap"), aligned(4096)));
static struct heap kernel_heap;

void kmem_init(void)
{
    heap_init(&kernel_heap, heap_area, sizeof heap_area);
}

void *kmalloc(size_t size)
{
    return heap_alloc(&kernel_heap, size);
}

void *kzalloc(size_t size)
{
    void *p = heap_alloc(&kernel_heap, size);
    if (p)
        memset(p, 0, size);
    return p;
}

void *kmalloc_aligned(size_t size, size_t align)
{
    return heap_alloc_aligned(&kernel_heap, size, align);
}

void kfree(void *p)
{
    heap_free(&kernel_heap, p);
}

void kmem_stats(struct tabula_heap_stats *out)
{
    heap_stats(&kernel_heap, out);
}
