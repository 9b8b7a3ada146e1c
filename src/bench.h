/*
 * bench.h: kernel-internal operations run in a loop for apps/bench, which
 * times them from outside (see tabula_sys.bench and NOTES.md, Benchmarks).
 */
#ifndef BENCH_H
#define BENCH_H

#include <stdint.h>

struct task;

/*
 * Runs op (enum tabula_bench_op) iterations times for task t. Returns the
 * bytes one iteration handled (the image size for TABULA_BENCH_ELF_LOAD, 0
 * otherwise) or a negative TABULA_E* code.
 */
long bench_run(struct task *t, int op, uint64_t iterations, const char *app);

/* Frees what a loop of t's held when t was killed while it yielded. */
void bench_task_ended(struct task *t);

#endif
