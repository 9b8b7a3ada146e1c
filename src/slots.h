/*
 * slots.h: the slot arena, the RAM above the kernel that tasks live in. Each
 * task gets one contiguous slot, a whole number of 4 KiB pages, for its
 * whole life. The arena is a fixed table of regions that tile it exactly in
 * address order, used or free; it never allocates memory of its own and
 * never touches the memory it hands out, so it works before anything else
 * does and host tests can run it over made-up addresses.
 */
#ifndef SLOTS_H
#define SLOTS_H

#include <stddef.h>
#include <stdint.h>

#include "spinlock.h"
#include "tabula.h"

#define SLOTS_PAGE 4096u
#define SLOTS_MAX_REGIONS 128 /* used and free together */

struct slot_region {
    uintptr_t base;
    size_t size;
    int owner;     /* task id; 0 = free */
};

struct slot_arena {
    struct spinlock lock;
    uintptr_t base;
    size_t size;
    int count;     /* regions in use in region[] */
    struct slot_region region[SLOTS_MAX_REGIONS];
};

/* Makes [base, base + size), trimmed inward to whole pages, one free
 * region. A range holding no whole page gives an empty arena. */
void slots_init(struct slot_arena *a, uintptr_t base, size_t size);

/*
 * Gives owner (a task id, > 0) the lowest-addressed free run of size bytes
 * rounded up to whole pages, and stores its base in *base_out. Returns 0,
 * -TABULA_EINVAL for size 0 or owner <= 0, or -TABULA_ENOMEM when no free
 * region is large enough or splitting one would overflow the region table
 * (a free region of exactly the right size is still used then).
 */
int slots_alloc(struct slot_arena *a, size_t size, int owner, uintptr_t *base_out);

/* The largest size slots_alloc could serve now (ignoring a full table). */
size_t slots_largest_free(struct slot_arena *a);

/*
 * Frees the slot starting at base and merges it with free neighbours. A base
 * that does not start a used slot is a kernel bug: panic() says what lies
 * there instead.
 */
void slots_free(struct slot_arena *a, uintptr_t base);

/*
 * The owner of the used slot holding addr, with that slot's base and size
 * in *base and *size (either may be NULL); 0, with both set to 0, when addr
 * is in free space or outside the arena.
 */
int slots_owner_of(struct slot_arena *a, uintptr_t addr, uintptr_t *base, size_t *size);

/* Copies up to max regions, in address order (task 0 = free), and returns
 * how many it wrote. */
int slots_map(struct slot_arena *a, struct tabula_slot_info *out, int max);

/* Bytes in used slots and in free regions; they add up to the arena. */
void slots_usage(struct slot_arena *a, size_t *used, size_t *free_total);

#endif
