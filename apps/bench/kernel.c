/*
 * kernel.c: kernel internals, timed through tabula->bench(), which runs an
 * operation in a loop inside the kernel. The same call with
 * TABULA_BENCH_EMPTY (the call and the bare loop) is subtracted, so what is
 * left is the operation itself.
 *
 * kmalloc_free_small  kmalloc(64) then kfree, per pair
 * kmalloc_free_mixed  16 B..2 KiB with eight blocks live, per kfree+kmalloc
 * log_write           one kernel log record ("bench: log record N of M")
 * elf_load_kib        loading and relocating the bench image, per KiB of
 *                     image (segments and .bss)
 */
#include <stdio.h>
#include <stdlib.h>

#include <tabula_app.h>

#include "bench.h"

static int op_now;
static const char *op_app;

static uint64_t run_op(uint64_t n)
{
    uint64_t t0 = bench_now();
    long r = tabula->bench(op_now, n, op_app);
    uint64_t t = bench_now() - t0;
    if (r < 0) {
        printf("bench: kernel operation %d failed (error %ld)\n", op_now, -r);
        exit(1);
    }
    return t;
}

/* Best total for n iterations of op, less the empty loop's. */
static uint64_t time_op(int op, uint64_t n, const char *app)
{
    op_now = TABULA_BENCH_EMPTY;
    uint64_t empty = bench_best(run_op, n);
    op_now = op;
    op_app = app;
    uint64_t t = bench_best(run_op, n);
    return t > empty ? t - empty : 0;
}

static void report_op(const char *name, int op, uint64_t n)
{
    if (!bench_wanted(name))
        return;
    n = bench_iters(n);
    bench_print(name, time_op(op, n, NULL) * 100 / n, "ns", n);
}

void bench_kernel(void)
{
    report_op("kmalloc_free_small", TABULA_BENCH_KMALLOC_SMALL, 20000);
    report_op("kmalloc_free_mixed", TABULA_BENCH_KMALLOC_MIXED, 10000);
    report_op("log_write", TABULA_BENCH_LOG_WRITE, 5000);

    if (bench_wanted("elf_load_kib")) {
        uint64_t n = bench_iters(50);
        long size = tabula->bench(TABULA_BENCH_ELF_LOAD, 1, "bench");
        if (size <= 0) {
            printf("bench: cannot load the bench image (error %ld)\n", -size);
            exit(1);
        }
        uint64_t t = time_op(TABULA_BENCH_ELF_LOAD, n, "bench");
        printf("# elf_load_kib: the bench image is %ld bytes\n", size);
        bench_print("elf_load_kib", t * 100 * 1024 / (n * (uint64_t)size), "ns", n);
    }
}
