/*
 * filelock.c: the rules of POSIX record locks over a fixed pool (see
 * filelock.h). held[] is dense, [0, used), and unordered: a task holds a
 * few ranges (SQLite at most three per database), so a scan of what is in
 * use beats keeping it sorted, and removal is a swap with the last.
 */
#include "filelock.h"

#include "tabula.h"

_Static_assert(FILELOCK_WAITERS <= 32, "filelock_deadlock marks waiters in a uint32_t");

static bool overlaps(const struct filelock_range *r, uint64_t start, uint64_t end)
{
    return r->start < end && start < r->end;
}

static bool conflicts(const struct filelock_range *r, const struct filelock_range *want)
{
    return r->file == want->file && r->owner != want->owner &&
           (want->type == FILELOCK_WRITE || r->type == FILELOCK_WRITE) &&
           overlaps(r, want->start, want->end);
}

static bool mine(const struct filelock_range *r, const void *file, int owner)
{
    return r->file == file && r->owner == owner;
}

int filelock_range(int whence, int64_t l_start, int64_t l_len, int64_t pos, int64_t size,
                   uint64_t *start, uint64_t *end)
{
    int64_t base, s, edge;
    switch (whence) {
    case TABULA_SEEK_SET: base = 0; break;
    case TABULA_SEEK_CUR: base = pos; break;
    case TABULA_SEEK_END: base = size; break;
    default: return -TABULA_EINVAL;
    }
    if (base < 0 || __builtin_add_overflow(base, l_start, &s) || s < 0)
        return -TABULA_EINVAL;
    if (l_len == 0) {
        *start = (uint64_t)s;
        *end = FILELOCK_EOF;
    } else if (l_len > 0) {
        /* The last byte must be an offset an off_t can name. */
        if (__builtin_add_overflow(s, l_len - 1, &edge))
            return -TABULA_EINVAL;
        *start = (uint64_t)s;
        *end = (uint64_t)edge + 1;
    } else {
        if (__builtin_add_overflow(s, l_len, &edge) || edge < 0)
            return -TABULA_EINVAL;
        *start = (uint64_t)edge;
        *end = (uint64_t)s;
    }
    return 0;
}

bool filelock_conflict(const struct filelock_table *t, const void *file, int owner, int type,
                       uint64_t start, uint64_t end, struct filelock_range *out)
{
    const struct filelock_range want = {file, owner, type, start, end};
    for (int i = 0; i < t->used; i++) {
        if (conflicts(&t->held[i], &want)) {
            if (out)
                *out = t->held[i];
            return true;
        }
    }
    return false;
}

int filelock_set(struct filelock_table *t, const void *file, int owner, int type,
                 uint64_t start, uint64_t end)
{
    if ((type != FILELOCK_READ && type != FILELOCK_WRITE && type != FILELOCK_UNLOCK) ||
        start >= end)
        return -TABULA_EINVAL;
    bool lock = type != FILELOCK_UNLOCK;
    if (lock && filelock_conflict(t, file, owner, type, start, end, 0))
        return -TABULA_EAGAIN;
    /* The owner's ranges of the same type that overlap or touch the new
     * one join it. They are disjoint and never touch each other (this
     * keeps them so), so one pass finds them all. */
    uint64_t ms = start, me = end;
    for (int i = 0; lock && i < t->used; i++) {
        const struct filelock_range *r = &t->held[i];
        if (mine(r, file, owner) && r->type == type && r->start <= end && start <= r->end) {
            ms = r->start < ms ? r->start : ms;
            me = r->end > me ? r->end : me;
        }
    }
    /* Every own range over [ms, me) goes, less what sticks out on either
     * side: count what the result needs before changing anything. */
    int grow = lock, owned = 0;
    for (int i = 0; i < t->used; i++) {
        const struct filelock_range *r = &t->held[i];
        owned += r->owner == owner;
        if (mine(r, file, owner) && overlaps(r, ms, me))
            grow += (r->start < ms) + (r->end > me) - 1;
    }
    if (grow > 0 && (t->used + grow > FILELOCK_MAX || owned + grow > FILELOCK_PER_OWNER))
        return -TABULA_ENOLCK;
    /* Backwards: a removal moves the last range (already seen) into i, and
     * a split appends a piece (not to be seen). */
    for (int i = t->used - 1; i >= 0; i--) {
        struct filelock_range *r = &t->held[i];
        if (!mine(r, file, owner) || !overlaps(r, ms, me))
            continue;
        if (r->start < ms && r->end > me) {
            t->held[t->used] = *r;
            t->held[t->used++].start = me;
            r->end = ms;
        } else if (r->start < ms) {
            r->end = ms;
        } else if (r->end > me) {
            r->start = me;
        } else {
            *r = t->held[--t->used];
        }
    }
    if (lock)
        t->held[t->used++] = (struct filelock_range){file, owner, type, ms, me};
    return 0;
}

int filelock_drop(struct filelock_table *t, const void *file, int owner)
{
    int n = 0;
    for (int i = t->used - 1; i >= 0; i--) {
        if (t->held[i].owner == owner && (!file || t->held[i].file == file)) {
            t->held[i] = t->held[--t->used];
            n++;
        }
    }
    filelock_unwait(t, owner);
    return n;
}

/* True when who holds a range that conflicts with want. */
static bool blocks(const struct filelock_table *t, int who, const struct filelock_range *want)
{
    for (int i = 0; i < t->used; i++)
        if (t->held[i].owner == who && conflicts(&t->held[i], want))
            return true;
    return false;
}

/* Marks in *reached the waiters that hold a lock in want's way. */
static void mark_blockers(const struct filelock_table *t, const struct filelock_range *want,
                          uint32_t *reached)
{
    for (int j = 0; j < FILELOCK_WAITERS; j++)
        if (t->wait[j].owner && blocks(t, t->wait[j].owner, want))
            *reached |= 1u << j;
}

bool filelock_deadlock(const struct filelock_table *t, const void *file, int owner, int type,
                       uint64_t start, uint64_t end)
{
    const struct filelock_range want = {file, owner, type, start, end};
    uint32_t reached = 0, done = 0;
    if (!t->waiting)
        return false;
    /* A walk of the waits-for graph from the request: only waiters can
     * lead anywhere (one that holds what is wanted and does not wait will
     * let go in its own time). A cycle is a waiter reached that waits for
     * something the requesting owner holds. */
    mark_blockers(t, &want, &reached);
    while (reached & ~done) {
        int i = __builtin_ctz(reached & ~done);
        done |= 1u << i;
        if (blocks(t, owner, &t->wait[i].want))
            return true;
        mark_blockers(t, &t->wait[i].want, &reached);
    }
    return false;
}

int filelock_wait(struct filelock_table *t, const void *file, int owner, int type,
                  uint64_t start, uint64_t end)
{
    filelock_unwait(t, owner);
    for (int j = 0; j < FILELOCK_WAITERS; j++) {
        if (!t->wait[j].owner) {
            t->wait[j] = (struct filelock_wait){owner, {file, owner, type, start, end}};
            t->waiting++;
            return 0;
        }
    }
    return -TABULA_ENOLCK;
}

void filelock_unwait(struct filelock_table *t, int owner)
{
    for (int j = 0; t->waiting && j < FILELOCK_WAITERS; j++) {
        if (t->wait[j].owner == owner) {
            t->wait[j].owner = 0;
            t->waiting--;
        }
    }
}
