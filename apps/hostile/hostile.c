/*
 * hostile.c: the attacks of issue 15 that an app without special rights
 * can make through the syscall table, one per mode, each printing what
 * the kernel answered. tests/qemu/test_hostile.py runs every mode and
 * checks the answer and that the system carries on.
 *
 * Modes: stackwrap, nonul, longarg, argc, mem, bench, orphans, logesc,
 * flood, sp0, wildpc, child (what orphans spawns).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <tabula_app.h>

TABULA_APP_CAPS(TABULA_CAP_SPAWN | TABULA_CAP_TASKS | TABULA_CAP_BENCH | TABULA_CAP_DISPLAY);

static int spawn(const char *app, int argc, const char *const *argv, uint64_t mem,
                 uint64_t stack)
{
    struct tabula_spawn req;
    memset(&req, 0, sizeof req);
    req.app = app;
    req.argc = argc;
    req.argv = argv;
    req.mem_size = mem;
    req.stack_size = stack;
    req.caps = TABULA_CAP_SPAWN | TABULA_CAP_TASKS;
    int id = tabula->spawn(&req);
    if (id < 0) {
        printf("hostile: spawn refused (%d): %s\n", id, req.error);
    } else {
        struct tabula_exit end;
        tabula->wait(id, &end);
        printf("hostile: spawn ran task %d: %s\n", id, end.reason);
    }
    return id;
}

/* The top of this task's slot, from the task list. */
static char *slot_end(void)
{
    static struct tabula_task_info list[64];
    int n = tabula->task_list(list, 64);
    int self = tabula->self();
    for (int i = 0; i < n; i++)
        if (list[i].id == self)
            return (char *)(uintptr_t)(list[i].slot_base + list[i].slot_size);
    return NULL;
}

/* Attack 1: a stack size that wraps the slot arithmetic. */
static void stackwrap(void)
{
    static const uint64_t stacks[] = {0xFFFFFFFFFFFFE000ull, UINT64_MAX, 1ull << 63};
    for (unsigned i = 0; i < sizeof stacks / sizeof stacks[0]; i++)
        spawn("hello", 0, NULL, 0, stacks[i]);
}

/* Attack 2: strings with no NUL before the end of the slot. The slot's last
 * bytes are this task's own argument strings; they are overwritten. */
static void nonul(void)
{
    char *end = slot_end();
    if (!end) {
        printf("hostile: cannot find my slot\n");
        return;
    }
    char *s = end - 8;
    memset(s, 'h', 8);
    spawn(s, 0, NULL, 0, 0);
    const char *argv[] = {"hello", s};
    spawn("hello", 2, argv, 0, 0);
    long rc = tabula->bench(TABULA_BENCH_ELF_LOAD, 1, s);
    printf("hostile: bench with the name refused (%ld)\n", rc);
}

/* Attack 7: a 1 MiB argument. */
static void longarg(void)
{
    size_t n = 1u << 20;
    char *big = malloc(n + 1);
    if (!big) {
        printf("hostile: no memory for the argument\n");
        return;
    }
    memset(big, 'x', n);
    big[n] = 0;
    const char *argv[] = {"hello", big};
    spawn("hello", 2, argv, 0, 0);
}

/* Attack 7: argument counts out of range. */
static void argc_bad(void)
{
    const char *argv[] = {"hello"};
    spawn("hello", -1, argv, 0, 0);
    spawn("hello", 1000, argv, 0, 0);
}

/* Attack 7: a slot of 2^64 - 1 bytes. */
static void mem_huge(void)
{
    spawn("hello", 0, NULL, UINT64_MAX, 0);
}

/* Attack 3: a kernel loop of 2^64 - 1 iterations; ended from the keyboard. */
static void bench_forever(void)
{
    printf("hostile: looping in the kernel\n");
    fflush(stdout);
    long rc = tabula->bench(TABULA_BENCH_EMPTY, UINT64_MAX, NULL);
    printf("hostile: the loop returned %ld\n", rc);
}

/* Attack 6: children left behind by a parent other than the Monitor. */
static void orphans(void)
{
    static const char *const argv[] = {"hostile", "child"};
    for (int i = 0; i < 3; i++) {
        struct tabula_spawn req;
        memset(&req, 0, sizeof req);
        req.app = "hostile";
        req.argc = 2;
        req.argv = argv;
        int id = tabula->spawn(&req);
        printf("hostile: child %d\n", id);
    }
    printf("hostile: leaving my children\n");
}

static void child(void)
{
    tabula->sleep_ns(300000000ull);
}

/* Attack 7: escape sequences in a log line (a title, a screen clear). */
static void logesc(void)
{
    tabula->log(TABULA_LOG_WARN, "esc\033]0;pwned\007\033[2Jdone");
    printf("hostile: logged\n");
}

/* Attack 4: whole-screen flushes, back to back, until killed (most likely
 * in the middle of one). */
static void flood(void)
{
    struct tabula_display_info info;
    if (tabula->display_info(&info) < 0 || !info.width) {
        printf("hostile: no display\n");
        return;
    }
    struct tabula_rect all = {0, 0, (int32_t)info.width, (int32_t)info.height};
    printf("hostile: flooding the display\n");
    fflush(stdout);
    for (;;)
        tabula->display_flush(&all, 1);
}

/* Attack 7: a store with sp = 0; the report must not call it an overflow
 * 2 GB deep. */
static void sp0(void)
{
    printf("hostile: storing through sp = 0\n");
    fflush(stdout);
#if defined(__riscv)
    __asm__ volatile("li sp, 0\n\tsd zero, 0(sp)" ::: "memory");
#elif defined(__aarch64__)
    __asm__ volatile("mov x9, #0\n\tmov sp, x9\n\tstr xzr, [sp]" ::: "x9", "memory");
#endif
}

/* Attack 7: a jump far outside the slot; the report must not print the pc
 * as an offset into the app. */
static void wildpc(void)
{
    printf("hostile: jumping outside my slot\n");
    fflush(stdout);
    void (*volatile far)(void) = (void (*)(void))(uintptr_t)0x4000000000ull;
    far();
}

int main(int argc, char **argv)
{
    static const struct {
        const char *name;
        void (*fn)(void);
    } modes[] = {
        {"stackwrap", stackwrap}, {"nonul", nonul}, {"longarg", longarg},
        {"argc", argc_bad}, {"mem", mem_huge}, {"bench", bench_forever},
        {"orphans", orphans}, {"child", child}, {"logesc", logesc}, {"flood", flood},
        {"sp0", sp0}, {"wildpc", wildpc},
    };
    for (unsigned i = 0; argc > 1 && i < sizeof modes / sizeof modes[0]; i++)
        if (strcmp(argv[1], modes[i].name) == 0) {
            modes[i].fn();
            return 0;
        }
    printf("usage: hostile MODE (stackwrap nonul longarg argc mem bench orphans logesc flood sp0 wildpc)\n");
    return 2;
}
