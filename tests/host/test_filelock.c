/*
 * test_filelock.c: POSIX record locks (filelock.h): how requests name
 * ranges, conflicts between owners, an owner's own locks splitting,
 * merging, upgrading and downgrading, the pool running out, deadlock
 * detection; and a model test, thousands of random requests by three
 * owners on two files checked byte by byte against plain arrays.
 */
#include "check.h"
#include "filelock.h"
#include "tabula.h"

#include <stdlib.h>

static struct filelock_table table;
static const char file_a[1], file_b[1];
#define A ((const void *)file_a)
#define B ((const void *)file_b)
#define R FILELOCK_READ
#define W FILELOCK_WRITE
#define U FILELOCK_UNLOCK
#define EOF_ FILELOCK_EOF

static void reset(void)
{
    memset(&table, 0, sizeof table);
}

/* owner's ranges on file, sorted by start, as "R0-10 W10-EOF". */
static const char *ranges(const void *file, int owner)
{
    static char out[2048];
    struct filelock_range r[FILELOCK_MAX];
    int n = 0;
    for (int i = 0; i < table.used; i++)
        if (table.held[i].file == file && table.held[i].owner == owner)
            r[n++] = table.held[i];
    for (int i = 1; i < n; i++)
        for (int j = i; j > 0 && r[j].start < r[j - 1].start; j--) {
            struct filelock_range x = r[j];
            r[j] = r[j - 1];
            r[j - 1] = x;
        }
    size_t len = 0;
    out[0] = 0;
    for (int i = 0; i < n; i++) {
        char end[24];
        if (r[i].end == EOF_)
            snprintf(end, sizeof end, "EOF");
        else
            snprintf(end, sizeof end, "%llu", (unsigned long long)r[i].end);
        len += (size_t)snprintf(out + len, sizeof out - len, "%s%c%llu-%s", i ? " " : "",
                                r[i].type == R ? 'R' : 'W', (unsigned long long)r[i].start, end);
    }
    return out;
}

#define CHECK_RANGES(file, owner, want)                                  \
    do {                                                                 \
        const char *got_ = ranges(file, owner);                          \
        if (strcmp(got_, want)) {                                        \
            char m_[4200];                                                \
            snprintf(m_, sizeof m_, "ranges \"%s\" == \"%s\"", got_, want); \
            check_fail(__FILE__, __LINE__, m_);                          \
        }                                                                \
    } while (0)

TEST(range_from_whence_and_length)
{
    uint64_t s, e;
    CHECK_EQ(filelock_range(TABULA_SEEK_SET, 10, 5, 0, 0, &s, &e), 0);
    CHECK(s == 10 && e == 15);
    CHECK_EQ(filelock_range(TABULA_SEEK_CUR, -2, 4, 100, 0, &s, &e), 0);
    CHECK(s == 98 && e == 102);
    CHECK_EQ(filelock_range(TABULA_SEEK_END, 0, 0, 7, 4096, &s, &e), 0);
    CHECK(s == 4096 && e == EOF_);
    /* A negative length: the bytes before l_start, as POSIX says. */
    CHECK_EQ(filelock_range(TABULA_SEEK_SET, 10, -4, 0, 0, &s, &e), 0);
    CHECK(s == 6 && e == 10);
    CHECK_EQ(filelock_range(TABULA_SEEK_SET, 10, -10, 0, 0, &s, &e), 0);
    CHECK(s == 0 && e == 10);
    /* The last byte an off_t names, and not one past it. */
    CHECK_EQ(filelock_range(TABULA_SEEK_SET, INT64_MAX, 1, 0, 0, &s, &e), 0);
    CHECK(s == (uint64_t)INT64_MAX && e == (uint64_t)INT64_MAX + 1);
    CHECK_EQ(filelock_range(TABULA_SEEK_SET, 0, INT64_MAX, 0, 0, &s, &e), 0);

    CHECK_EQ(filelock_range(TABULA_SEEK_SET, INT64_MAX, 2, 0, 0, &s, &e), -TABULA_EINVAL);
    CHECK_EQ(filelock_range(TABULA_SEEK_SET, 1, INT64_MAX, 0, 0, &s, &e), 0);
    CHECK_EQ(filelock_range(TABULA_SEEK_SET, 2, INT64_MAX, 0, 0, &s, &e), -TABULA_EINVAL);
    CHECK_EQ(filelock_range(TABULA_SEEK_SET, 10, -11, 0, 0, &s, &e), -TABULA_EINVAL);
    CHECK_EQ(filelock_range(TABULA_SEEK_SET, 0, INT64_MIN, 0, 0, &s, &e), -TABULA_EINVAL);
    CHECK_EQ(filelock_range(TABULA_SEEK_SET, -1, 5, 0, 0, &s, &e), -TABULA_EINVAL);
    CHECK_EQ(filelock_range(TABULA_SEEK_CUR, -11, 5, 10, 0, &s, &e), -TABULA_EINVAL);
    CHECK_EQ(filelock_range(TABULA_SEEK_END, INT64_MAX, 1, 0, 10, &s, &e), -TABULA_EINVAL);
    CHECK_EQ(filelock_range(3, 0, 1, 0, 0, &s, &e), -TABULA_EINVAL);
    CHECK_EQ(filelock_range(-1, 0, 1, 0, 0, &s, &e), -TABULA_EINVAL);
}

