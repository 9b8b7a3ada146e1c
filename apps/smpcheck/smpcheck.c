/*
 * smpcheck.c: exercises the kernel across harts, for tests/qemu/test_smp.py.
 *
 *   smpcheck log N      writes N numbered log records ("log 1 of N" ...);
 *                       copies on every hart make a log storm
 *   smpcheck storm N    spawns N children round the harts (nop that exits,
 *                       crashme that crashes, hog that is killed while it
 *                       runs on another hart, bench peers that exit), waits
 *                       for and reaps every one, and says how each ended
 *   smpcheck echo N     sends N lines through a cat on each other hart and
 *                       checks every byte that comes back (streams and wait
 *                       across harts)
 *   smpcheck scale N R  wall time of one `cpubench R` on hart 0, then of N
 *                       copies on harts 0..N-1 at once: the scaling figure
 *                       (run it without -icount)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <tabula_app.h>

TABULA_APP_CAPS(TABULA_CAP_SPAWN | TABULA_CAP_TASKS | TABULA_CAP_KILL | TABULA_CAP_STATS);

#define HARTS_MAX 8
#define LIVE_MAX 12

static int nharts(void)
{
    struct tabula_hart_info h[HARTS_MAX];
    int n = tabula->hart_list(h, HARTS_MAX);
    return n > 0 ? n : 1;
}

/* The hart this task runs on. */
static int my_hart(void)
{
    static struct tabula_task_info tasks[64];
    int n = tabula->task_list(tasks, 64), self = tabula->self();
    for (int i = 0; i < n; i++)
        if (tasks[i].id == self)
            return (int)tasks[i].hart;
    return 0;
}

static int spawn_on(int hart, const char *app, int argc, const char **argv)
{
    struct tabula_spawn req = {.app = app, .argc = argc, .argv = argv, .hart = hart + 1};
    int id = tabula->spawn(&req);
    if (id < 0)
        printf("smpcheck: cannot spawn %s on hart %d: %s\n", app, hart, req.error);
    return id;
}

static int log_storm(long n)
{
    char text[48];
    for (long i = 1; i <= n; i++) {
        snprintf(text, sizeof text, "log %ld of %ld", i, n);
        tabula->log(TABULA_LOG_INFO, text);
        if (i % 256 == 0)
            tabula->yield();
    }
    printf("smpcheck: %ld records logged\n", n);
    return 0;
}

/* Waits for child id, which the caller already made end one way or another. */
static int reap(int id, int *how)
{
    struct tabula_exit end;
    int rc = tabula->wait(id, &end);
    if (rc < 0) {
        printf("smpcheck: wait for task %d: error %d\n", id, rc);
        return -1;
    }
    how[end.how]++;
    return 0;
}

static int storm(long n)
{
    static const char *nop[] = {"nop"}, *crash[] = {"crashme", "null"},
                      *hog[] = {"hog"};
    int harts = nharts(), self = my_hart(), how[8] = {0}, failed = 0;
    int live[LIVE_MAX], nlive = 0;
    for (long i = 0; i < n; i++) {
        int hart = (int)(i % harts), id;
        switch (i % 3) {
        case 0: id = spawn_on(hart, "nop", 1, nop); break;
        case 1: id = spawn_on(hart, "crashme", 2, crash); break;
        default:
            /* Not on our own hart, where it would keep us from running
             * until the watchdog preempts it. */
            if (hart == self && harts > 1)
                hart = (hart + 1) % harts;
            id = spawn_on(hart, "hog", 1, hog);
            /* Let it start spinning there, then kill it mid-run: kill
             * returns once it has stopped. */
            if (id > 0) {
                tabula->sleep_ns(200000);
                if (tabula->kill(id) < 0)
                    failed++;
            }
            break;
        }
        if (id < 0) {
            failed++;
            continue;
        }
        live[nlive++] = id;
        if (nlive == LIVE_MAX) {
            for (int k = 0; k < nlive; k++)
                failed += reap(live[k], how) < 0;
            nlive = 0;
        }
    }
    for (int k = 0; k < nlive; k++)
        failed += reap(live[k], how) < 0;
    printf("smpcheck: storm of %ld over %d harts: %d exited, %d crashed, %d killed, %d failed\n",
           n, harts, how[TABULA_END_EXIT], how[TABULA_END_CRASH], how[TABULA_END_KILLED], failed);
    return failed != 0;
}

