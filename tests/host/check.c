/* check.c: runs every registered TEST and prints the closing tally. */
#include "check.h"
#include "panic.h"

#include <stdarg.h>
#include <stdlib.h>

static struct check_case *first, **tail = &first;
static int current_failed;
jmp_buf *check_panic_jmp;
char check_panic_message[512];

void check_register(struct check_case *c)
{
    *tail = c;
    tail = &c->next;
}

void check_fail(const char *file, int line, const char *what)
{
    printf("  %s:%d: check failed: %s\n", file, line, what);
    current_failed = 1;
}

uint64_t check_random(uint64_t *state)
{
    uint64_t z = (*state += 0x9e3779b97f4a7c15u);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    return z ^ (z >> 31);
}

uint8_t *check_read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    *len = 0;
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    uint8_t *buf = n >= 0 ? malloc(n > 0 ? (size_t)n : 1) : NULL;
    if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
        free(buf);
        buf = NULL;
    }
    fclose(f);
    if (buf)
        *len = (size_t)n;
    return buf;
}

int check_write_file(const char *path, const void *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        return -1;
    size_t n = fwrite(data, 1, len, f);
    return fclose(f) == 0 && n == len ? 0 : -1;
}

/* The kernel's panic(), for code under test: jump back to EXPECT_PANIC, or
 * fail loudly when no test expected it. */
void panic(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(check_panic_message, sizeof check_panic_message, fmt, ap);
    va_end(ap);
    if (check_panic_jmp)
        longjmp(*check_panic_jmp, 1);
    printf("unexpected panic: %s\n", check_panic_message);
    fflush(stdout);
    abort();
}

int main(int argc, char **argv)
{
    int passed = 0, failed = 0;
    const char *only = argc > 1 ? argv[1] : 0;
    setvbuf(stdout, NULL, _IOLBF, 0);
    for (struct check_case *c = first; c; c = c->next) {
        if (only && strcmp(only, c->name) != 0)
            continue;
        current_failed = 0;
        c->fn();
        printf("%s %s\n", current_failed ? "FAIL" : "ok  ", c->name);
        if (current_failed)
            failed++;
        else
            passed++;
    }
    printf("%d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