TEST(readers_share_writers_exclude)
{
    reset();
    CHECK_EQ(filelock_set(&table, A, 1, R, 0, 100), 0);
    CHECK_EQ(filelock_set(&table, A, 2, R, 50, 150), 0);
    CHECK_EQ(filelock_set(&table, A, 3, W, 90, 95), -TABULA_EAGAIN);
    CHECK_EQ(filelock_set(&table, A, 3, W, 150, EOF_), 0);
    CHECK_EQ(filelock_set(&table, A, 1, W, 0, 10), 0); /* only 1 reads there */
    CHECK_EQ(filelock_set(&table, A, 1, W, 0, 60), -TABULA_EAGAIN); /* 2 reads 50.. */
    CHECK_RANGES(A, 1, "W0-10 R10-100"); /* the failed upgrade changed nothing */
    /* Another file, and unlocking what one does not hold, are no conflict. */
    CHECK_EQ(filelock_set(&table, B, 2, W, 0, EOF_), 0);
    CHECK_EQ(filelock_set(&table, A, 2, U, 0, 10), 0);

    struct filelock_range c;
    CHECK(filelock_conflict(&table, A, 2, R, 5, 6, &c));
    CHECK(c.owner == 1 && c.type == W && c.start == 0 && c.end == 10);
    CHECK(!filelock_conflict(&table, A, 2, R, 10, 11, &c));
    CHECK(filelock_conflict(&table, A, 2, W, 10, 11, &c) && c.owner == 1);
    CHECK(!filelock_conflict(&table, A, 1, W, 0, 10, 0)); /* its own */
    CHECK(filelock_conflict(&table, A, 1, R, 1000, 1001, &c) && c.owner == 3 && c.end == EOF_);
}

TEST(own_locks_split_merge_upgrade_downgrade)
{
    reset();
    CHECK_EQ(filelock_set(&table, A, 1, R, 0, 100), 0);
    CHECK_EQ(filelock_set(&table, A, 1, W, 40, 60), 0);
    CHECK_RANGES(A, 1, "R0-40 W40-60 R60-100");
    CHECK_EQ(filelock_set(&table, A, 1, U, 10, 20), 0);
    CHECK_RANGES(A, 1, "R0-10 R20-40 W40-60 R60-100");
    CHECK_EQ(filelock_set(&table, A, 1, R, 40, 60), 0); /* downgrade: all one again */
    CHECK_RANGES(A, 1, "R0-10 R20-100");
    CHECK_EQ(filelock_set(&table, A, 1, R, 10, 20), 0); /* touching both: one range */
    CHECK_RANGES(A, 1, "R0-100");
    CHECK_EQ(filelock_set(&table, A, 1, R, 100, 200), 0); /* adjacent */
    CHECK_RANGES(A, 1, "R0-200");
    CHECK_EQ(filelock_set(&table, A, 1, W, 150, EOF_), 0);
    CHECK_RANGES(A, 1, "R0-150 W150-EOF");
    CHECK_EQ(filelock_set(&table, A, 1, U, 120, EOF_), 0);
    CHECK_RANGES(A, 1, "R0-120");
    CHECK_EQ(filelock_set(&table, A, 1, U, 0, EOF_), 0);
    CHECK_RANGES(A, 1, "");
    CHECK_EQ(table.used, 0);
    CHECK_EQ(filelock_set(&table, A, 1, 0, 0, 1), -TABULA_EINVAL);
    CHECK_EQ(filelock_set(&table, A, 1, 4, 0, 1), -TABULA_EINVAL);
    CHECK_EQ(filelock_set(&table, A, 1, R, 5, 5), -TABULA_EINVAL);
}

TEST(drop_takes_an_owners_locks_on_one_file_or_all)
{
    reset();
    filelock_set(&table, A, 1, R, 0, 10);
    filelock_set(&table, A, 1, W, 20, 30);
    filelock_set(&table, B, 1, W, 0, 10);
    filelock_set(&table, A, 2, R, 0, 10);
    CHECK_EQ(filelock_drop(&table, A, 1), 2);
    CHECK_RANGES(A, 1, "");
    CHECK_RANGES(B, 1, "W0-10");
    CHECK_RANGES(A, 2, "R0-10");
    CHECK_EQ(filelock_wait(&table, A, 1, W, 0, 10), 0);
    CHECK_EQ(filelock_drop(&table, 0, 1), 1);
    CHECK_EQ(table.used, 1);
    CHECK_EQ(table.waiting, 0);
}

