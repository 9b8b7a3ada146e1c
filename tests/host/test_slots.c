/*
 * test_slots.c: the slot arena. The arena never touches the memory it
 * manages, so these tests run it over made-up addresses: first fit, page
 * rounding, exhaustion, a full region table, coalescing in every order, the
 * map, and a seeded randomized test against a model of live slots.
 */
#include "check.h"
#include "slots.h"

#include <stdint.h>

#define PAGE 4096u
#define BASE ((uintptr_t)0x80200000u)

static struct slot_arena arena;

static int map(struct tabula_slot_info *out)
{
    return slots_map(&arena, out, SLOTS_MAX_REGIONS);
}

/* The map tiles [base, base + size) exactly, with no two free regions side
 * by side. Returns 1 if so. */
static int tiles(uintptr_t base, size_t size)
{
    struct tabula_slot_info m[SLOTS_MAX_REGIONS];
    int n = map(m);
    uint64_t at = base;
    for (int i = 0; i < n; i++) {
        if (m[i].base != at || m[i].size == 0 || m[i].size % PAGE)
            return 0;
        if (i > 0 && m[i].task == 0 && m[i - 1].task == 0)
            return 0;
        at += m[i].size;
    }
    return at == base + size && (n > 0 || size == 0);
}

static uintptr_t take(size_t size, int owner)
{
    uintptr_t base = 0;
    CHECK_EQ(slots_alloc(&arena, size, owner, &base), 0);
    return base;
}

TEST(init_rounds_inward)
{
    slots_init(&arena, 0x80001234u, 0x100000);
    struct tabula_slot_info m[4];
    CHECK_EQ(slots_map(&arena, m, 4), 1);
    CHECK_EQ(m[0].base, 0x80002000u);
    CHECK_EQ(m[0].size, 0x80101000u - 0x80002000u);
    CHECK_EQ(m[0].task, 0);
    CHECK_EQ(slots_largest_free(&arena), 0xff000);

    slots_init(&arena, 0x80001001u, 4000); /* no whole page */
    CHECK_EQ(slots_map(&arena, m, 4), 0);
    uintptr_t b;
    CHECK_EQ(slots_alloc(&arena, 1, 1, &b), -TABULA_ENOMEM);
    CHECK_EQ(slots_largest_free(&arena), 0);
    slots_init(&arena, UINTPTR_MAX - 8191, 100000); /* wraps */
    CHECK_EQ(slots_map(&arena, m, 4), 0);
}

TEST(sizes_round_up_to_pages)
{
    slots_init(&arena, BASE, 64 * PAGE);
    uintptr_t a = take(1, 1), b = take(PAGE, 2), c = take(PAGE + 1, 3);
    CHECK_EQ(a, BASE);
    CHECK_EQ(b, BASE + PAGE);
    CHECK_EQ(c, BASE + 2 * PAGE);
    uintptr_t base;
    size_t size;
    CHECK_EQ(slots_owner_of(&arena, c + 2 * PAGE - 1, &base, &size), 3);
    CHECK_EQ(base, c);
    CHECK_EQ(size, 2 * PAGE);
    size_t used, free_total;
    slots_usage(&arena, &used, &free_total);
    CHECK_EQ(used, 4 * PAGE);
    CHECK_EQ(free_total, 60 * PAGE);
    CHECK_EQ(slots_largest_free(&arena), 60 * PAGE);
}

TEST(bad_requests_are_einval)
{
    slots_init(&arena, BASE, 16 * PAGE);
    uintptr_t b = 0;
    CHECK_EQ(slots_alloc(&arena, 0, 1, &b), -TABULA_EINVAL);
    CHECK_EQ(slots_alloc(&arena, PAGE, 0, &b), -TABULA_EINVAL);
    CHECK_EQ(slots_alloc(&arena, PAGE, -3, &b), -TABULA_EINVAL);
    CHECK_EQ(slots_alloc(&arena, PAGE, 1, NULL), -TABULA_EINVAL);
    CHECK(tiles(BASE, 16 * PAGE));
}

