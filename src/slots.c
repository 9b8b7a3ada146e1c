/*
 * slots.c: first fit over a sorted table of regions. Allocation splits the
 * first free region that is large enough into the slot and a free remainder
 * (one more table entry); freeing merges the slot with free neighbours (one
 * or two entries fewer), so two free regions are never adjacent and the
 * table stays as short as the arena's fragmentation allows.
 */
#include "slots.h"

#include <string.h>

#include "panic.h"

static size_t page_up(size_t n) { return (n + SLOTS_PAGE - 1) & ~(size_t)(SLOTS_PAGE - 1); }

void slots_init(struct slot_arena *a, uintptr_t base, size_t size)
{
    uintptr_t lo = (base + SLOTS_PAGE - 1) & ~(uintptr_t)(SLOTS_PAGE - 1);
    uintptr_t hi = (base + size) & ~(uintptr_t)(SLOTS_PAGE - 1);
    memset(a, 0, sizeof *a);
    a->lock = (struct spinlock)SPINLOCK_INIT;
    if (lo < base || hi < base || hi <= lo) { /* wrapped or no whole page */
        a->base = lo < base ? base : lo;
        return;
    }
    a->base = lo;
    a->size = hi - lo;
    a->region[0] = (struct slot_region){lo, hi - lo, 0};
    a->count = 1;
}

/* Opens a gap at index i for one more region; the caller fills it in. */
static void insert_at(struct slot_arena *a, int i)
{
    memmove(&a->region[i + 1], &a->region[i], (size_t)(a->count - i) * sizeof a->region[0]);
    a->count++;
}

static void remove_at(struct slot_arena *a, int i)
{
    a->count--;
    memmove(&a->region[i], &a->region[i + 1], (size_t)(a->count - i) * sizeof a->region[0]);
}

int slots_alloc(struct slot_arena *a, size_t size, int owner, uintptr_t *base_out)
{
    if (size == 0 || owner <= 0 || !base_out)
        return -TABULA_EINVAL;
    uintptr_t saved = spin_lock_irqsave(&a->lock);
    /* Checked before rounding, so no size can wrap around. */
    size_t need = size > a->size ? 0 : page_up(size);
    for (int i = 0; need && i < a->count; i++) {
        struct slot_region *r = &a->region[i];
        if (r->owner || r->size < need)
            continue;
        if (r->size > need) {
            if (a->count == SLOTS_MAX_REGIONS)
                continue; /* no entry for the remainder: only an exact fit will do */
            insert_at(a, i + 1);
            a->region[i + 1] = (struct slot_region){r->base + need, r->size - need, 0};
            r->size = need;
        }
        r->owner = owner;
        *base_out = r->base;
        spin_unlock_irqrestore(&a->lock, saved);
        return 0;
    }
    spin_unlock_irqrestore(&a->lock, saved);
    return -TABULA_ENOMEM;
}

size_t slots_largest_free(struct slot_arena *a)
{
    uintptr_t saved = spin_lock_irqsave(&a->lock);
    size_t largest = 0;
    for (int i = 0; i < a->count; i++)
        if (!a->region[i].owner && a->region[i].size > largest)
            largest = a->region[i].size;
    spin_unlock_irqrestore(&a->lock, saved);
    return largest;
}

/* The index of the region holding addr, or -1. */
static int find(const struct slot_arena *a, uintptr_t addr)
{
    int lo = 0, hi = a->count;
    while (lo < hi) {
        int mid = lo + (hi - lo) / 2;
        const struct slot_region *r = &a->region[mid];
        if (addr < r->base)
            hi = mid;
        else if (addr - r->base >= r->size)
            lo = mid + 1;
        else
            return mid;
    }
    return -1;
}

void slots_free(struct slot_arena *a, uintptr_t base)
{
    uintptr_t saved = spin_lock_irqsave(&a->lock);
    int i = find(a, base);
    if (i < 0 || a->region[i].base != base || !a->region[i].owner) {
        struct slot_region r = i < 0 ? (struct slot_region){a->base, a->size, 0} : a->region[i];
        spin_unlock_irqrestore(&a->lock, saved);
        if (i < 0)
            panic("slots: free of 0x%lx, outside the arena [0x%lx, 0x%lx)", (unsigned long)base,
                  (unsigned long)r.base, (unsigned long)(r.base + r.size));
        if (!r.owner)
            panic("slots: free of 0x%lx, in free region 0x%lx (%lu bytes): a double free?",
                  (unsigned long)base, (unsigned long)r.base, (unsigned long)r.size);
        panic("slots: free of 0x%lx, inside the slot of task %d at 0x%lx (%lu bytes) but not "
              "its start", (unsigned long)base, r.owner, (unsigned long)r.base,
              (unsigned long)r.size);
    }
    a->region[i].owner = 0;
    if (i + 1 < a->count && !a->region[i + 1].owner) {
        a->region[i].size += a->region[i + 1].size;
        remove_at(a, i + 1);
    }
    if (i > 0 && !a->region[i - 1].owner) {
        a->region[i - 1].size += a->region[i].size;
        remove_at(a, i);
    }
    spin_unlock_irqrestore(&a->lock, saved);
}

int slots_owner_of(struct slot_arena *a, uintptr_t addr, uintptr_t *base, size_t *size)
{
    uintptr_t saved = spin_lock_irqsave(&a->lock);
    int i = find(a, addr);
    struct slot_region r = {0, 0, 0};
    if (i >= 0 && a->region[i].owner)
        r = a->region[i];
    spin_unlock_irqrestore(&a->lock, saved);
    if (base)
        *base = r.base;
    if (size)
        *size = r.size;
    return r.owner;
}

int slots_map(struct slot_arena *a, struct tabula_slot_info *out, int max)
{
    if (!out || max <= 0)
        return 0;
    uintptr_t saved = spin_lock_irqsave(&a->lock);
    int n = a->count < max ? a->count : max;
    for (int i = 0; i < n; i++)
        out[i] = (struct tabula_slot_info){.base = a->region[i].base,
                                           .size = a->region[i].size,
                                           .task = a->region[i].owner};
    spin_unlock_irqrestore(&a->lock, saved);
    return n;
}

void slots_usage(struct slot_arena *a, size_t *used, size_t *free_total)
{
    uintptr_t saved = spin_lock_irqsave(&a->lock);
    size_t u = 0, f = 0;
    for (int i = 0; i < a->count; i++) {
        if (a->region[i].owner)
            u += a->region[i].size;
        else
            f += a->region[i].size;
    }
    spin_unlock_irqrestore(&a->lock, saved);
    if (used)
        *used = u;
    if (free_total)
        *free_total = f;
}