TEST(one_owner_takes_only_its_share)
{
    reset();
    for (uint64_t i = 0; i < FILELOCK_PER_OWNER; i++)
        CHECK_EQ(filelock_set(&table, A, 1, R, 2 * i, 2 * i + 1), 0);
    CHECK_EQ(filelock_set(&table, B, 1, R, 0, 1), -TABULA_ENOLCK);
    CHECK_EQ(filelock_set(&table, A, 1, W, 1000, 1001), -TABULA_ENOLCK);
    /* What needs no more room still works: a merge, an unlock, a change
     * of type over a whole range. */
    CHECK_EQ(filelock_set(&table, A, 1, R, 1, 2), 0);
    CHECK_EQ(filelock_set(&table, A, 1, W, 0, 3), 0);
    CHECK_EQ(filelock_set(&table, A, 1, U, 4, 5), 0);
    CHECK_EQ(filelock_set(&table, A, 1, R, 1000, 1001), 0);
    /* Another owner is not affected. */
    CHECK_EQ(filelock_set(&table, A, 2, R, 1000, 1001), 0);
    CHECK_EQ(filelock_drop(&table, 0, 1), FILELOCK_PER_OWNER - 1);
}

TEST(the_pool_runs_out_cleanly)
{
    reset();
    /* Every other byte: FILELOCK_MAX ranges that cannot merge, each owner
     * its share. */
    for (uint64_t i = 0; i < FILELOCK_MAX; i++)
        CHECK_EQ(filelock_set(&table, A, 1 + (int)(i / FILELOCK_PER_OWNER), R, 2 * i, 2 * i + 1), 0);
    CHECK_EQ(table.used, FILELOCK_MAX);
    CHECK_EQ(filelock_set(&table, A, 9, R, 1000, 1001), -TABULA_ENOLCK);
    /* A merge needs no room: the gap joins its neighbours, one fewer. */
    CHECK_EQ(filelock_set(&table, A, 1, R, 1, 2), 0);
    CHECK_EQ(table.used, FILELOCK_MAX - 1);
    /* A split needs two more (refused, nothing changes), an unlock in the
     * middle one more. */
    char before[2048];
    snprintf(before, sizeof before, "%s", ranges(A, 1));
    CHECK_EQ(filelock_set(&table, A, 1, W, 1, 2), -TABULA_ENOLCK);
    CHECK_RANGES(A, 1, before);
    CHECK_EQ(filelock_set(&table, A, 1, U, 1, 2), 0);
    CHECK_EQ(table.used, FILELOCK_MAX);
    CHECK_EQ(filelock_set(&table, A, 1, U, 1, 2), 0); /* nothing to do: no room needed */
    CHECK_EQ(filelock_set(&table, A, 1, R, 0, 9), 0); /* five into one (10-11 does not touch) */
    CHECK_EQ(table.used, FILELOCK_MAX - 4);
    CHECK_EQ(filelock_drop(&table, 0, 1), FILELOCK_PER_OWNER - 4);
    CHECK_EQ(table.used, FILELOCK_MAX - FILELOCK_PER_OWNER);
}

TEST(deadlock_between_two_and_three_owners)
{
    reset();
    filelock_set(&table, A, 1, W, 0, 1);
    filelock_set(&table, A, 2, W, 1, 2);
    /* 1 waits for byte 1 (2's); 2 asking for byte 0 (1's) closes the cycle. */
    CHECK(!filelock_deadlock(&table, A, 1, W, 1, 2));
    CHECK_EQ(filelock_wait(&table, A, 1, W, 1, 2), 0);
    CHECK(filelock_deadlock(&table, A, 2, W, 0, 1));
    CHECK(filelock_deadlock(&table, A, 2, R, 0, EOF_));
    CHECK(!filelock_deadlock(&table, A, 2, W, 5, 6)); /* nobody's */
    /* 1's blocker let go (it has not retried yet): no cycle any more. */
    filelock_set(&table, A, 2, U, 1, 2);
    CHECK(!filelock_deadlock(&table, A, 2, W, 0, 1));

    /* Three: 1 waits for 2, 2 waits for 3, 3 asks for what 1 holds. */
    reset();
    filelock_set(&table, A, 1, R, 0, 1);
    filelock_set(&table, B, 2, W, 0, 1);
    filelock_set(&table, A, 3, W, 5, 6);
    CHECK_EQ(filelock_wait(&table, B, 1, R, 0, 1), 0);
    CHECK_EQ(filelock_wait(&table, A, 2, R, 5, 6), 0);
    CHECK(filelock_deadlock(&table, A, 3, W, 0, 1));
    CHECK(!filelock_deadlock(&table, A, 3, R, 0, 1)); /* reading beside 1 is no wait */
    filelock_unwait(&table, 2);
    CHECK(!filelock_deadlock(&table, A, 3, W, 0, 1));
    CHECK_EQ(table.waiting, 1);
}

