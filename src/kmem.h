/* kmem.h: the kernel's one fixed heap (HEAP_SIZE bytes, a build setting). */
#ifndef KMEM_H
#define KMEM_H

#include <stddef.h>

#include "tabula.h"

void kmem_init(void);
/* NULL when the heap cannot serve the request: callers handle it. */
void *kmalloc(size_t size);
void *kzalloc(size_t size);
void *kmalloc_aligned(size_t size, size_t align);
void kfree(void *p);
void kmem_stats(struct tabula_heap_stats *out);

#endif
