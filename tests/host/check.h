/*
 * check.h: the host unit-test harness. Each tests/host/test_*.c defines
 * TEST(name) functions and links with check.c, which runs them all and ends
 * with "N passed, N failed" (N counts test cases).
 *
 * Kernel code that calls panic() gets check.c's version, which longjmps back
 * into EXPECT_PANIC so a test can assert that corruption is caught.
 */
#ifndef CHECK_H
#define CHECK_H

#include <setjmp.h>
#include <stdio.h>
#include <string.h>

struct check_case {
    const char *name;
    void (*fn)(void);
    struct check_case *next;
};

void check_register(struct check_case *c);
void check_fail(const char *file, int line, const char *what);

/* Helpers tests share. A deterministic 64-bit generator (splitmix64) for
 * randomized model tests; whole-file reads and writes for tests that run
 * the build's tools. check_read_file returns a malloc'd buffer (non-NULL
 * even for an empty file) or NULL when the file cannot be read;
 * check_write_file returns 0 or -1. */
#include <stddef.h>
#include <stdint.h>
uint64_t check_random(uint64_t *state);
uint8_t *check_read_file(const char *path, size_t *len);
int check_write_file(const char *path, const void *data, size_t len);

extern jmp_buf *check_panic_jmp;
extern char check_panic_message[512];

#define TEST(name)                                                       \
    static void test_##name(void);                                       \
    static struct check_case case_##name = {#name, test_##name, 0};      \
    __attribute__((constructor)) static void register_##name(void)       \
    {                                                                    \
        check_register(&case_##name);                                    \
    }                                                                    \
    static void test_##name(void)

#define CHECK(cond)                                                      \
    do {                                                                 \
        if (!(cond))                                                     \
            check_fail(__FILE__, __LINE__, #cond);                       \
    } while (0)

#define CHECK_EQ(a, b)                                                   \
    do {                                                                 \
        long long check_a_ = (long long)(a), check_b_ = (long long)(b);  \
        if (check_a_ != check_b_) {                                      \
            char check_m_[256];                                          \
            snprintf(check_m_, sizeof check_m_, "%s == %s (%lld != %lld)", \
                     #a, #b, check_a_, check_b_);                        \
            check_fail(__FILE__, __LINE__, check_m_);                    \
        }                                                                \
    } while (0)

#define CHECK_STR_CONTAINS(haystack, needle)                             \
    do {                                                                 \
        if (!strstr((haystack), (needle))) {                             \
            char check_m_[512];                                          \
            snprintf(check_m_, sizeof check_m_, "\"%.300s\" contains \"%.150s\"",\
                     (haystack), (needle));                              \
            check_fail(__FILE__, __LINE__, check_m_);                    \
        }                                                                \
    } while (0)

/* Runs stmt and checks that it called panic(); the message is kept in
 * check_panic_message. */
#define EXPECT_PANIC(stmt)                                               \
    do {                                                                 \
        jmp_buf check_jb_;                                               \
        check_panic_message[0] = 0;                                      \
        check_panic_jmp = &check_jb_;                                    \
        if (setjmp(check_jb_) == 0) {                                    \
            stmt;                                                        \
            check_panic_jmp = 0;                                         \
            check_fail(__FILE__, __LINE__, "expected a panic: " #stmt);  \
        }                                                                \
        check_panic_jmp = 0;                                             \
    } while (0)

#endif