TEST(first_fit_takes_the_lowest_hole)
{
    slots_init(&arena, BASE, 64 * PAGE);
    uintptr_t a = take(2 * PAGE, 1), b = take(PAGE, 2), c = take(4 * PAGE, 3);
    (void)c;
    slots_free(&arena, b);
    CHECK_EQ(take(2 * PAGE, 4), BASE + 7 * PAGE); /* the hole is too small */
    CHECK_EQ(take(PAGE, 5), b);                   /* exactly fills the hole */
    slots_free(&arena, a);
    CHECK_EQ(take(PAGE, 6), a);                   /* lowest fit, split */
    CHECK_EQ(take(PAGE, 7), a + PAGE);
    CHECK(tiles(BASE, 64 * PAGE));
}

TEST(exhaustion_fails_cleanly_and_recovers)
{
    slots_init(&arena, BASE, 40 * PAGE);
    uintptr_t s[10], b;
    for (int i = 0; i < 10; i++)
        s[i] = take(4 * PAGE, i + 1);
    CHECK_EQ(slots_alloc(&arena, 1, 99, &b), -TABULA_ENOMEM);
    CHECK_EQ(slots_largest_free(&arena), 0);
    CHECK_EQ(slots_alloc(&arena, SIZE_MAX, 99, &b), -TABULA_ENOMEM);
    CHECK_EQ(slots_alloc(&arena, SIZE_MAX - PAGE + 2, 99, &b), -TABULA_ENOMEM);
    slots_free(&arena, s[3]);
    slots_free(&arena, s[4]);
    CHECK_EQ(slots_alloc(&arena, 9 * PAGE, 99, &b), -TABULA_ENOMEM);
    CHECK_EQ(take(8 * PAGE, 99), s[3]);
    CHECK(tiles(BASE, 40 * PAGE));
    slots_init(&arena, BASE, 40 * PAGE);
    CHECK_EQ(slots_alloc(&arena, 41 * PAGE, 1, &b), -TABULA_ENOMEM);
    CHECK_EQ(take(40 * PAGE, 1), BASE);
}

TEST(full_region_table_fails_cleanly)
{
    size_t pages = 3 * SLOTS_MAX_REGIONS;
    slots_init(&arena, BASE, pages * PAGE);
    uintptr_t s[SLOTS_MAX_REGIONS], b;
    int n = 0;
    /* Every allocation splits the free tail: n slots + 1 free region. */
    while (n < SLOTS_MAX_REGIONS - 1)
        s[n] = take(PAGE, n + 1), n++;
    struct tabula_slot_info m[SLOTS_MAX_REGIONS];
    CHECK_EQ(map(m), SLOTS_MAX_REGIONS);
    size_t tail = (pages - (size_t)n) * PAGE;
    CHECK_EQ(slots_alloc(&arena, PAGE, 500, &b), -TABULA_ENOMEM);
    CHECK(tiles(BASE, pages * PAGE));
    CHECK_EQ(take(tail, 500), BASE + (size_t)n * PAGE); /* an exact fit needs no entry */
    slots_free(&arena, BASE + (size_t)n * PAGE);
    /* Freeing a slot between two used ones makes a hole, not a new entry. */
    slots_free(&arena, s[10]);
    CHECK_EQ(take(PAGE, 501), s[10]);
    slots_free(&arena, s[10]);
    slots_free(&arena, s[11]); /* merges: one entry back */
    CHECK_EQ(take(PAGE, 502), s[10]);
    CHECK_EQ(take(PAGE, 503), s[11]);
    for (int i = 0; i < n; i++)
        slots_free(&arena, s[i]);
    CHECK_EQ(map(m), 1);
    CHECK(tiles(BASE, pages * PAGE));
}

/* Fills the arena with four slots (and a free tail if tail), frees them in
 * the given order and checks the arena merges back into one region. */
static void free_in_order(const int *order, int tail)
{
    slots_init(&arena, BASE, (tail ? 20 : 16) * PAGE);
    uintptr_t s[4];
    for (int i = 0; i < 4; i++)
        s[i] = take((size_t)(i + 1) * PAGE + (i == 3 ? 6 * PAGE : 0), i + 1);
    for (int i = 0; i < 4; i++) {
        slots_free(&arena, s[order[i]]);
        CHECK(tiles(BASE, (tail ? 20 : 16) * PAGE));
        CHECK_EQ(slots_owner_of(&arena, s[order[i]], NULL, NULL), 0);
    }
    struct tabula_slot_info m[4];
    CHECK_EQ(slots_map(&arena, m, 4), 1);
    CHECK_EQ(m[0].task, 0);
}

