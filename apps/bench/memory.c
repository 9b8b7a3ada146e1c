/*
 * memory.c: memcpy and memset bandwidth, Picolibc's routines against a
 * plain byte loop, at 64 B, 4 KiB, 64 KiB and 1 MiB per call (the table
 * VMWos published). Each measurement moves TOTAL bytes in calls of one
 * size between two separate buffers; the bandwidth includes the calls and
 * the loop around them. MB is 10^6 bytes; under -icount shift=0 the
 * figures are bytes per thousand instructions.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <tabula_app.h>

#include "bench.h"

#define TOTAL (2u << 20)
#define BIG (1u << 20)

static unsigned char *src, *dst, *dst_block;
static size_t chunk;

/* The byte loops, kept byte loops: GCC would otherwise recognise them and
 * call memcpy and memset. */
__attribute__((noinline, optimize("no-tree-loop-distribute-patterns")))
static void byte_copy(unsigned char *d, const unsigned char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        d[i] = s[i];
}

__attribute__((noinline, optimize("no-tree-loop-distribute-patterns")))
static void byte_set(unsigned char *d, int c, size_t n)
{
    for (size_t i = 0; i < n; i++)
        d[i] = (unsigned char)c;
}

static uint64_t total_bytes(void)
{
    return bench_opts.quick ? TOTAL / 64 > chunk ? TOTAL / 64 : chunk : TOTAL;
}

#define TIMED_LOOP(call)                                       \
    uint64_t calls = total_bytes() / chunk, t0 = bench_now(); \
    for (uint64_t i = 0; i < calls; i++)                       \
        call;                                                  \
    return bench_now() - t0

static uint64_t libc_copy(uint64_t n) { (void)n; TIMED_LOOP(memcpy(dst, src, chunk)); }
static uint64_t loop_copy(uint64_t n) { (void)n; TIMED_LOOP(byte_copy(dst, src, chunk)); }
static uint64_t libc_set(uint64_t n) { (void)n; TIMED_LOOP(memset(dst, (int)i, chunk)); }
static uint64_t loop_set(uint64_t n) { (void)n; TIMED_LOOP(byte_set(dst, (int)i, chunk)); }

static void measure(const char *what, const char *size_name, uint64_t (*fn)(uint64_t))
{
    char name[40];
    snprintf(name, sizeof name, "%s_%s", what, size_name);
    if (!bench_wanted(name))
        return;
    uint64_t ns = bench_best(fn, 0);
    uint64_t bytes = total_bytes();
    /* MB/s = bytes * 1000 / ns; two decimals. */
    bench_print(name, ns ? bytes * 1000 * 100 / ns : 0, "MB/s", bytes / chunk);
}

void bench_memory(void)
{
    static const struct {
        size_t bytes;
        const char *name;
    } sizes[] = {{64, "64B"}, {4096, "4KiB"}, {65536, "64KiB"}, {BIG, "1MiB"}};

    src = malloc(BIG);
    /* Not exactly 1 MiB after src: QEMU's software TLB is indexed by page
     * number, so two buffers 256 pages apart evict each other on every
     * access and the wall figures measure that instead (10x slower). */
    dst_block = malloc(BIG + 16384);
    dst = dst_block ? dst_block + 12288 : NULL;
    if (!src || !dst) {
        printf("bench: no room for two 1 MiB buffers (run it with --mem 4M)\n");
        exit(1);
    }
    for (size_t i = 0; i < BIG; i++)
        src[i] = (unsigned char)(i * 131);
    memset(dst, 0, BIG);

    for (size_t s = 0; s < sizeof sizes / sizeof sizes[0]; s++) {
        chunk = sizes[s].bytes;
        measure("memcpy_picolibc", sizes[s].name, libc_copy);
        measure("memcpy_byteloop", sizes[s].name, loop_copy);
        measure("memset_picolibc", sizes[s].name, libc_set);
        measure("memset_byteloop", sizes[s].name, loop_set);
    }
    free(src);
    free(dst_block);
}