static int echo(long n)
{
    static const char *cat[] = {"cat"};
    int harts = nharts(), bad = 0, self = my_hart();
    for (int hart = 0; hart < harts; hart++) {
        if (hart == self && harts > 1)
            continue;
        int id = spawn_on(hart, "cat", 1, cat);
        if (id < 0)
            return 1;
        char line[32], got[32];
        for (long i = 0; i < n; i++) {
            int len = snprintf(line, sizeof line, "line %ld to hart %d\n", i, hart);
            for (int sent = 0; sent < len;) {
                long w = tabula->stream_write(id, line + sent, (size_t)(len - sent));
                if (w < 0)
                    return 1;
                sent += (int)w;
                if (!w)
                    tabula->poll(1000000);
            }
            for (int have = 0; have < len;) {
                long r = tabula->stream_read(id, got + have, (size_t)(len - have));
                if (r < 0)
                    return 1;
                have += (int)r;
                if (!r)
                    tabula->poll(UINT64_MAX);
            }
            bad += memcmp(line, got, (size_t)len) != 0;
        }
        tabula->stream_write(id, "", 0);
        struct tabula_exit end;
        int rc = tabula->wait(id, &end);
        printf("smpcheck: %ld lines through cat on hart %d (task %d): %d wrong, %s\n", n, hart,
               id, bad, rc < 0 ? "wait failed" : end.how == TABULA_END_EXIT ? "exited" : "ended");
        if (rc < 0)
            bad++;
    }
    return bad != 0;
}

/* Runs copies of cpubench rounds, one on each of harts 0..copies-1, and
 * returns the wall time until the last has ended. */
static uint64_t run_copies(int copies, const char *rounds)
{
    const char *argv[] = {"cpubench", rounds};
    int ids[HARTS_MAX];
    uint64_t t0 = tabula->time_ns();
    for (int i = 0; i < copies; i++)
        ids[i] = spawn_on(i, "cpubench", 2, argv);
    /* Its report (a few lines) fits its output stream: wait alone. */
    for (int i = 0; i < copies; i++) {
        struct tabula_exit end;
        if (ids[i] < 0 || tabula->wait(ids[i], &end) < 0)
            return 0;
    }
    return tabula->time_ns() - t0;
}

static int scale(int copies, const char *rounds)
{
    if (copies > nharts()) {
        printf("smpcheck: %d copies need %d harts; %d are up\n", copies, copies, nharts());
        return 1;
    }
    uint64_t one = run_copies(1, rounds), many = run_copies(copies, rounds);
    if (!one || !many)
        return 1;
    printf("smpcheck: cpubench %s: 1 copy on 1 hart %llu ms, %d copies on %d harts %llu ms: "
           "%llu.%02llux the work per second\n", rounds, (unsigned long long)(one / 1000000),
           copies, copies, (unsigned long long)(many / 1000000),
           (unsigned long long)(copies * one / many),
           (unsigned long long)(copies * one * 100 / many % 100));
    return 0;
}

int main(int argc, char **argv)
{
    if (argc == 4 && strcmp(argv[1], "scale") == 0 && atoi(argv[2]) > 0)
        return scale(atoi(argv[2]), argv[3]);
    long n = argc > 2 ? atol(argv[2]) : 0;
    if (argc == 3 && n > 0) {
        if (strcmp(argv[1], "log") == 0)
            return log_storm(n);
        if (strcmp(argv[1], "storm") == 0)
            return storm(n);
        if (strcmp(argv[1], "echo") == 0)
            return echo(n);
    }
    fprintf(stderr, "smpcheck: usage: smpcheck log N | storm N | echo N\n");
    return 2;
}
