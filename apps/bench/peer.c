/*
 * peer.c: the second task of the two-task benchmarks. bench spawns a copy
 * of itself with argv {"bench", "peer", MODE, N}:
 *
 *     yield N    yields N times, then exits: the other half of yield_pingpong
 *     echo       sends back every byte it reads on its console until end of
 *                input: the other half of stream_pingpong
 *     stamp      for every byte it reads, sends back the clock as it woke:
 *                the other half of xhart_wakeup
 *
 * The peer talks to the kernel directly (no stdio): what is measured is the
 * kernel's path, not Picolibc's buffering.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <tabula_app.h>

#include "bench.h"

#define PEER_MEM (256 * 1024)

static int peer_yield(uint64_t n)
{
    for (uint64_t i = 0; i < n; i++)
        tabula->yield();
    return 0;
}

static int peer_echo(void)
{
    char c;
    for (;;) {
        long n = tabula->read(&c, 1);
        if (n <= 0)
            return n == 0 ? 0 : 1;
        if (tabula->write(&c, 1) != 1)
            return 1;
    }
}

static int peer_stamp(void)
{
    char c;
    for (;;) {
        long n = tabula->read(&c, 1);
        uint64_t now = tabula->time_ns();
        if (n <= 0)
            return n == 0 ? 0 : 1;
        if (tabula->write(&now, sizeof now) != sizeof now)
            return 1;
    }
}

int bench_peer(int argc, char **argv)
{
    if (argc >= 4 && strcmp(argv[2], "yield") == 0)
        return peer_yield(strtoull(argv[3], NULL, 10));
    if (argc >= 3 && strcmp(argv[2], "echo") == 0)
        return peer_echo();
    if (argc >= 3 && strcmp(argv[2], "stamp") == 0)
        return peer_stamp();
    printf("bench peer: unknown mode (want: yield N, or echo)\n");
    return 2;
}

int bench_spawn_peer(const char *mode, uint64_t arg)
{
    return bench_spawn_peer_on(mode, arg, 0);
}

int bench_spawn_peer_on(const char *mode, uint64_t arg, int hart)
{
    char num[24];
    snprintf(num, sizeof num, "%llu", (unsigned long long)arg);
    const char *argv[] = {"bench", "peer", mode, num};
    struct tabula_spawn req = {
        .app = "bench", .argc = 4, .argv = argv, .mem_size = PEER_MEM, .hart = hart,
    };
    int id = tabula->spawn(&req);
    if (id < 0) {
        printf("bench: cannot start a peer: %s\n", req.error);
        exit(1);
    }
    return id;
}

void bench_reap(int id)
{
    struct tabula_exit end;
    int r = tabula->wait(id, &end);
    if (r < 0) {
        printf("bench: wait for task %d failed (error %d)\n", id, -r);
        exit(1);
    }
    if (end.how != TABULA_END_EXIT || end.status != 0) {
        printf("bench: task %d did not end well: %s\n", id, end.reason);
        exit(1);
    }
}
