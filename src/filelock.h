/*
 * filelock.h: POSIX advisory record locks (fcntl's F_RDLCK and F_WRLCK
 * over byte ranges), as a table with no knowledge of tasks, files or
 * sleeping: an owner is a number (a task id), a file a pointer the caller
 * keeps stable while the owner holds locks on it (vfs.c: the file
 * system's one shared node per open file). The caller serialises every
 * call (vfs.c: under the scheduler's lock) and does the sleeping and
 * waking; the rules are here, pure, so that the host tests can check them.
 *
 * The rules are POSIX's: an owner's read and write locks conflict only with
 * other owners' locks (read with write, write with anything) over a byte
 * they share. An owner's own locks never conflict: a new lock replaces
 * whatever the owner held over its range, so a range in the middle of a
 * bigger one splits it, a lock of the same type beside or over one merges
 * with it, and a write over a read upgrades (when nobody else reads there).
 * The table is a fixed pool: a request that would need more ranges than
 * are left, or leave its owner with more than FILELOCK_PER_OWNER, fails
 * with ENOLCK and changes nothing.
 */
#ifndef FILELOCK_H
#define FILELOCK_H

#include <stdbool.h>
#include <stdint.h>

#include "tabula.h"

#define FILELOCK_MAX 128    /* ranges held, all owners and files together */
/* Ranges one owner may hold, so that one task taking lock after lock
 * cannot leave every other task's SQLite with ENOLCK. */
#define FILELOCK_PER_OWNER (FILELOCK_MAX / 4)
#define FILELOCK_WAITERS 32 /* owners waiting at once (the kernel's TASK_MAX) */
/* The end of a range that runs to the end of the file, however far the
 * file grows (l_len 0). Ranges are [start, end). */
#define FILELOCK_EOF UINT64_MAX

enum filelock_type {
    FILELOCK_READ = TABULA_LOCK_READ,
    FILELOCK_WRITE = TABULA_LOCK_WRITE,
    FILELOCK_UNLOCK = TABULA_LOCK_UNLOCK,
};

struct filelock_range {
    const void *file;
    int owner;
    int type;                  /* FILELOCK_READ or _WRITE */
    uint64_t start, end;
};

/* An owner asleep until it can have a range, and which one. */
struct filelock_wait {
    int owner;                 /* 0: this entry is free */
    struct filelock_range want;
};

struct filelock_table {
    int used;                  /* ranges in use: held[0..used) */
    int waiting;               /* entries of wait[] in use */
    struct filelock_range held[FILELOCK_MAX];
    struct filelock_wait wait[FILELOCK_WAITERS];
};

/*
 * The absolute range [*start, *end) a request names: l_start from whence's
 * base (0, the file position pos, or the file's size), l_len bytes (0: to
 * the end of the file; negative: the -l_len bytes before l_start, as
 * POSIX has it). 0, or -TABULA_EINVAL for a bad whence, a range that
 * begins before byte 0, or one whose end does not fit in an off_t.
 */
int filelock_range(int whence, int64_t l_start, int64_t l_len, int64_t pos, int64_t size,
                   uint64_t *start, uint64_t *end);

/* True when another owner's lock on file conflicts with a lock of type
 * over [start, end); the first such range is copied to *out (may be NULL). */
bool filelock_conflict(const struct filelock_table *t, const void *file, int owner, int type,
                       uint64_t start, uint64_t end, struct filelock_range *out);

/*
 * Sets owner's lock over [start, end) of file to type (FILELOCK_UNLOCK
 * removes it). Returns 0; -TABULA_EAGAIN when another owner's lock
 * conflicts (nothing changes); -TABULA_ENOLCK when the pool or the owner's share cannot hold
 * the result (nothing changes); -TABULA_EINVAL for a bad type or an empty
 * range.
 */
int filelock_set(struct filelock_table *t, const void *file, int owner, int type,
                 uint64_t start, uint64_t end);

/* Drops every lock owner holds on file (NULL: on every file), and its
 * wait. Never fails. Returns how many ranges went. */
int filelock_drop(struct filelock_table *t, const void *file, int owner);

/*
 * Would owner, asking for type over [start, end) of file, wait in a cycle:
 * for an owner that, directly or through other waiters, waits for a lock
 * owner holds? Looked at against the locks as they are now, so a waiter
 * whose blocker has gone but which has not retried yet adds no false edge.
 */
bool filelock_deadlock(const struct filelock_table *t, const void *file, int owner, int type,
                       uint64_t start, uint64_t end);

/* Records that owner waits for the range (0), or -TABULA_ENOLCK when
 * FILELOCK_WAITERS already wait; filelock_unwait forgets it. */
int filelock_wait(struct filelock_table *t, const void *file, int owner, int type,
                  uint64_t start, uint64_t end);
void filelock_unwait(struct filelock_table *t, int owner);

#endif
