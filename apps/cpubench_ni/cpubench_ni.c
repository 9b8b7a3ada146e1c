/*
 * cpubench_ni: apps/cpubench built without the per-call stack check
 * (app.mk), so make bench shows what -finstrument-functions costs.
 */
#define BENCH_NAME "compute_noinst"
#include "../cpubench/cpubench.c"
