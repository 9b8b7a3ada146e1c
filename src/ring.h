/*
 * ring.h: a byte ring buffer (single producer, single consumer, or any use
 * under a lock). Size is a power of two so indices wrap with a mask.
 */
#ifndef RING_H
#define RING_H

#include <stddef.h>
#include <stdint.h>

struct ring {
    uint8_t *buf;
    uint32_t mask;   /* size - 1 */
    uint32_t head;   /* next write, free-running */
    uint32_t tail;   /* next read, free-running */
};

void ring_init(struct ring *r, uint8_t *buf, uint32_t size);

static inline size_t ring_used(const struct ring *r)
{
    return (uint32_t)(r->head - r->tail);
}

static inline size_t ring_space(const struct ring *r)
{
    return r->mask + 1 - ring_used(r);
}

/* Copy as much as fits (put) or is there (get); return the byte count. */
size_t ring_put(struct ring *r, const void *src, size_t len);
size_t ring_get(struct ring *r, void *dst, size_t len);

#endif
