/*
 * compute.c: app code alone, no kernel calls: what every function call in
 * an app costs. compute_fib is a naive recursive Fibonacci (21,891 calls
 * per fib(20)), the shape of interpreters and tree walkers, where a check
 * on every function entry (the old -finstrument-functions stack check)
 * cost the most.
 */
#include "bench.h"

static volatile unsigned fib_arg = 20; /* opaque, so nothing is folded */

__attribute__((noinline)) static unsigned fib(unsigned n)
{
    return n < 2 ? n : fib(n - 1) + fib(n - 2);
}

static uint64_t run_fib(uint64_t n)
{
    uint64_t t0 = bench_now();
    unsigned sink = 0;
    for (uint64_t i = 0; i < n; i++)
        sink += fib(fib_arg);
    __asm__ volatile("" ::"r"(sink));
    return bench_now() - t0;
}

void bench_compute(void)
{
    if (bench_wanted("compute_fib")) {
        uint64_t n = bench_iters(20);
        bench_report_ns("compute_fib", bench_best(run_fib, n), n);
    }
}
