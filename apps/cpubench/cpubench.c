/*
 * cpubench: a compute benchmark for make bench. Four kernels of the kind
 * ordinary C programs spend their time in: a table-driven CRC, a sieve,
 * recursive calls (an interpreter's shape: many small functions), and
 * floating point (a Mandelbrot row). Plain C and Picolibc only, so the same
 * object files also run under Linux user-mode QEMU through tools/linux's
 * shim, which is what the figure is compared with.
 *
 *   cpubench [ROUNDS]   prints "NAME NS_PER_ROUND ns ROUNDS", and a checksum
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#ifndef BENCH_NAME
#define BENCH_NAME "compute"
#endif

static uint32_t crc_table[256];
static uint8_t data[16384];
static uint8_t sieve_bits[65536];

static void crc_init(void)
{
    for (uint32_t i = 0; i < 256; i++) {
        uint32_t c = i;
        for (int k = 0; k < 8; k++)
            c = c & 1 ? 0xedb88320u ^ (c >> 1) : c >> 1;
        crc_table[i] = c;
    }
    for (size_t i = 0; i < sizeof data; i++)
        data[i] = (uint8_t)(i * 2654435761u >> 24);
}

static uint32_t crc32(const uint8_t *p, size_t n)
{
    uint32_t c = ~0u;
    while (n--)
        c = crc_table[(c ^ *p++) & 0xff] ^ (c >> 8);
    return ~c;
}

static uint32_t sieve(void)
{
    uint32_t n = sizeof sieve_bits, count = 0;
    memset(sieve_bits, 1, n);
    for (uint32_t i = 2; i * i < n; i++)
        if (sieve_bits[i])
            for (uint32_t j = i * i; j < n; j += i)
                sieve_bits[j] = 0;
    for (uint32_t i = 2; i < n; i++)
        count += sieve_bits[i];
    return count;
}

/* Small functions calling each other, as an interpreter's evaluator does. */
struct node {
    int op;
    int value;
    struct node *left, *right;
};

static int eval(const struct node *n);

static int apply(int op, int a, int b)
{
    switch (op) {
    case 1: return a + b;
    case 2: return a - b;
    case 3: return a * b;
    default: return a ^ b;
    }
}

static int eval(const struct node *n)
{
    if (!n->op)
        return n->value;
    return apply(n->op, eval(n->left), eval(n->right));
}

static struct node pool[4096];
static int pool_used;

static struct node *build(int depth, uint32_t *seed)
{
    struct node *n = &pool[pool_used++];
    *seed = *seed * 1103515245 + 12345;
    if (depth == 0) {
        n->op = 0;
        n->value = (int)(*seed >> 16 & 15);
        return n;
    }
    n->op = 1 + (int)(*seed >> 16 & 3);
    n->left = build(depth - 1, seed);
    n->right = build(depth - 1, seed);
    return n;
}

static int fib(int n)
{
    return n < 2 ? n : fib(n - 1) + fib(n - 2);
}

static uint32_t mandel_row(int y)
{
    uint32_t total = 0;
    for (int x = 0; x < 96; x++) {
        double cr = -2.0 + x * (3.0 / 96), ci = -1.2 + y * (2.4 / 48);
        double zr = 0, zi = 0;
        int k = 0;
        while (k < 64 && zr * zr + zi * zi < 4.0) {
            double t = zr * zr - zi * zi + cr;
            zi = 2 * zr * zi + ci;
            zr = t;
            k++;
        }
        total += (uint32_t)k;
    }
    return total;
}

static uint64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

int main(int argc, char **argv)
{
    long rounds = argc > 1 ? atol(argv[1]) : 20;
    uint32_t seed = 1, check = 0;
    if (rounds < 1)
        rounds = 1;
    crc_init();
    struct node *tree = build(11, &seed);
    uint64_t t0 = now_ns();
    for (long r = 0; r < rounds; r++) {
        check += crc32(data, sizeof data);
        check += sieve();
        check += (uint32_t)eval(tree);
        check += (uint32_t)fib(18);
        for (int y = 0; y < 48; y += 4)
            check += mandel_row(y);
    }
    uint64_t t1 = now_ns();
    printf("%s %.1f ns %ld\n", BENCH_NAME, (double)(t1 - t0) / (double)rounds, rounds);
    printf("# %s checksum %08lx\n", BENCH_NAME, (unsigned long)check);
    return 0;
}
