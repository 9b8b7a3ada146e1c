/*
 * tasks.c: what two tasks cost each other.
 *
 * yield_pingpong   this task and a peer yield to each other; per round
 *                  trip (one yield each, two switches).
 * stream_pingpong  one byte to the peer's console input (stream_write), the
 *                  peer reads it and writes it back, this task waits for it
 *                  (poll) and reads it (stream_read); per round trip.
 * spawn_exit       spawn nop, wait for it to end and reap it; per cycle.
 *
 * Each run starts a fresh peer and warms up for WARMUP rounds first, so
 * the peer's start-up is not counted.
 */
#include <stdio.h>
#include <stdlib.h>

#include <tabula_app.h>

#include "bench.h"

#define WARMUP 64

static uint64_t yield_pingpong(uint64_t n)
{
    /* The peer yields a few more times than we do, so it is still there
     * for our last one; the extra yields find nobody and return at once. */
    int id = bench_spawn_peer("yield", WARMUP + n + 8);
    for (int i = 0; i < WARMUP; i++)
        tabula->yield();
    uint64_t t0 = bench_now();
    for (uint64_t i = 0; i < n; i++)
        tabula->yield();
    uint64_t t = bench_now() - t0;
    bench_reap(id);
    return t;
}

/* One byte to the peer and back: send, wait, read. */
static void round_trip(int id)
{
    char c = 'x';
    if (tabula->stream_write(id, &c, 1) != 1) {
        printf("bench: the echo peer's input is full\n");
        exit(1);
    }
    do
        tabula->poll(UINT64_MAX);
    while (tabula->stream_read(id, &c, 1) != 1);
}

static uint64_t stream_pingpong(uint64_t n)
{
    int id = bench_spawn_peer("echo", 0);
    for (int i = 0; i < WARMUP; i++)
        round_trip(id);
    uint64_t t0 = bench_now();
    for (uint64_t i = 0; i < n; i++)
        round_trip(id);
    uint64_t t = bench_now() - t0;
    tabula->stream_write(id, "", 0); /* end of input: the peer exits */
    bench_reap(id);
    return t;
}

static uint64_t spawn_exit(uint64_t n)
{
    uint64_t t0 = bench_now();
    for (uint64_t i = 0; i < n; i++) {
        struct tabula_spawn req = {.app = "nop"};
        int id = tabula->spawn(&req);
        if (id < 0) {
            printf("bench: cannot spawn nop: %s\n", req.error);
            exit(1);
        }
        bench_reap(id);
    }
    return bench_now() - t0;
}

void bench_yield_pingpong(const char *name)
{
    if (bench_wanted(name)) {
        uint64_t n = bench_iters(20000);
        bench_report_ns(name, bench_best(yield_pingpong, n), n);
    }
}

void bench_tasks(void)
{
    bench_yield_pingpong("yield_pingpong");
    if (bench_wanted("stream_pingpong")) {
        uint64_t n = bench_iters(5000);
        bench_report_ns("stream_pingpong", bench_best(stream_pingpong, n), n);
    }
    if (bench_wanted("spawn_exit")) {
        uint64_t n = bench_iters(200);
        bench_report_ns("spawn_exit", bench_best(spawn_exit, n), n);
    }
}