TEST(coalescing_in_every_order)
{
    int perms = 0;
    for (int a = 0; a < 4; a++)
        for (int b = 0; b < 4; b++)
            for (int c = 0; c < 4; c++)
                for (int d = 0; d < 4; d++) {
                    if (a == b || a == c || a == d || b == c || b == d || c == d)
                        continue;
                    int order[4] = {a, b, c, d};
                    free_in_order(order, 0);
                    free_in_order(order, 1);
                    perms++;
                }
    CHECK_EQ(perms, 24);
}

TEST(map_lists_regions_in_order)
{
    slots_init(&arena, BASE, 32 * PAGE);
    uintptr_t a = take(PAGE, 7), b = take(3 * PAGE, 8), c = take(2 * PAGE, 9);
    slots_free(&arena, b);
    (void)a, (void)c;
    struct tabula_slot_info m[8];
    CHECK_EQ(slots_map(&arena, m, 8), 4);
    CHECK_EQ(m[0].base, BASE);
    CHECK_EQ(m[0].size, PAGE);
    CHECK_EQ(m[0].task, 7);
    CHECK_EQ(m[1].base, BASE + PAGE);
    CHECK_EQ(m[1].size, 3 * PAGE);
    CHECK_EQ(m[1].task, 0);
    CHECK_EQ(m[2].base, BASE + 4 * PAGE);
    CHECK_EQ(m[2].task, 9);
    CHECK_EQ(m[3].base, BASE + 6 * PAGE);
    CHECK_EQ(m[3].size, 26 * PAGE);
    CHECK_EQ(m[3].task, 0);
    CHECK_EQ(slots_map(&arena, m, 2), 2); /* truncated to max */
    CHECK_EQ(slots_map(&arena, m, 0), 0);
    CHECK_EQ(slots_map(&arena, NULL, 8), 0);
}

TEST(owner_of_free_and_outside_is_zero)
{
    slots_init(&arena, BASE, 16 * PAGE);
    uintptr_t a = take(2 * PAGE, 42), base = 1;
    size_t size = 1;
    CHECK_EQ(slots_owner_of(&arena, a, &base, &size), 42);
    CHECK_EQ(slots_owner_of(&arena, a + 2 * PAGE, &base, &size), 0);
    CHECK_EQ(base, 0);
    CHECK_EQ(size, 0);
    CHECK_EQ(slots_owner_of(&arena, BASE - 1, &base, &size), 0);
    CHECK_EQ(slots_owner_of(&arena, BASE + 16 * PAGE, NULL, NULL), 0);
    CHECK_EQ(slots_owner_of(&arena, 0, NULL, NULL), 0);
}

TEST(bad_free_panics)
{
    slots_init(&arena, BASE, 16 * PAGE);
    uintptr_t a = take(2 * PAGE, 5);
    EXPECT_PANIC(slots_free(&arena, a + PAGE));
    CHECK(strstr(check_panic_message, "not its start") != NULL);
    CHECK(strstr(check_panic_message, "task 5") != NULL);
    EXPECT_PANIC(slots_free(&arena, a + 4 * PAGE));
    CHECK(strstr(check_panic_message, "free region") != NULL);
    EXPECT_PANIC(slots_free(&arena, BASE + 64 * PAGE));
    CHECK(strstr(check_panic_message, "outside the arena") != NULL);
    slots_free(&arena, a);
    EXPECT_PANIC(slots_free(&arena, a)); /* double free */
    CHECK(strstr(check_panic_message, "free region") != NULL);
    /* The lock was let go: the arena still works. */
    CHECK_EQ(take(PAGE, 6), a);
    CHECK(tiles(BASE, 16 * PAGE));
}

/* ---- the randomized model test ---------------------------------------- */

