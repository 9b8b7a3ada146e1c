/*
 * calls.c: the cost of a syscall, and of a sleep's way back.
 *
 * null_call   tabula->nop(): load the table pointer, load the entry, call,
 *             return. Eight calls per loop iteration; the empty loop's
 *             cost is spread over them and subtracted.
 * sleep_wakeup  sleep_ns(SLEEP_NS), less SLEEP_NS: from the sleep call to
 *             the deadline's timer interrupt, the wake-up and the switch
 *             back into the task, per sleep.
 */
#include <stdint.h>

#include <tabula_app.h>

#include "bench.h"

#define NULL_CALLS 8
#define SLEEP_NS 20000ull

static uint64_t null_call(uint64_t n)
{
    uint64_t t0 = bench_now();
    for (uint64_t i = 0; i < n; i++) {
        tabula->nop();
        tabula->nop();
        tabula->nop();
        tabula->nop();
        tabula->nop();
        tabula->nop();
        tabula->nop();
        tabula->nop();
    }
    return bench_now() - t0;
}

static uint64_t sleep_wakeup(uint64_t n)
{
    uint64_t t0 = bench_now();
    for (uint64_t i = 0; i < n; i++)
        tabula->sleep_ns(SLEEP_NS);
    uint64_t t = bench_now() - t0;
    return t > n * SLEEP_NS ? t - n * SLEEP_NS : 0;
}

void bench_null_call(const char *name)
{
    if (!bench_wanted(name))
        return;
    uint64_t n = bench_iters(100000);
    uint64_t t = bench_best(null_call, n);
    /* The loop ran n times, for n * NULL_CALLS calls: spread its
     * overhead, which bench_report_ns subtracts per iteration. */
    uint64_t ps = t * 1000 - n * bench_loop_ps;
    bench_print(name, ps / (n * NULL_CALLS) / 10, "ns", n * NULL_CALLS);
}

void bench_calls(void)
{
    bench_null_call("null_call");
    if (bench_wanted("sleep_wakeup")) {
        uint64_t n = bench_iters(1000);
        bench_report_ns("sleep_wakeup", bench_best(sleep_wakeup, n), n);
    }
}
