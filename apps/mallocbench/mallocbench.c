/*
 * mallocbench: a malloc-heavy benchmark for make bench, the shapes that
 * were slow with Picolibc's list-walking malloc: a string grown a small
 * piece at a time with realloc, many small blocks of mixed sizes allocated
 * and freed at random with a few hundred live, and a linked list built and
 * torn down. Like cpubench, the same objects also run under Linux
 * user-mode QEMU.
 *
 *   mallocbench [ROUNDS]   prints "malloc_heavy NS_PER_ROUND ns ROUNDS"
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define LIVE 512

static uint64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static uint32_t grow_string(int pieces)
{
    char *s = NULL;
    size_t len = 0;
    for (int i = 0; i < pieces; i++) {
        char piece[16];
        int n = snprintf(piece, sizeof piece, "%d,", i);
        char *t = realloc(s, len + (size_t)n + 1);
        if (!t)
            exit(1);
        s = t;
        memcpy(s + len, piece, (size_t)n + 1);
        len += (size_t)n;
    }
    uint32_t h = (uint32_t)len + (uint8_t)s[len / 2];
    free(s);
    return h;
}

static uint32_t churn(int steps, uint32_t *seed)
{
    static void *live[LIVE];
    uint32_t sum = 0;
    for (int i = 0; i < steps; i++) {
        *seed = *seed * 1103515245 + 12345;
        int k = (int)(*seed >> 8) % LIVE;
        if (live[k]) {
            sum += ((uint8_t *)live[k])[0];
            free(live[k]);
            live[k] = NULL;
        } else {
            size_t size = 8 + (*seed >> 16) % ((*seed & 7) ? 128 : 4096);
            live[k] = malloc(size);
            if (!live[k])
                exit(1);
            ((uint8_t *)live[k])[0] = (uint8_t)size;
        }
    }
    for (int k = 0; k < LIVE; k++) {
        free(live[k]);
        live[k] = NULL;
    }
    return sum;
}

struct cell {
    struct cell *next;
    int value;
};

static uint32_t list(int n)
{
    struct cell *head = NULL;
    for (int i = 0; i < n; i++) {
        struct cell *c = malloc(sizeof *c);
        if (!c)
            exit(1);
        c->value = i;
        c->next = head;
        head = c;
    }
    uint32_t sum = 0;
    while (head) {
        struct cell *next = head->next;
        sum += (uint32_t)head->value;
        free(head);
        head = next;
    }
    return sum;
}

int main(int argc, char **argv)
{
    long rounds = argc > 1 ? atol(argv[1]) : 10;
    uint32_t seed = 7, check = 0;
    if (rounds < 1)
        rounds = 1;
    uint64_t t0 = now_ns();
    for (long r = 0; r < rounds; r++) {
        check += grow_string(5000);
        check += churn(20000, &seed);
        check += list(5000);
    }
    uint64_t t1 = now_ns();
    printf("malloc_heavy %.1f ns %ld\n", (double)(t1 - t0) / (double)rounds, rounds);
    printf("# malloc_heavy checksum %08lx\n", (unsigned long)check);
    return 0;
}