#define MODEL_OPS 100000
#define ARENA (32u << 20)

struct live {
    uintptr_t base;
    size_t size;
    int owner;
};

static uint64_t rng_state;
static uint64_t rng(void)
{
    return check_random(&rng_state);
}

static size_t random_size(void)
{
    unsigned r = rng() % 100;
    if (r < 2)
        return r ? SIZE_MAX : 0;
    if (r < 55)
        return 1 + rng() % (64 * 1024);
    if (r < 92)
        return 1 + rng() % (1 << 20);
    return 1 + rng() % (8 << 20);
}

TEST(randomized_model_100k_ops)
{
    static struct live live[SLOTS_MAX_REGIONS];
    struct tabula_slot_info m[SLOTS_MAX_REGIONS];
    slots_init(&arena, BASE, ARENA);
    rng_state = 77;
    int nlive = 0, failures = 0;
    long allocs = 0, refused = 0, table_full = 0, frees = 0;
    for (long op = 0; op < MODEL_OPS && failures < 5; op++) {
        int n = map(m);
        if (nlive == 0 || rng() % 100 < 55) {
            size_t size = random_size(), need = (size + PAGE - 1) / PAGE * PAGE;
            int owner = 1 + (int)(rng() % 1000);
            uintptr_t base = 0;
            int rc = slots_alloc(&arena, size, owner, &base);
            allocs++;
            /* What first fit must do, worked out from the map. */
            int want = -1;
            for (int i = 0; size && size <= ARENA && i < n && want < 0; i++)
                if (m[i].task == 0 && m[i].size >= need &&
                    (m[i].size == need || n < SLOTS_MAX_REGIONS))
                    want = i;
            if (size == 0) {
                if (rc != -TABULA_EINVAL)
                    failures++, printf("  op %ld: size 0 gave %d\n", op, rc);
                continue;
            }
            if (want < 0) {
                refused++;
                if (n == SLOTS_MAX_REGIONS)
                    table_full++;
                if (rc != -TABULA_ENOMEM)
                    failures++, printf("  op %ld: alloc(%zu) gave %d, want ENOMEM\n", op, size, rc);
                continue;
            }
            if (rc != 0 || base != m[want].base) {
                failures++;
                printf("  op %ld: alloc(%zu) gave %d at 0x%lx, want 0x%lx\n", op, size, rc,
                       (unsigned long)base, (unsigned long)m[want].base);
                continue;
            }
            live[nlive++] = (struct live){base, need, owner};
        } else {
            int i = (int)(rng() % (uint64_t)nlive);
            slots_free(&arena, live[i].base);
            live[i] = live[--nlive];
            frees++;
        }
        /* Every live slot is in the map with its owner, nothing else is used,
         * and the regions tile the arena with no unmerged free neighbours. */
        n = map(m);
        int used = 0;
        size_t used_bytes = 0, free_bytes = 0;
        for (int i = 0; i < n; i++)
            used += m[i].task != 0;
        for (int i = 0; i < nlive; i++) {
            uintptr_t b;
            size_t s;
            int who = slots_owner_of(&arena, live[i].base + rng() % live[i].size, &b, &s);
            if (who != live[i].owner || b != live[i].base || s != live[i].size)
                failures++, printf("  op %ld: slot 0x%lx lost\n", op, (unsigned long)live[i].base);
        }
        slots_usage(&arena, &used_bytes, &free_bytes);
        if (used != nlive || !tiles(BASE, ARENA) || used_bytes + free_bytes != ARENA)
            failures++, printf("  op %ld: map has %d used of %d regions, model %d\n", op, used, n,
                               nlive);
    }
    CHECK_EQ(failures, 0);
    while (nlive > 0)
        slots_free(&arena, live[--nlive].base);
    CHECK_EQ(map(m), 1);
    CHECK_EQ(m[0].size, ARENA);
    CHECK_EQ(slots_largest_free(&arena), ARENA);
    CHECK(refused > 100);
    CHECK(table_full > 0);
    printf("  model: %d ops: %ld allocs (%ld refused, %ld with the table full), %ld frees\n",
           MODEL_OPS, allocs, refused, table_full, frees);
}
