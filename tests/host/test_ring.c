/* test_ring.c: the byte ring behind task console streams. */
#include <string.h>
#include "check.h"
#include "ring.h"

#include <stdint.h>
#include <stdlib.h>

TEST(empty_and_full)
{
    uint8_t buf[8], out[16];
    struct ring r;
    ring_init(&r, buf, sizeof buf);
    CHECK_EQ(ring_used(&r), 0);
    CHECK_EQ(ring_space(&r), 8);
    CHECK_EQ(ring_get(&r, out, sizeof out), 0);
    CHECK_EQ(ring_put(&r, "0123456789", 10), 8);
    CHECK_EQ(ring_space(&r), 0);
    CHECK_EQ(ring_put(&r, "x", 1), 0);
    CHECK_EQ(ring_get(&r, out, sizeof out), 8);
    CHECK(memcmp(out, "01234567", 8) == 0);
}

TEST(wraps_around_the_end)
{
    uint8_t buf[8], out[8];
    struct ring r;
    ring_init(&r, buf, sizeof buf);
    ring_put(&r, "abcdef", 6);
    CHECK_EQ(ring_get(&r, out, 4), 4);
    CHECK_EQ(ring_put(&r, "ghijk", 5), 5); /* crosses the end of buf */
    CHECK_EQ(ring_get(&r, out, 8), 7);
    CHECK(memcmp(out, "efghijk", 7) == 0);
}

/* The free-running indices wrap at 2^32; the fill level must survive it. */
TEST(index_wrap)
{
    uint8_t buf[16], out[16];
    struct ring r;
    ring_init(&r, buf, sizeof buf);
    r.head = r.tail = UINT32_MAX - 5;
    CHECK_EQ(ring_put(&r, "0123456789", 10), 10);
    CHECK_EQ(ring_used(&r), 10);
    CHECK_EQ(ring_get(&r, out, 16), 10);
    CHECK(memcmp(out, "0123456789", 10) == 0);
}

/* Random puts and gets against a model queue. */
TEST(model)
{
    uint8_t buf[64], chunk[100], model[1 << 16];
    size_t model_head = 0, model_tail = 0;
    struct ring r;
    unsigned seed = 12345, bad = 0;
    uint8_t next = 0;
    ring_init(&r, buf, sizeof buf);
    for (int op = 0; op < 200000; op++) {
        seed = seed * 1103515245 + 12345;
        size_t len = (seed >> 16) % 80;
        if ((seed >> 8) & 1) {
            for (size_t i = 0; i < len; i++)
                chunk[i] = next++;
            size_t n = ring_put(&r, chunk, len);
            for (size_t i = 0; i < n; i++)
                model[model_head++ % sizeof model] = chunk[i];
            next -= (uint8_t)(len - n);
        } else {
            size_t n = ring_get(&r, chunk, len);
            for (size_t i = 0; i < n; i++)
                bad += chunk[i] != model[model_tail++ % sizeof model];
        }
        bad += ring_used(&r) != model_head - model_tail;
    }
    CHECK_EQ(bad, 0);
}
