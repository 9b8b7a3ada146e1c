/*
 * ring.c: byte ring buffers for task console streams and serial input.
 * head and tail run freely and wrap at 2^32; their difference is the fill
 * level, which stays correct across the wrap because the size is a power of
 * two no larger than 2^31.
 */
#include "ring.h"

#include <string.h>

void ring_init(struct ring *r, uint8_t *buf, uint32_t size)
{
    r->buf = buf;
    r->mask = size - 1;
    r->head = r->tail = 0;
}

/* Copies len bytes between the ring at index pos and flat memory, in at
 * most two pieces because of the wrap. */
static void ring_copy(const struct ring *r, uint32_t pos, uint8_t *flat,
                      size_t len, int into_ring)
{
    uint32_t at = pos & r->mask;
    size_t first = r->mask + 1 - at;
    if (first > len)
        first = len;
    if (into_ring)
        memcpy(r->buf + at, flat, first);
    else
        memcpy(flat, r->buf + at, first);
    if (first == len)
        return; /* no wrap: the usual case, and one call less */
    if (into_ring)
        memcpy(r->buf, flat + first, len - first);
    else
        memcpy(flat + first, r->buf, len - first);
}

size_t ring_put(struct ring *r, const void *src, size_t len)
{
    size_t space = ring_space(r);
    if (len > space)
        len = space;
    if (!len)
        return 0;
    ring_copy(r, r->head, (uint8_t *)src, len, 1);
    r->head += (uint32_t)len;
    return len;
}

size_t ring_get(struct ring *r, void *dst, size_t len)
{
    size_t used = ring_used(r);
    if (len > used)
        len = used;
    if (!len)
        return 0;
    ring_copy(r, r->tail, dst, len, 0);
    r->tail += (uint32_t)len;
    return len;
}
