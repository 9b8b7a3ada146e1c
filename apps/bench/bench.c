/*
 * bench.c: tabula's benchmarks (`run bench`, or `make bench` on the host).
 *
 *     run bench                 everything, three times each, best kept
 *     run bench quick           a fraction of the iterations, once each
 *     run bench NAME...         only the benchmarks whose names start so
 *
 * Each result is one line, "NAME VALUE UNIT ITERATIONS": the time per
 * iteration in guest nanoseconds ("ns", with the cost of an empty loop
 * iteration subtracted), or a bandwidth ("MB/s"). Under QEMU's
 * `-icount shift=0` a guest nanosecond is one instruction, which is how
 * tools/bench.py turns these lines into instruction counts.
 *
 * The app needs SPAWN and TASKS (it spawns nop and copies of itself as
 * peers), BENCH (it times kernel internals) and LOGREAD (it switches the
 * event trace off and on, where there is one); it declares them, and the
 * Monitor grants them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <tabula_app.h>

#include "bench.h"

TABULA_APP_MEMORY(4 * 1024 * 1024, 64 * 1024);
TABULA_APP_CAPS(TABULA_CAP_SPAWN | TABULA_CAP_TASKS | TABULA_CAP_BENCH | TABULA_CAP_LOGREAD |
                TABULA_CAP_STATS);

#define SETTLE_NS 2000000ull   /* the Monitor needs far less to show a line */
#define LOOP_CALIBRATION 1000000

struct bench_opts bench_opts = {.reps = 3};
uint64_t bench_loop_ps;
static char **only;
static int nonly;

uint64_t bench_iters(uint64_t n)
{
    if (bench_opts.quick)
        n /= 50;
    return n ? n : 1;
}

uint64_t bench_now(void)
{
    return tabula->time_ns();
}

bool bench_wanted(const char *name)
{
    if (!nonly)
        return true;
    for (int i = 0; i < nonly; i++)
        if (strncmp(name, only[i], strlen(only[i])) == 0)
            return true;
    return false;
}

void bench_settle(void)
{
    fflush(stdout);
    tabula->sleep_ns(SETTLE_NS);
}

void bench_print(const char *name, uint64_t value_x100, const char *unit, uint64_t iters)
{
    printf("%-26s %10llu.%02llu %-5s %10llu\n", name,
           (unsigned long long)(value_x100 / 100), (unsigned long long)(value_x100 % 100),
           unit, (unsigned long long)iters);
    bench_settle();
}

void bench_report_ns(const char *name, uint64_t total_ns, uint64_t iters)
{
    uint64_t ps = total_ns * 1000;
    uint64_t overhead = iters * bench_loop_ps;
    ps = ps > overhead ? ps - overhead : 0;
    bench_print(name, ps / iters / 10, "ns", iters);
}

uint64_t bench_best(uint64_t (*fn)(uint64_t n), uint64_t n)
{
    uint64_t best = UINT64_MAX;
    for (int r = 0; r < bench_opts.reps; r++) {
        uint64_t t = fn(n);
        if (t < best)
            best = t;
    }
    return best;
}

/* The loop every benchmark runs in, with nothing inside. */
__attribute__((noinline)) static uint64_t empty_loop(uint64_t n)
{
    uint64_t t0 = bench_now();
    for (uint64_t i = 0; i < n; i++)
        __asm__ volatile("" ::: "memory");
    return bench_now() - t0;
}

static void calibrate(void)
{
    uint64_t best = UINT64_MAX;
    for (int r = 0; r < 3; r++) {
        uint64_t t = empty_loop(LOOP_CALIBRATION);
        if (t < best)
            best = t;
    }
    bench_loop_ps = best * 1000 / LOOP_CALIBRATION;
    printf("# ns per iteration (one ns is one instruction under -icount shift=0);\n"
           "# an empty loop iteration (%llu.%03llu ns) is subtracted\n",
           (unsigned long long)(bench_loop_ps / 1000), (unsigned long long)(bench_loop_ps % 1000));
    printf("# %-24s %13s %-5s %10s\n", "benchmark", "value", "unit", "iterations");
    bench_settle();
}

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "peer") == 0)
        return bench_peer(argc, argv);
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "quick") == 0) {
            bench_opts.quick = true;
            bench_opts.reps = 1;
        } else {
            only = &argv[i];
            nonly = argc - i;
            break;
        }
    }
    if (!TABULA_HAS(bench)) {
        printf("bench: this kernel has no bench entry; rebuild the kernel\n");
        return 1;
    }
    long r = tabula->bench(TABULA_BENCH_EMPTY, 1, NULL);
    if (r < 0) {
        printf("bench: the kernel refused (error %ld): bench needs the SPAWN, TASKS and "
               "BENCH capabilities, which the Monitor grants to `run bench`\n", -r);
        return 1;
    }

    calibrate();
    bench_calls();
    bench_tasks();
    bench_kernel();
    bench_memory();
    bench_compute();
    bench_trace();
    printf("# bench: done\n");
    return 0;
}
