/* test_codewipe.c: deferred wiping of ended apps' code (src/codewipe.c),
 * over a host buffer standing in for the slot arena. */
#include <stdint.h>
#include <string.h>

#include "check.h"
#include "codewipe.h"

#define ARENA (64 * 1024)

static uint8_t arena[ARENA] __attribute__((aligned(4096)));

static uintptr_t at(size_t off)
{
    return (uintptr_t)arena + off;
}

/* True when arena[lo, hi) holds only byte v. */
static int all(size_t lo, size_t hi, uint8_t v)
{
    for (size_t i = lo; i < hi; i++)
        if (arena[i] != v)
            return 0;
    return 1;
}

/* Forgets whatever an earlier test left recorded. */
static void reset(void)
{
    codewipe_claim(at(0), ARENA, ARENA);
    memset(arena, 0xc5, sizeof arena);
}

TEST(claim_wipes_only_what_the_claimant_does_not_write)
{
    reset();
    codewipe_add(at(0), at(12288)); /* an app's code, 12 KiB */
    /* A new image of 4 KiB is loaded over the start: only 4K..12K is
     * wiped; the slot's rest was never code and is left alone. */
    codewipe_claim(at(0), 32768, 4096);
    CHECK(all(0, 4096, 0xc5));
    CHECK(all(4096, 12288, 0));
    CHECK(all(12288, 32768, 0xc5));
    /* Forgotten: a second claim wipes nothing. */
    memset(arena, 0xc5, sizeof arena);
    codewipe_claim(at(0), 32768, 0);
    CHECK(all(0, ARENA, 0xc5));
}

TEST(the_parts_outside_a_claim_stay_recorded)
{
    reset();
    codewipe_add(at(4096), at(40960));
    codewipe_claim(at(16384), 8192, 0); /* inside the range */
    CHECK(all(16384, 24576, 0));
    CHECK(all(4096, 16384, 0xc5) && all(24576, 40960, 0xc5));
    codewipe_claim(at(0), 8192, 0);     /* the head */
    CHECK(all(4096, 8192, 0));
    codewipe_claim(at(36864), 16384, 0);/* the tail, claim beyond it */
    CHECK(all(36864, 40960, 0));
    CHECK(all(8192, 16384, 0xc5) && all(24576, 36864, 0xc5));
}

TEST(a_claim_is_whole_pages)
{
    reset();
    codewipe_add(at(0), at(8192));
    codewipe_claim(at(0), 100, 0); /* a slot of one page */
    CHECK(all(0, 4096, 0));
    CHECK(all(4096, 8192, 0xc5));
}

TEST(a_full_list_wipes_its_oldest_range_at_once)
{
    reset();
    for (int i = 0; i < 9; i++)
        codewipe_add(at(i * 4096), at(i * 4096 + 2048));
    CHECK(all(0, 2048, 0));        /* the ninth pushed the first out */
    CHECK(all(4096, 4096 + 2048, 0xc5));
    codewipe_claim(at(0), ARENA, 0);
    for (int i = 1; i < 9; i++)
        CHECK(all(i * 4096, i * 4096 + 2048, 0));
}
