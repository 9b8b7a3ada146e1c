/*
 * tasks.c: what two tasks cost each other.
 *
 * yield_pingpong   this task and a peer yield to each other; per round
 *                  trip (one yield each, two switches).
 * stream_pingpong  one byte to the peer's console input (stream_write), the
 *                  peer reads it and writes it back, this task waits for it
 *                  (poll) and reads it (stream_read); per round trip.
 * spawn_exit       spawn nop, wait for it to end and reap it; per cycle.
 * xhart_stream_pingpong  stream_pingpong with the peer on another hart
 * xhart_wakeup     a byte to a peer idle on another hart, to the peer
 *                  reading its clock (a kick, the hart leaving wfi, the
 *                  switch in, the read returning); per wake-up.
 * The xhart_ ones need two harts (make bench boots a machine with two for
 * them) and are left out on one.
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

/* Another hart than ours, as tabula_spawn.hart; 0 when there is none. */
static int other_hart(void)
{
    static struct tabula_hart_info harts[8];
    static struct tabula_task_info tasks[64];
    int nh = tabula->hart_list(harts, 8), nt = tabula->task_list(tasks, 64);
    if (nh < 2)
        return 0;
    for (int i = 0; i < nt; i++)
        if (tasks[i].id == tabula->self())
            return tasks[i].hart == 0 ? 2 : 1;
    return 0;
}

static int peer_hart;

static uint64_t stream_pingpong(uint64_t n)
{
    int id = bench_spawn_peer_on("echo", 0, peer_hart);
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

static uint64_t xhart_wakeup(uint64_t n)
{
    int id = bench_spawn_peer_on("stamp", 0, peer_hart);
    uint64_t total = 0;
    for (uint64_t i = 0; i < WARMUP + n; i++) {
        uint64_t woke;
        /* Let the peer go back to waiting, and its hart to wfi. */
        tabula->sleep_ns(20000);
        uint64_t t0 = bench_now();
        if (tabula->stream_write(id, "x", 1) != 1)
            exit(1);
        long got = 0;
        while (got < (long)sizeof woke) {
            tabula->poll(UINT64_MAX);
            long r = tabula->stream_read(id, (char *)&woke + got, sizeof woke - (size_t)got);
            if (r < 0)
                exit(1);
            got += r;
        }
        if (i >= WARMUP)
            total += woke - t0;
    }
    tabula->stream_write(id, "", 0);
    bench_reap(id);
    return total;
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
    peer_hart = other_hart();
    if (peer_hart && bench_wanted("xhart_stream_pingpong")) {
        uint64_t n = bench_iters(2000);
        bench_report_ns("xhart_stream_pingpong", bench_best(stream_pingpong, n), n);
    }
    if (peer_hart && bench_wanted("xhart_wakeup")) {
        uint64_t n = bench_iters(200);
        bench_report_ns("xhart_wakeup", bench_best(xhart_wakeup, n), n);
    }
    peer_hart = 0;
}
