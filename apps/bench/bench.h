/*
 * bench.h: apps/bench's pieces. Every benchmark reads the kernel's clock
 * around a loop and reports guest nanoseconds per iteration; under
 * `-icount shift=0` (make bench) one guest nanosecond is one instruction,
 * so the same code gives instruction counts there and wall time elsewhere.
 */
#ifndef BENCH_H
#define BENCH_H

#include <stdbool.h>
#include <stdint.h>

/* How hard to work: iterations are scaled by this (quick: a test's worth). */
struct bench_opts {
    bool quick;
    int reps;        /* each measurement is taken this often; the best counts */
};

extern struct bench_opts bench_opts;

/* n scaled down for a quick run (never below 1). */
uint64_t bench_iters(uint64_t n);

/* The clock, and the cost of one iteration of an empty loop (measured once
 * at start), which every result has subtracted. */
uint64_t bench_now(void);
extern uint64_t bench_loop_ps; /* picoseconds per empty iteration */

/*
 * Prints one result line: "NAME VALUE UNIT ITERATIONS". value_x100 is the
 * value times 100 (two decimals without floating point); unit is "ns" (per
 * iteration) or "MB/s".
 */
void bench_print(const char *name, uint64_t value_x100, const char *unit, uint64_t iters);

/*
 * Reports a time per iteration: total is the best measured total (ns) for
 * iters iterations; the empty-loop overhead is subtracted.
 */
void bench_report_ns(const char *name, uint64_t total_ns, uint64_t iters);

/* Lets the Monitor show what was printed and go back to sleep, so it stays
 * out of the next measurement. */
void bench_settle(void);

/* The best (lowest) total of bench_opts.reps runs of fn(n). */
uint64_t bench_best(uint64_t (*fn)(uint64_t n), uint64_t n);

/* The benchmarks, one group per file. Each reports its own results. */
void bench_calls(void);   /* null_call, sleep_wakeup */
void bench_tasks(void);   /* yield_pingpong, stream_pingpong, spawn_exit */
void bench_kernel(void);  /* kmalloc_free_*, log_write, elf_load_kib */
void bench_memory(void);  /* memcpy and memset bandwidth */
void bench_compute(void); /* compute_fib: app function calls, no kernel */

/* null_call and yield_pingpong, reported under name: measured again by
 * bench_trace with the event trace off. */
void bench_null_call(const char *name);
void bench_yield_pingpong(const char *name);
/* The event trace's cost, where the kernel has one (see trace.c). */
void bench_trace(void);

/* True when the user asked for this benchmark (or for all). */
bool bench_wanted(const char *name);

/* The peer task's side of the two-task benchmarks (argv: bench peer ...). */
int bench_peer(int argc, char **argv);
/* Spawns this app as a peer with argv {"bench", "peer", mode, arg}; returns
 * its task id or exits with a message. */
int bench_spawn_peer(const char *mode, uint64_t arg);
/* The same on hart (as tabula_spawn.hart: 1 + the index, 0 = ours). */
int bench_spawn_peer_on(const char *mode, uint64_t arg, int hart);
/* Waits for a peer or child to end; exits with a message unless it
 * exited with status 0. */
void bench_reap(int id);

#endif