TEST(waiters_are_bounded)
{
    reset();
    for (int i = 1; i <= FILELOCK_WAITERS; i++)
        CHECK_EQ(filelock_wait(&table, A, i, R, 0, 1), 0);
    CHECK_EQ(filelock_wait(&table, A, 99, R, 0, 1), -TABULA_ENOLCK);
    CHECK_EQ(filelock_wait(&table, A, 3, W, 0, 1), 0); /* replaces its own */
    CHECK_EQ(table.waiting, FILELOCK_WAITERS);
    filelock_unwait(&table, 3);
    CHECK_EQ(filelock_wait(&table, A, 99, R, 0, 1), 0);
}

/* The model: each owner's lock type on each byte of each file, the last
 * byte standing for everything from there to the end of the file. */
#define OWNERS 3
#define FILES 2
#define BYTES 40
static uint8_t model[FILES][OWNERS + 1][BYTES + 1];

static int runs(const uint8_t *bytes)
{
    int n = 0;
    for (int b = 0; b <= BYTES; b++)
        n += bytes[b] && (b == 0 || bytes[b - 1] != bytes[b]);
    return n;
}

static int type_at(const void *file, int owner, uint64_t b)
{
    int type = 0;
    for (int i = 0; i < table.used; i++) {
        const struct filelock_range *r = &table.held[i];
        if (r->file == file && r->owner == owner && r->start <= b && b < r->end) {
            CHECK(type == 0); /* one range per byte */
            type = r->type;
        }
    }
    return type;
}

TEST(random_requests_match_the_model)
{
    const void *files[FILES] = {A, B};
    uint64_t seed = 12;
    reset();
    memset(model, 0, sizeof model);
    for (int step = 0; step < 20000; step++) {
        int f = (int)(check_random(&seed) % FILES);
        int owner = 1 + (int)(check_random(&seed) % OWNERS);
        int type = 1 + (int)(check_random(&seed) % 3);
        uint64_t s = check_random(&seed) % BYTES, e;
        if (check_random(&seed) % 5 == 0)
            e = EOF_;
        else
            e = s + 1 + check_random(&seed) % (BYTES - s);
        int last = e == EOF_ ? BYTES : (int)e - 1;

        bool conflict = false;
        for (int o = 1; o <= OWNERS; o++)
            for (int b = (int)s; type != U && o != owner && b <= last; b++)
                conflict |= model[f][o][b] && (type == W || model[f][o][b] == W);
        uint8_t after[BYTES + 1];
        memcpy(after, model[f][owner], sizeof after);
        for (int b = (int)s; b <= last; b++)
            after[b] = type == U ? 0 : (uint8_t)type;
        /* Only the last byte stands for the tail: a finite range never
         * reaches it, an EOF range always does. */
        int total = 0, owned = 0;
        for (int ff = 0; ff < FILES; ff++) {
            for (int o = 1; o <= OWNERS; o++) {
                int n = ff == f && o == owner ? runs(after) : runs(model[ff][o]);
                total += n;
                owned += o == owner ? n : 0;
            }
        }

        int rc = filelock_set(&table, files[f], owner, type, s, e);
        if (conflict) {
            CHECK_EQ(rc, -TABULA_EAGAIN);
        } else if (total > FILELOCK_MAX || owned > FILELOCK_PER_OWNER) {
            CHECK_EQ(rc, -TABULA_ENOLCK);
        } else {
            CHECK_EQ(rc, 0);
            memcpy(model[f][owner], after, sizeof after);
        }
        if (check_random(&seed) % 500 == 0) {
            int o = 1 + (int)(check_random(&seed) % OWNERS);
            filelock_drop(&table, 0, o);
            for (int ff = 0; ff < FILES; ff++)
                memset(model[ff][o], 0, BYTES + 1);
        }

        /* Byte by byte as the model says, and no more ranges than runs of
         * one type: every merge that could happen did. */
        int used = 0;
        for (int ff = 0; ff < FILES; ff++)
            for (int o = 1; o <= OWNERS; o++) {
                for (int b = 0; b <= BYTES; b++)
                    CHECK_EQ(type_at(files[ff], o, (uint64_t)b), model[ff][o][b]);
                CHECK_EQ(type_at(files[ff], o, EOF_ - 1), model[ff][o][BYTES]);
                used += runs(model[ff][o]);
            }
        CHECK_EQ(table.used, used);
    }
}
