/*
 * sysfuzz.c: fuzzes the whole syscall table from inside a real task.
 *
 *     run sysfuzz [-v] SEED [CALLS]
 *
 * makes CALLS (default 2000) calls to entries of struct tabula_sys chosen
 * from SEED, with hostile arguments mixed with valid ones: pointers that
 * are NULL, into the kernel, into another task's slot, at and across the
 * end of this slot, unaligned, below it, near 2^64; valid buffers with
 * lengths past the slot or wrapping the address space; strings with no
 * NUL before the slot's end; ids, fds, counts and enum values out of
 * range; real fds, children and canvases, so that the code past the
 * argument checks runs too. The same seed makes the same calls (the
 * kernel's answers may differ: time, the disk). -v prints each call
 * before making it, and logs it, so that a hang or a panic (whose report
 * ends with the last log records) names the call.
 *
 * A result the kernel must not give is a violation, printed as
 * "sysfuzz: call NAME(ARGS) returned X, expected ..." and counted: success
 * for a pointer or a length that leaves the slot, -EFAULT for arguments
 * that lie inside it, success for a call needing a capability the task
 * lacks, and a few per-call rules (below). The last line says
 * "sysfuzz: seed S: N calls, V violations"; the exit status is 1 with
 * violations. Children it spawns ("sysfuzz child ...", with a random part
 * of its capabilities) fuzz with pointers into their own stack guard page
 * too, which ends them with a crash report, and with exit and abort;
 * their violations come back in their exit status (100 + count).
 *
 * Everything it creates (files, children, a canvas, locks, the console
 * mode, the focus, the watchdog, the trace switch, the working directory)
 * is given back at the end, so `ps`, `mem` and `df` look as before; the
 * kernel must release what a killed or crashed child leaves behind.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <tabula_app.h>

/* Not POWER: the Monitor never grants it, and power and debug_crash are
 * then fuzzed for their refusal. */
TABULA_APP_CAPS(TABULA_CAP_SPAWN | TABULA_CAP_KILL | TABULA_CAP_TASKS | TABULA_CAP_STATS |
                TABULA_CAP_LOGREAD | TABULA_CAP_BENCH | TABULA_CAP_DISPLAY);
TABULA_APP_MEMORY(512 * 1024, 64 * 1024);

#define CHILD_MEM (256u * 1024)
#define MAX_KIDS 4
#define SCRATCH 16384

static uint64_t rng_state;
static bool verbose, child_mode;
static long calls, violations;
static uintptr_t slot_base, slot_end, top_lo, guard_page, other_slot;
static uint32_t caps;
static int self_id, monitor_id;
static _Alignas(16) char scratch[SCRATCH];
static char strbuf[512];
static char desc[320];
static const char *cur_name;
static int fds[TABULA_OPEN_MAX]; /* 1 when open */
static int kids[MAX_KIDS], nkids;
static bool kid_is_fuzzer[MAX_KIDS];
static uint32_t console_flags_now;

/* xorshift64*: small, and the same sequence on every machine. */
static uint64_t rnd(void)
{
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * 0x2545f4914f6cdd1dull;
}

static uint64_t below(uint64_t n)
{
    return n ? rnd() % n : 0;
}

static bool chance(int percent)
{
    return below(100) < (uint64_t)percent;
}

static void say(const char *fmt, ...)
{
    char line[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    printf("%s%s\n", child_mode ? "sysfuzz child: " : "sysfuzz: ", line);
    fflush(stdout);
}

/* The arguments as text, for -v and for a violation's line. */
static void arg(const char *fmt, ...)
{
    size_t n = strlen(desc);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(desc + n, sizeof desc - n, fmt, ap);
    va_end(ap);
}

static void begin(const char *name)
{
    cur_name = name;
    desc[0] = 0;
}

/* Just before the call: -v names it, on the console and in the log. */
static void go(void)
{
    calls++;
    if (!verbose)
        return;
    say("#%ld %s(%s)", calls, cur_name, desc);
    char line[TABULA_LOG_TEXT_MAX];
    snprintf(line, sizeof line, "sysfuzz #%ld %s(%.80s)", calls, cur_name, desc);
    tabula->log(TABULA_LOG_DEBUG, line);
}

static void violation(long rc, const char *expected)
{
    violations++;
    say("call %s(%s) returned %ld, expected %s", cur_name, desc, rc, expected);
    /* At once: a later call into the guard page would end the child as a
     * crash, and the count with it. */
    if (child_mode)
        exit(101);
}

/* The generic rules: a pointer that leaves the slot must be refused, and
 * arguments inside it must not be called a bad address. */
static void check(long rc, bool ok)
{
    if (!ok && rc >= 0)
        violation(rc, "an error");
    else if (ok && rc == -TABULA_EFAULT)
        violation(rc, "no -EFAULT (every pointer lies in the slot)");
}

/* Whether p is in this task's stack guard page: the kernel may be handed
 * it, but this task's own code must not touch it. */
static bool in_guard(const void *p)
{
    return guard_page && (uintptr_t)p - guard_page < 4096;
}

static bool owns(uintptr_t p, size_t len)
{
    return p >= slot_base && len <= slot_end - slot_base && p - slot_base <= slot_end - slot_base - len;
}

/* Fills the slot's last bytes (this task's argument strings, copied
 * already) with no NUL, for strings running off the end. */
static void top_fill(void)
{
    memset((void *)top_lo, 'Z', slot_end - top_lo);
}

/* A pointer the kernel will touch len bytes at. *ok is whether
 * [p, p + len) lies in the slot; when it does, the bytes are scratch
 * memory or the slot's last bytes, so that whatever the kernel writes
 * there harms nothing this task still needs. */
static void *uptr(size_t len, bool *ok)
{
    uintptr_t p;
    size_t region = slot_end - top_lo;
    switch (below(12)) {
    case 0: p = 0; break;
    case 1: p = (uintptr_t)tabula; break; /* the kernel's table, in its rodata */
    case 2: p = other_slot ? other_slot + below(64) : 8; break;
    case 3: { /* the slot's last bytes: inside when len fits, else across */
        size_t k = below(region + 1);
        p = slot_end - k;
        if (len > k)
            break;
        *ok = true;
        return (void *)p;
    }
    case 4: p = slot_base - 1 - below(16); break;
    case 5: p = UINTPTR_MAX - below(32); break;
    case 6:
        if (child_mode && guard_page && len <= 4096) {
            /* Legal by the slot, but the kernel faults there: the child ends
             * with "passed the kernel a pointer into its stack guard page". */
            p = guard_page + below(4096 - len + 1);
            *ok = true;
            if (!len)
                return (void *)p;
            return (void *)p;
        }
        p = slot_end + below(4096);
        break;
    default:
        if (len <= SCRATCH) {
            p = (uintptr_t)scratch + below(SCRATCH - len + 1);
            *ok = true;
            return (void *)p;
        }
        p = (uintptr_t)scratch;
        break;
    }
    *ok = owns(p, len);
    if (*ok) /* never hand the kernel memory we use */
        return uptr(len, ok);
    return (void *)p;
}

/* A length for a buffer of at most max valid bytes: sometimes one no
 * slot holds or one that wraps the address space. */
static size_t ulen(size_t max)
{
    switch (below(10)) {
    case 0: return 0;
    case 1: return 1;
    case 2: return slot_end - slot_base + 1 + below(64);
    case 3: return SIZE_MAX - below(64);
    case 4: return (size_t)1 << (32 + below(31));
    default: return below(max + 1);
    }
}

/* A (pointer, length) pair; *ok as uptr's. */
static void *ubuf(size_t max, size_t *len, bool *ok)
{
    *len = ulen(max);
    bool fits = true;
    void *p = uptr(*len, &fits);
    *ok = fits;
    return p;
}

/* An int from the edges and the middle. */
static int uint_pick(int lo, int hi)
{
    static const int edges[] = {0, -1, 1, INT32_MAX, INT32_MIN, 64, 65, 4096, -4096};
    if (chance(30))
        return edges[below(sizeof edges / sizeof edges[0])];
    return lo + (int)below((uint64_t)((long)hi - lo + 1));
}

static uint64_t u64_pick(void)
{
    static const uint64_t edges[] = {0, 1, UINT64_MAX, UINT64_MAX - 1, 1ull << 63, 1ull << 32,
                                     0xffffffffull, 4096};
    return chance(50) ? edges[below(sizeof edges / sizeof edges[0])] : rnd() >> below(64);
}

static const char *const path_pool[] = {
    "f0", "f1", "d0", "d0/f2", "d0/d1", "d0/d1/f3", ".", "..", "", "/", "/data",
    "/data/sysfuzz", "/data/sysfuzz/f0", "/data/other", "/bin", "/bin/hello", "../..",
    "d0/../../f0", "//f1//", "F0", "f1.", "a b", "con", "f\xc3\xa9", "d0/./../d0/f2",
    "/data/sysfuzz/../sysfuzz/d0", "toolongname_toolongname_toolongname.txt", "*", "a:b",
};

/* A string argument: a pool entry, a long one, or one the kernel must
 * refuse (*ok false). *k is how far before the slot's end an unterminated
 * one starts (0 otherwise), for calls that cut a long string. */
static const char *ustr(const char *const *pool, size_t npool, bool *ok, size_t *k)
{
    *ok = true;
    *k = 0;
    switch (below(14)) {
    case 0: *ok = false; return NULL;
    case 1: *ok = false; return (const char *)tabula;
    case 2: *ok = false; return (const char *)(other_slot ? other_slot : 8);
    case 3: {
        top_fill();
        *k = 1 + below(slot_end - top_lo);
        *ok = false;
        return (const char *)(slot_end - *k);
    }
    case 4: *ok = false; return (const char *)(UINTPTR_MAX - below(8));
    case 5: {
        size_t n = 1 + below(sizeof strbuf - 1);
        memset(strbuf, 'x' + (int)below(3), n);
        strbuf[n] = 0;
        return strbuf;
    }
    default:
        snprintf(strbuf, sizeof strbuf, "%s", pool[below(npool)]);
        return strbuf;
    }
}

static const char *upath(bool *ok)
{
    size_t k;
    return ustr(path_pool, sizeof path_pool / sizeof path_pool[0], ok, &k);
}

static void arg_str(const char *s, bool ok)
{
    if (ok && strlen(s) < 40)
        arg("\"%s\"", s);
    else if (ok)
        arg("\"%.12s...\"(%u)", s, (unsigned)strlen(s));
    else
        arg("%p", (const void *)s);
}

/* An fd: mostly a real one, else closed or out of range. */
static int ufd(void)
{
    if (chance(70)) {
        int open[TABULA_OPEN_MAX], n = 0;
        for (int i = 0; i < TABULA_OPEN_MAX; i++)
            if (fds[i])
                open[n++] = i;
        if (n)
            return open[below(n)];
    }
    return uint_pick(-2, TABULA_OPEN_MAX + 1);
}

/* A task id: a child, this task, the Monitor, or nobody. */
static int uid(bool may_self)
{
    switch (below(6)) {
    case 0: case 1: if (nkids) return kids[below(nkids)]; /* fall through */
    case 2: return may_self ? self_id : 100000 + (int)below(1000);
    case 3: return monitor_id;
    default: return uint_pick(-2, 200);
    }
}

static bool is_kid(int id)
{
    for (int i = 0; i < nkids; i++)
        if (kids[i] == id)
            return true;
    return false;
}

static void kid_gone(int id, const struct tabula_exit *end)
{
    for (int i = 0; i < nkids; i++) {
        if (kids[i] != id)
            continue;
        /* A fuzzing child reports its violations in its exit status, and
         * must end only as it chose to or at the guard page. */
        if (kid_is_fuzzer[i] && end) {
            if (end->how == TABULA_END_EXIT && end->status >= 100 && end->status < 200) {
                violations += end->status - 100;
                say("child %d found %d violations", id, end->status - 100);
            } else if ((end->how == TABULA_END_CRASH || end->how == TABULA_END_STACK) &&
                       !strstr(end->reason, "guard page")) {
                violations++;
                say("child %d crashed: %s", id, end->reason);
            }
        }
        kids[i] = kids[--nkids];
        kid_is_fuzzer[i] = kid_is_fuzzer[nkids];
        return;
    }
}

static bool need(uint32_t cap)
{
    return (caps & cap) != 0;
}

/* A capability the task lacks must be refused with -EPERM. */
static void check_cap(long rc, uint32_t cap, bool ok)
{
    if (!need(cap)) {
        if (rc != -TABULA_EPERM)
            violation(rc, "-EPERM (the task lacks the capability)");
        return;
    }
    check(rc, ok);
}

/* ---- the calls ---------------------------------------------------------- */

static void f_sleep(void)
{
    /* Bounded: a sleep of 2^64 ns would only stop the run. */
    uint64_t ns = below(3) == 0 ? 0 : below(2000000);
    begin("sleep_ns"); arg("%llu", (unsigned long long)ns); go();
    int rc = tabula->sleep_ns(ns);
    if (rc != 0)
        violation(rc, "0");
}

static void f_time(void)
{
    static uint64_t last, last_cpu;
    begin("time_ns"); go();
    uint64_t t = tabula->time_ns();
    if (t < last)
        violation((long)t, "a time no earlier than the last one");
    last = t;
    begin("cpu_ns"); go();
    t = tabula->cpu_ns();
    if (t < last_cpu)
        violation((long)t, "a CPU time no earlier than the last one");
    last_cpu = t;
    begin("walltime_ns"); go();
    (void)tabula->walltime_ns();
}

static void f_read(void)
{
    size_t len;
    bool ok;
    void *p = ubuf(256, &len, &ok);
    /* Only with NONBLOCK: a blocking read waits for a key nobody types. */
    uint32_t old = (uint32_t)tabula->console_mode(console_flags_now | TABULA_CONSOLE_NONBLOCK);
    begin("read"); arg("%p, %zu", p, len); go();
    long rc = tabula->read(p, len);
    tabula->console_mode(old);
    if (rc == -TABULA_EAGAIN && !ok)
        violation(rc, "-EFAULT before looking for input");
    else
        check(rc, ok);
}

static void f_write(void)
{
    size_t len;
    bool ok;
    /* Short, and printable: the bytes reach the console. */
    void *p = ubuf(24, &len, &ok);
    if (ok && !in_guard(p))
        memset(p, '.', len);
    begin("write"); arg("%p, %zu", p, len); go();
    long rc = tabula->write(p, len);
    check(rc, ok);
    if (ok && rc != (long)len)
        violation(rc, "the whole length");
}

static void f_console_mode(void)
{
    uint32_t flags = chance(50) ? (uint32_t)below(4) : (uint32_t)rnd();
    begin("console_mode"); arg("0x%x", (unsigned)flags); go();
    int rc = tabula->console_mode(flags);
    if ((uint32_t)rc != (console_flags_now & 0x7fffffff))
        violation(rc, "the flags set before");
    console_flags_now = flags;
}

static void f_sbrk(void)
{
    intptr_t inc;
    switch (below(5)) {
    case 0: inc = (intptr_t)below(8192); break;
    case 1: inc = -(intptr_t)below(8192); break;
    case 2: inc = (intptr_t)(slot_end - slot_base); break;
    case 3: inc = INTPTR_MIN + (intptr_t)below(16); break;
    default: inc = (intptr_t)rnd(); break;
    }
    char *before = tabula->sbrk(0);
    begin("sbrk"); arg("%ld", (long)inc); go();
    char *old = tabula->sbrk(inc);
    if (old == (char *)-1)
        return;
    char *now = tabula->sbrk(0);
    tabula->sbrk(-inc); /* at once: malloc's heap is there, and printf may use it */
    if (old != before || now != before + inc || (uintptr_t)now > guard_page)
        violation((long)(uintptr_t)old, "a break that stays below the stack guard");
}

static void f_log(void)
{
    static const char *const texts[] = {"sysfuzz", "", "\033[2J\a", "a\nb"};
    bool ok;
    size_t k;
    const char *s = ustr(texts, 4, &ok, &k);
    int level = uint_pick(-1, 4);
    /* Text longer than a line is cut, not refused. */
    if (k >= TABULA_LOG_TEXT_MAX)
        ok = true;
    begin("log"); arg("%d, ", level); arg_str(s, ok); go();
    check(tabula->log(level, s), ok);
}

static void f_simple(void)
{
    begin("self"); go();
    int id = tabula->self();
    if (id != self_id)
        violation(id, "this task's id");
    begin("nop"); go();
    int rc = tabula->nop();
    if (rc)
        violation(rc, "0");
    begin("yield"); go();
    tabula->yield();
}

static const char *const app_pool[] = {"sysfuzz", "hello", "nop", "nosuchapp", "",
                                       "/bin/hello", "/bin/nop.elf", "../hello", "monitor"};

static void f_spawn(void)
{
    struct tabula_spawn *req = (struct tabula_spawn *)scratch;
    static const char *argv_pool[] = {"a", "", "-v", "zz"};
    static char child_seed[24], child_calls[24], child_mem[24];
    static const char *child_argv[6];
    static const char *rand_argv[8];
    static struct tabula_grant grants[2];
    bool ok = true, fuzzer = false;

    memset(req, 0, sizeof *req);
    bool pok, unsure = false;
    size_t k;
    /* Only the first generation fuzzes: children of children would grow
     * without bound. */
    if (!child_mode && nkids < MAX_KIDS && chance(50)) {
        /* A fuzzing child, with part of this task's capabilities. */
        fuzzer = true;
        snprintf(child_seed, sizeof child_seed, "%llu", (unsigned long long)rnd());
        snprintf(child_calls, sizeof child_calls, "%u", 20 + (unsigned)below(200));
        snprintf(child_mem, sizeof child_mem, "%u", CHILD_MEM);
        child_argv[0] = "sysfuzz";
        child_argv[1] = "child";
        child_argv[2] = child_seed;
        child_argv[3] = child_calls;
        child_argv[4] = child_mem;
        req->app = "sysfuzz";
        req->argc = 5;
        req->argv = child_argv;
        req->mem_size = CHILD_MEM;
        req->caps = (uint32_t)rnd();
        req->hart = chance(50) ? 0 : (int)below(3);
    } else {
        /* Not every app: the others test themselves, not the kernel, and
         * a hog or hostile's kernel loop would only burn the run's time. */
        req->app = ustr(app_pool, sizeof app_pool / sizeof app_pool[0], &pok, &k);
        ok &= pok;
        if (pok && (strcmp(req->app, "monitor") == 0 || strcmp(req->app, "sysfuzz") == 0))
            req->app = "nop"; /* a second Monitor, or a full fuzz run, is not a child */
        req->argc = uint_pick(-1, 8);
        if (req->argc > 0 && req->argc <= 8) {
            for (int i = 0; i < req->argc; i++)
                rand_argv[i] = argv_pool[below(4)];
            if (chance(10)) {
                rand_argv[below((uint64_t)req->argc)] = (const char *)(uintptr_t)(slot_end + 16);
                ok = false;
            }
            req->argv = rand_argv;
            if (chance(10)) {
                req->argv = (const char *const *)(uintptr_t)(slot_end - 8);
                ok = false;
            }
        } else {
            req->argv = chance(50) ? NULL : rand_argv;
            unsure = req->argc > 0; /* past rand_argv: whatever lies there */
        }
        req->envc = chance(80) ? 0 : uint_pick(-1, 3);
        req->envp = rand_argv;
        unsure |= req->envc > 0;
        static const uint64_t mems[] = {0, 4096, 65536, 262144, 1u << 20, 16u << 20,
                                        UINT64_MAX, 1ull << 63, 1ull << 40};
        req->mem_size = mems[below(sizeof mems / sizeof mems[0])];
        req->stack_size = chance(70) ? 0 : u64_pick();
        req->caps = (uint32_t)rnd();
        req->hart = uint_pick(-1, 3);
        req->ngrants = chance(70) ? 0 : uint_pick(-1, 9);
        memset(grants, 0, sizeof grants);
        snprintf(grants[0].path, sizeof grants[0].path, "%s", chance(50) ? "/data/sysfuzz" : "/");
        grants[0].mode = (uint32_t)below(4);
        memset(grants[1].path, 'g', sizeof grants[1].path);
        grants[1].mode = 3;
        req->grants = grants;
        if (chance(20) && req->ngrants > 0 && req->ngrants <= TABULA_GRANT_MAX) {
            req->grants = (const struct tabula_grant *)(uintptr_t)other_slot;
            ok = false;
        }
        req->cwd = chance(80) ? NULL : "d0";
        if (chance(10)) {
            top_fill();
            req->cwd = (const char *)(uintptr_t)(slot_end - 1);
            ok = false;
        }
    }
    if (nkids >= MAX_KIDS)
        req->app = "nosuchapp"; /* bounded: at most MAX_KIDS children at once */
    /* The request itself, sometimes where it cannot be. */
    struct tabula_spawn *r = req;
    bool rok = true;
    if (chance(15)) {
        r = uptr(sizeof *req, &rok);
        ok &= rok;
        if (rok && !in_guard(r))
            memmove(r, req, sizeof *req);
    }
    begin("spawn"); arg("%p app=", (void *)r);
    arg_str(req->app, ok);
    arg(" argc=%d envc=%d mem=%llu stack=%llu caps=0x%x hart=%d ngrants=%d", req->argc, req->envc,
        (unsigned long long)req->mem_size, (unsigned long long)req->stack_size,
        (unsigned)req->caps, req->hart, req->ngrants);
    go();
    int id = tabula->spawn(r);
    if (!need(TABULA_CAP_SPAWN)) {
        check_cap(id, TABULA_CAP_SPAWN, ok);
        if (id > 0)
            tabula->wait(id, NULL);
        return;
    }
    if (!rok && id >= 0)
        violation(id, "an error (the request lies outside the slot)");
    else if (!unsure)
        check(id, ok);
    if (id > 0) {
        if (nkids < MAX_KIDS) {
            kid_is_fuzzer[nkids] = fuzzer;
            kids[nkids++] = id;
        } else if (need(TABULA_CAP_TASKS)) {
            tabula->wait(id, NULL);
        }
    }
}

static void f_kill(void)
{
    /* Never this task (kill ends the caller by design) nor a task it did
     * not start, other than the Monitor, whose refusal is the test. */
    int id = uid(false);
    if (id == self_id || (id > 0 && id < 100000 && id != monitor_id && !is_kid(id)))
        id = 100000 + (int)below(100);
    begin("kill"); arg("%d", id); go();
    int rc = tabula->kill(id);
    if (!need(TABULA_CAP_KILL))
        check_cap(rc, TABULA_CAP_KILL, true);
    else if (monitor_id && id == monitor_id && rc != -TABULA_EPERM)
        violation(rc, "-EPERM for the console's owner");
    else if (!is_kid(id) && id != monitor_id && rc >= 0)
        violation(rc, "-ESRCH for no such task");
}

static void f_reap(bool wait)
{
    int id = uid(true);
    bool ok = true;
    struct tabula_exit *out = chance(20) ? NULL : uptr(sizeof *out, &ok);
    if (!out)
        ok = true;
    /* wait blocks: only for a child (all of them end by themselves) or
     * for ids whose refusal comes at once. */
    if (wait && is_kid(id) && !need(TABULA_CAP_TASKS))
        wait = false;
    begin(wait ? "wait" : "reap"); arg("%d, %p", id, (void *)out); go();
    struct tabula_exit end;
    int rc = wait ? tabula->wait(id, out) : tabula->reap(id, out);
    if (!need(TABULA_CAP_TASKS)) {
        check_cap(rc, TABULA_CAP_TASKS, ok);
        return;
    }
    check(rc, ok);
    if (rc == 0) {
        if (!is_kid(id))
            violation(rc, "-ECHILD or -ESRCH for a task that is not a child");
        if (out && ok)
            memcpy(&end, out, sizeof end);
        kid_gone(id, out && ok ? &end : NULL);
    } else if (wait && ok && is_kid(id) && rc != -TABULA_EFAULT) {
        violation(rc, "the child's end");
    }
}

static void f_poll(void)
{
    /* Bounded: poll(UINT64_MAX) may wait for ever with nothing to say. */
    uint64_t ns = chance(50) ? 0 : below(3000000);
    begin("poll"); arg("%llu", (unsigned long long)ns); go();
    uint32_t ev = tabula->poll(ns);
    if (!ev || (ev & ~0x3fu))
        violation((long)ev, "events, or TIMEOUT");
}

static void f_stream(bool rd)
{
    int id = uid(true);
    size_t len;
    bool ok;
    void *p = ubuf(SCRATCH, &len, &ok);
    if (!rd && ok && !in_guard(p))
        memset(p, 'q', len);
    begin(rd ? "stream_read" : "stream_write"); arg("%d, %p, %zu", id, p, len); go();
    long rc = rd ? tabula->stream_read(id, p, len) : tabula->stream_write(id, p, len);
    if (!need(TABULA_CAP_TASKS)) {
        check_cap(rc, TABULA_CAP_TASKS, ok);
        return;
    }
    check(rc, ok);
    if (rc >= 0 && !is_kid(id))
        violation(rc, "-ESRCH for a task that is not a child");
    if (rc >= 0 && (size_t)rc > len)
        violation(rc, "at most the length");
}

/* The calls that fill max records: task_list, slot_map, app_list,
 * hart_list, trace_read, pointer_read, key_read, log_read, grant_list. */
static void f_records(void)
{
    static const struct {
        const char *name;
        size_t each;
        uint32_t cap;
    } kinds[] = {
        {"task_list", sizeof(struct tabula_task_info), TABULA_CAP_TASKS},
        {"slot_map", sizeof(struct tabula_slot_info), TABULA_CAP_STATS},
        {"app_list", sizeof(struct tabula_app_info), TABULA_CAP_STATS},
        {"hart_list", sizeof(struct tabula_hart_info), TABULA_CAP_STATS},
        {"trace_read", sizeof(struct tabula_trace_event), TABULA_CAP_LOGREAD},
        {"pointer_read", sizeof(struct tabula_pointer_event), TABULA_CAP_DISPLAY},
        {"key_read", sizeof(struct tabula_key_event), 0},
        {"log_read", sizeof(struct tabula_log_record), TABULA_CAP_LOGREAD},
        {"grant_list", sizeof(struct tabula_grant), 0},
    };
    int k = (int)below(sizeof kinds / sizeof kinds[0]);
    int max = chance(70) ? (int)below(SCRATCH / kinds[k].each + 1) : uint_pick(-5, 100);
    size_t bytes = max < 0 ? SIZE_MAX : (size_t)max * kinds[k].each;
    bool ok = max >= 0;
    void *out = uptr(bytes, &ok);
    if (max < 0)
        ok = false;
    begin(kinds[k].name);
    long rc;
    switch (k) {
    case 0:
        arg("%p, %d", out, max); go();
        rc = tabula->task_list(out, max);
        /* A task a spawn is still making must not show (no name, parent 0). */
        for (long i = 0; ok && rc > 0 && i < rc; i++)
            if (!((struct tabula_task_info *)out)[i].name[0]) {
                violation(rc, "only tasks with names");
                break;
            }
        break;
    case 1: arg("%p, %d", out, max); go(); rc = tabula->slot_map(out, max); break;
    case 2: arg("%p, %d", out, max); go(); rc = tabula->app_list(out, max); break;
    case 3: arg("%p, %d", out, max); go(); rc = tabula->hart_list(out, max); break;
    case 4: arg("%p, %d", out, max); go(); rc = tabula->trace_read(out, max); break;
    case 5: arg("%p, %d", out, max); go(); rc = tabula->pointer_read(out, max); break;
    case 6: arg("%p, %d", out, max); go(); rc = tabula->key_read(out, max); break;
    case 7: {
        bool sok = true;
        uint64_t *seq = chance(85) ? (uint64_t *)(scratch + SCRATCH - 8) : uptr(8, &sok);
        if (seq == (uint64_t *)(scratch + SCRATCH - 8)) {
            if (owns((uintptr_t)out, bytes) && (char *)out + bytes > (char *)seq)
                seq = (uint64_t *)strbuf; /* not inside out */
            *seq = chance(50) ? 0 : rnd();
        }
        arg("%p, %p, %d", (void *)seq, out, max); go();
        rc = tabula->log_read(seq, out, max);
        ok = ok && sok;
        break;
    }
    default: {
        int id = uid(true);
        arg("%d, %p, %d", id, out, max); go();
        rc = tabula->grant_list(id, out, max);
        if (ok && id != 0 && id != self_id && !need(TABULA_CAP_TASKS) && rc != -TABULA_EPERM)
            violation(rc, "-EPERM (another task's grants need TASKS)");
        check(rc, ok);
        if (max >= 0 && rc > max)
            violation(rc, "at most max records");
        return;
    }
    }
    if (kinds[k].cap && !need(kinds[k].cap)) {
        check_cap(rc, kinds[k].cap, ok);
        return;
    }
    check(rc, ok);
    if (max >= 0 && rc > max)
        violation(rc, "at most max records");
}

static void f_stats(void)
{
    bool ok;
    void *out = uptr(sizeof(struct tabula_mem_stats), &ok);
    begin("mem_stats"); arg("%p", out); go();
    long rc = tabula->mem_stats(out);
    if (!need(TABULA_CAP_STATS))
        check_cap(rc, TABULA_CAP_STATS, ok);
    else
        check(rc, ok);
    out = uptr(sizeof(struct tabula_fs_info), &ok);
    begin("fs_info"); arg("%p", out); go();
    check(tabula->fs_info(out), ok);
    out = uptr(sizeof(struct tabula_display_info), &ok);
    begin("display_info"); arg("%p", out); go();
    rc = tabula->display_info(out);
    if (!need(TABULA_CAP_DISPLAY))
        check_cap(rc, TABULA_CAP_DISPLAY, ok);
    else
        check(rc, ok);
}

static void f_privileged(void)
{
    int how = uint_pick(-1, 3);
    /* power and debug_crash only without POWER: with it they stop the
     * machine, by design. */
    if (!need(TABULA_CAP_POWER)) {
        begin("power"); arg("%d", how); go();
        check_cap(tabula->power(how), TABULA_CAP_POWER, true);
        begin("debug_crash"); arg("%d", how); go();
        check_cap(tabula->debug_crash(how), TABULA_CAP_POWER, true);
    }
    int op = uint_pick(-1, 5);
    begin("trace_control"); arg("%d", op); go();
    int rc = tabula->trace_control(op);
    if (!need(TABULA_CAP_LOGREAD))
        check_cap(rc, TABULA_CAP_LOGREAD, true);
    else if ((op < TABULA_TRACE_STATUS || op > TABULA_TRACE_CLEAR) != (rc < 0))
        violation(rc, op < 0 || op > 3 ? "-EINVAL" : "0 or 1");
    /* Valid limits of 10 ms and more; the default comes back at the end. */
    uint64_t ns = chance(50) ? below(20000000) : u64_pick();
    begin("watchdog_set"); arg("%llu", (unsigned long long)ns); go();
    rc = tabula->watchdog_set(ns);
    if (!need(TABULA_CAP_KILL))
        check_cap(rc, TABULA_CAP_KILL, true);
    else if ((ns < 10000000ull) != (rc < 0))
        violation(rc, ns < 10000000ull ? "-EINVAL" : "0");
    int id = uid(true);
    if (id > 0 && id < 100000 && id != self_id && id != monitor_id && !is_kid(id))
        id = 100000;
    begin("console_focus"); arg("%d", id); go();
    rc = tabula->console_focus(id);
    if (!need(TABULA_CAP_KILL))
        check_cap(rc, TABULA_CAP_KILL, true);
    else if (monitor_id && id == monitor_id && rc != -TABULA_EPERM)
        violation(rc, "-EPERM for the console's owner");
}

static void f_bench(void)
{
    int op = uint_pick(-1, 6);
    /* Bounded: 2^64 iterations is hostile bench's test, ended by a key. */
    uint64_t it = op == TABULA_BENCH_ELF_LOAD ? below(4) : below(64);
    bool ok;
    size_t k;
    const char *app = ustr(app_pool, sizeof app_pool / sizeof app_pool[0], &ok, &k);
    begin("bench"); arg("%d, %llu, ", op, (unsigned long long)it); arg_str(app, ok); go();
    long rc = tabula->bench(op, it, app);
    if (!need(TABULA_CAP_BENCH))
        check_cap(rc, TABULA_CAP_BENCH, true);
    else if (op == TABULA_BENCH_ELF_LOAD)
        check(rc, ok);
}

static void f_app_note(void)
{
    bool ok, ook;
    size_t k;
    const char *app = ustr(app_pool, sizeof app_pool / sizeof app_pool[0], &ok, &k);
    void *out = uptr(sizeof(struct tabula_app_note), &ook);
    begin("app_note"); arg_str(app, ok); arg(", %p", out); go();
    long rc = tabula->app_note(app, out);
    if (!need(TABULA_CAP_SPAWN))
        check_cap(rc, TABULA_CAP_SPAWN, ok && ook);
    else
        check(rc, ok && ook);
}

static void f_canvas(void)
{
    switch (below(3)) {
    case 0: {
        uint32_t w = chance(70) ? (uint32_t)below(65) : (uint32_t)u64_pick();
        uint32_t h = chance(70) ? (uint32_t)below(65) : (uint32_t)u64_pick();
        bool ok;
        uint32_t *px = chance(10) ? NULL : uptr((size_t)w * h * 4, &ok);
        if (!px)
            ok = !w && !h;
        /* The guard page is refused: the parent reads the pixels later. */
        if (px && in_guard(px))
            ok = false;
        begin("canvas_open"); arg("%p, %u, %u", (void *)px, (unsigned)w, (unsigned)h); go();
        int rc = tabula->canvas_open(px, w, h);
        bool bad_size = (px || w || h) && (!w || !h || w > TABULA_CANVAS_MAX || h > TABULA_CANVAS_MAX);
        if (bad_size && rc != -TABULA_EINVAL)
            violation(rc, "-EINVAL for that size");
        else if (!bad_size)
            check(rc, ok);
        break;
    }
    case 1:
        begin("canvas_present"); go();
        (void)tabula->canvas_present();
        break;
    default: {
        int id = uid(true);
        bool iok, pok = true;
        void *info = uptr(sizeof(struct tabula_canvas_info), &iok);
        size_t max = chance(80) ? below(SCRATCH / 4) : (size_t)u64_pick();
        uint32_t *px = chance(20) ? NULL : uptr(max > SIZE_MAX / 4 ? SIZE_MAX : max * 4, &pok);
        if (!px)
            pok = true; /* NULL asks for the size only */
        begin("canvas_read"); arg("%d, %p, %p, %zu", id, info, (void *)px, max); go();
        long rc = tabula->canvas_read(id, info, px, max);
        if (!need(TABULA_CAP_TASKS))
            check_cap(rc, TABULA_CAP_TASKS, iok && pok);
        else
            check(rc, iok && pok);
        break;
    }
    }
}

static void f_display_flush(void)
{
    int count = uint_pick(-1, TABULA_FLUSH_MAX + 2);
    size_t bytes = count < 0 ? SIZE_MAX : (size_t)count * sizeof(struct tabula_rect);
    bool ok;
    struct tabula_rect *r = uptr(bytes, &ok);
    if (count < 0)
        ok = false;
    if (ok && !in_guard(r))
        for (int i = 0; i < count; i++)
            r[i] = (struct tabula_rect){(int32_t)rnd(), (int32_t)rnd(), (int32_t)rnd(),
                                        (int32_t)rnd()};
    begin("display_flush"); arg("%p, %d", (void *)r, count); go();
    int rc = tabula->display_flush(r, count);
    if (!need(TABULA_CAP_DISPLAY))
        check_cap(rc, TABULA_CAP_DISPLAY, ok);
    else
        check(rc, ok);
}

/* ---- files ---------------------------------------------------------- */

static void f_open(void)
{
    bool ok;
    const char *path = upath(&ok);
    uint32_t flags = chance(80) ? (uint32_t)below(128) : (uint32_t)rnd();
    begin("file_open"); arg_str(path, ok); arg(", 0x%x", (unsigned)flags); go();
    int fd = tabula->file_open(path, flags);
    check(fd, ok);
    if (fd >= TABULA_OPEN_MAX || (fd >= 0 && fds[fd]))
        violation(fd, "a descriptor that is free");
    else if (fd >= 0)
        fds[fd] = 1;
    if (fd >= 0 && (flags & ~0x7fu))
        violation(fd, "-EINVAL for unknown flags");
}

static void f_close(void)
{
    int fd = ufd();
    begin("file_close"); arg("%d", fd); go();
    int rc = tabula->file_close(fd);
    bool known = fd >= 0 && fd < TABULA_OPEN_MAX && fds[fd];
    if (known)
        fds[fd] = 0;
    else if (rc != -TABULA_EBADF)
        violation(rc, "-EBADF");
}

static void f_rw(bool rd)
{
    int fd = ufd();
    size_t len;
    bool ok;
    void *p = ubuf(rd ? SCRATCH : 4096, &len, &ok);
    /* Far past the end a write would fill the gap with zeros, up to the
     * disk's size: seek back first. */
    if (!rd && fd >= 0 && fd < TABULA_OPEN_MAX && fds[fd]) {
        int64_t pos = tabula->file_seek(fd, 0, TABULA_SEEK_CUR);
        if (pos > (1 << 20))
            tabula->file_seek(fd, 0, TABULA_SEEK_SET);
    }
    begin(rd ? "file_read" : "file_write"); arg("%d, %p, %zu", fd, p, len); go();
    long rc = rd ? tabula->file_read(fd, p, len) : tabula->file_write(fd, p, len);
    bool known = fd >= 0 && fd < TABULA_OPEN_MAX && fds[fd];
    if (!known && rc != -TABULA_EBADF)
        violation(rc, "-EBADF");
    else if (known && rc != -TABULA_EBADF)
        check(rc, ok);
    if (rc >= 0 && (size_t)rc > len)
        violation(rc, "at most the length");
}

static void f_seek(void)
{
    int fd = ufd();
    int64_t off = chance(60) ? (int64_t)below(200000) - 1000 : (int64_t)u64_pick();
    int whence = uint_pick(-1, 3);
    begin("file_seek"); arg("%d, %lld, %d", fd, (long long)off, whence); go();
    int64_t rc = tabula->file_seek(fd, off, whence);
    bool known = fd >= 0 && fd < TABULA_OPEN_MAX && fds[fd];
    if (!known && rc != -TABULA_EBADF)
        violation((long)rc, "-EBADF");
    if (known && (whence < 0 || whence > 2) && rc != -TABULA_EINVAL)
        violation((long)rc, "-EINVAL for that whence");
}

static void f_fdops(void)
{
    int fd = ufd();
    bool known = fd >= 0 && fd < TABULA_OPEN_MAX && fds[fd];
    long rc;
    bool ok = true;
    switch (below(5)) {
    case 0: {
        void *out = uptr(sizeof(struct tabula_stat), &ok);
        begin("file_stat"); arg("%d, %p", fd, out); go();
        rc = tabula->file_stat(fd, out);
        break;
    }
    case 1: {
        void *out = uptr(sizeof(struct tabula_dirent), &ok);
        begin("dir_read"); arg("%d, %p", fd, out); go();
        rc = tabula->dir_read(fd, out);
        break;
    }
    case 2: {
        /* Valid sizes up to 1 MiB; past 4 GiB refused. Between, a file
         * of gigabytes of zeros would fill the disk. */
        uint64_t size = chance(80) ? below(1u << 20) : (1ull << 32) + u64_pick() % (1ull << 62);
        begin("file_truncate"); arg("%d, %llu", fd, (unsigned long long)size); go();
        rc = tabula->file_truncate(fd, size);
        if (size >= (1ull << 32) && rc >= 0)
            violation(rc, "an error for a size past FAT's 4 GiB");
        break;
    }
    case 3:
        begin("file_sync"); arg("%d", fd); go();
        rc = tabula->file_sync(fd);
        break;
    default: {
        static const int64_t edges[] = {0, 1, -1, INT64_MAX, INT64_MIN, 100, 1 << 20};
        struct tabula_flock *fl = chance(85) ? (struct tabula_flock *)(scratch + 64)
                                             : uptr(sizeof *fl, &ok);
        if (fl == (struct tabula_flock *)(scratch + 64)) {
            fl->type = uint_pick(0, 4);
            fl->whence = uint_pick(-1, 3);
            fl->start = edges[below(7)];
            fl->len = chance(50) ? edges[below(7)] : (int64_t)below(1000) - 500;
            fl->owner = (int32_t)rnd();
        }
        /* LOCK_WAIT too: only this task takes locks on these files, and
         * its own never stand in its way. */
        int cmd = uint_pick(-1, 3);
        begin("file_lock"); arg("%d, %d, %p", fd, cmd, (void *)fl); go();
        rc = tabula->file_lock(fd, cmd, fl);
        if (rc == -TABULA_EDEADLK || rc == -TABULA_EAGAIN)
            violation(rc, "no conflict with this task's own locks");
        check(rc, ok);
        return;
    }
    }
    if (!known && rc != -TABULA_EBADF)
        violation(rc, "-EBADF");
    else if (known)
        check(rc, ok);
}

static void f_pathops(void)
{
    bool ok, ok2 = true;
    const char *p = upath(&ok);
    char copy[sizeof strbuf];
    if (ok)
        snprintf(copy, sizeof copy, "%s", p), p = copy;
    long rc;
    switch (below(7)) {
    case 0: {
        void *out = uptr(sizeof(struct tabula_stat), &ok2);
        begin("path_stat"); arg_str(p, ok); arg(", %p", out); go();
        rc = tabula->path_stat(p, out);
        break;
    }
    case 1: begin("mkdir"); arg_str(p, ok); go(); rc = tabula->mkdir(p); break;
    case 2: begin("rmdir"); arg_str(p, ok); go(); rc = tabula->rmdir(p); break;
    case 3: begin("unlink"); arg_str(p, ok); go(); rc = tabula->unlink(p); break;
    case 4: {
        const char *to = upath(&ok2);
        begin("rename"); arg_str(p, ok); arg(", "); arg_str(to, ok2); go();
        rc = tabula->rename(p, to);
        break;
    }
    case 5: begin("chdir"); arg_str(p, ok); go(); rc = tabula->chdir(p); break;
    default: {
        size_t len;
        void *buf = ubuf(300, &len, &ok);
        begin("getcwd"); arg("%p, %zu", buf, len); go();
        rc = tabula->getcwd(buf, len);
        if (rc >= 0 && (size_t)rc >= len)
            violation(rc, "a length that fits the buffer");
        break;
    }
    }
    check(rc, ok && ok2);
}

static void f_sync(void)
{
    begin("sync"); go();
    int rc = tabula->sync();
    if (rc == -TABULA_EFAULT)
        violation(rc, "no -EFAULT");
}

/* ---- the run -------------------------------------------------------- */

static void f_fread(void), f_fwrite(void), f_reap0(void), f_wait0(void), f_sread(void),
    f_swrite(void);

static const struct {
    void (*fn)(void);
    int weight;
} entries[] = {
    {f_sleep, 2}, {f_time, 2}, {f_read, 3}, {f_write, 2}, {f_console_mode, 2}, {f_sbrk, 3},
    {f_log, 3}, {f_simple, 2}, {f_spawn, 3}, {f_kill, 3}, {f_poll, 2}, {f_records, 10},
    {f_stats, 3}, {f_privileged, 3}, {f_bench, 2}, {f_app_note, 2}, {f_canvas, 4},
    {f_display_flush, 2}, {f_open, 8}, {f_close, 4}, {f_seek, 3}, {f_fdops, 8},
    {f_pathops, 8}, {f_sync, 1},
    /* and extra[] in one_call: the entries that take a flag */
};

static void f_fread(void) { f_rw(true); }
static void f_fwrite(void) { f_rw(false); }
static void f_reap0(void) { f_reap(false); }
static void f_wait0(void) { f_reap(true); }
static void f_sread(void) { f_stream(true); }
static void f_swrite(void) { f_stream(false); }

static void one_call(void)
{
    static void (*const extra[])(void) = {f_reap0, f_wait0, f_sread, f_swrite, f_fread,
                                          f_fread, f_fwrite, f_fwrite};
    int total = 16;
    for (unsigned i = 0; i < sizeof entries / sizeof entries[0]; i++)
        total += entries[i].weight;
    int pick = (int)below((uint64_t)total);
    for (unsigned i = 0; i < sizeof entries / sizeof entries[0]; i++) {
        if (pick < entries[i].weight) {
            entries[i].fn();
            return;
        }
        pick -= entries[i].weight;
    }
    extra[pick / 2]();
}

/* Drains the children's output (a full stream would stop them) and
 * takes back those that ended. */
static void tend_kids(bool all)
{
    char buf[256];
    long got;
    /* A fuzzing child's lines are its violations: passed on. */
    for (int i = 0; i < nkids; i++)
        while (need(TABULA_CAP_TASKS) && (got = tabula->stream_read(kids[i], buf, sizeof buf)) > 0)
            if (kid_is_fuzzer[i])
                fwrite(buf, 1, (size_t)got, stdout);
    for (int i = nkids - 1; i >= 0; i--) {
        struct tabula_exit end;
        int id = kids[i];
        /* Fuzzing children end by themselves, with their count; the others
         * are ended here, which tests a kill of whatever state they are in. */
        if (all && need(TABULA_CAP_KILL) && !kid_is_fuzzer[i])
            tabula->kill(id);
        int rc;
        if (all) {
            rc = tabula->wait(id, &end);
            while ((got = tabula->stream_read(id, buf, sizeof buf)) > 0)
                if (kid_is_fuzzer[i])
                    fwrite(buf, 1, (size_t)got, stdout);
        } else {
            rc = tabula->reap(id, &end);
        }
        if (rc == 0)
            kid_gone(id, &end);
        else if (rc != -TABULA_EBUSY)
            kid_gone(id, NULL); /* reaped by a fuzzed call already */
    }
}

static void finish(uint32_t focus_was, bool trace_was)
{
    tend_kids(true);
    for (int fd = 0; fd < TABULA_OPEN_MAX; fd++)
        if (fds[fd])
            tabula->file_close(fd);
    tabula->canvas_open(NULL, 0, 0);
    tabula->console_mode(0);
    tabula->chdir("/data/sysfuzz");
    if (need(TABULA_CAP_KILL)) {
        tabula->watchdog_set(TABULA_WATCHDOG_DEFAULT_NS);
        tabula->console_focus((int)focus_was);
    }
    if (need(TABULA_CAP_LOGREAD))
        tabula->trace_control(trace_was ? TABULA_TRACE_ON : TABULA_TRACE_OFF);
}

static int usage(void)
{
    printf("usage: sysfuzz [-v] SEED [CALLS]\n");
    return 2;
}

int main(int argc, char **argv)
{
    uint64_t seed;
    long n = 2000;
    size_t child_mem = 0;
    int a = 1;
    char *end;

    if (a < argc && strcmp(argv[a], "-v") == 0)
        verbose = true, a++;
    if (a < argc && strcmp(argv[a], "child") == 0) {
        if (argc != a + 4)
            return usage();
        child_mode = true;
        a++;
        child_mem = strtoul(argv[a + 2], &end, 10);
        if (*end || !child_mem)
            return usage();
    }
    if (a >= argc)
        return usage();
    seed = strtoull(argv[a], &end, 0);
    if (*end)
        return usage();
    if (a + 1 < argc) {
        n = strtol(argv[a + 1], &end, 0);
        if (*end || n < 0)
            return usage();
    }

    /* The slot: its top is where the last argument string ends; the
     * bytes from argv up are free to scribble on once read. */
    slot_end = 0;
    for (int i = 0; i < argc; i++)
        if ((uintptr_t)argv[i] + strlen(argv[i]) + 1 > slot_end)
            slot_end = (uintptr_t)argv[i] + strlen(argv[i]) + 1;
    for (char **e = argv + argc + 1; *e; e++) /* the environment, after argv's NULL */
        if ((uintptr_t)*e + strlen(*e) + 1 > slot_end)
            slot_end = (uintptr_t)*e + strlen(*e) + 1;
    top_lo = (uintptr_t)argv;
    guard_page = (runtime_stack_limit & ~(uintptr_t)4095) - 4096;
    self_id = tabula->self();
    caps = 0;
    static struct tabula_task_info list[64];
    int nt = tabula->task_list(list, 64);
    for (int i = 0; i < nt; i++) {
        if (list[i].id == self_id) {
            caps = list[i].caps;
            slot_base = list[i].slot_base;
            if (list[i].slot_base + list[i].slot_size != slot_end && !child_mode) {
                printf("sysfuzz: my slot ends at 0x%llx, my arguments at 0x%lx\n",
                       (unsigned long long)(list[i].slot_base + list[i].slot_size),
                       (unsigned long)slot_end);
                return 2;
            }
        }
        if (list[i].parent == 0)
            monitor_id = list[i].id;
    }
    if (nt < 0) {
        /* Without TASKS: the capabilities are unknown, so each gated call
         * tells (its refusal is then checked as EPERM by trying). */
        caps = 0;
        if (tabula->mem_stats((void *)scratch) == 0)
            caps |= TABULA_CAP_STATS;
        if (tabula->trace_control(TABULA_TRACE_STATUS) >= 0)
            caps |= TABULA_CAP_LOGREAD;
        if (tabula->app_note("nop", (void *)scratch) != -TABULA_EPERM)
            caps |= TABULA_CAP_SPAWN;
        if (tabula->bench(TABULA_BENCH_EMPTY, 0, NULL) != -TABULA_EPERM)
            caps |= TABULA_CAP_BENCH;
        if (tabula->display_info((void *)scratch) != -TABULA_EPERM)
            caps |= TABULA_CAP_DISPLAY;
        if (tabula->kill(-12345) != -TABULA_EPERM)
            caps |= TABULA_CAP_KILL;
        monitor_id = 0; /* unknown */
    }
    if (child_mode)
        slot_base = slot_end - child_mem;
    else if (!slot_base)
        return usage();
    for (int i = 0; i < nt; i++)
        if (list[i].id != self_id && list[i].slot_base && list[i].id == monitor_id)
            other_slot = list[i].slot_base;
    uint32_t focus_was = 0;
    for (int i = 0; i < nt; i++)
        if (list[i].flags & TABULA_TASK_FOCUS)
            focus_was = (uint32_t)list[i].id;
    bool trace_was = need(TABULA_CAP_LOGREAD) && tabula->trace_control(TABULA_TRACE_STATUS) == 1;
    tabula->chdir("/data/sysfuzz");

    rng_state = seed * 0x9e3779b97f4a7c15ull + 0x5eed;
    if (!rng_state)
        rng_state = 1;
    if (!child_mode)
        say("seed %llu, %ld calls, capabilities 0x%x", (unsigned long long)seed, n,
            (unsigned)caps);
    /* A canvas is read by the parent later, in its own call: one on this
     * task's guard page would fault there, in kernel code. */
    if (guard_page) {
        begin("canvas_open"); arg("%p (the stack guard page), 16, 16", (void *)guard_page); go();
        int rc = tabula->canvas_open((uint32_t *)guard_page, 16, 16);
        if (rc != -TABULA_EFAULT) {
            tabula->canvas_open(NULL, 0, 0);
            violation(rc, "-EFAULT");
        }
    }
    for (long i = 0; calls < n; i++) {
        one_call();
        if (i % 16 == 15) {
            tend_kids(false);
            tabula->yield();
        }
    }
    finish(focus_was, trace_was);
    if (child_mode) {
        if (violations)
            exit(100 + (violations > 99 ? 99 : (int)violations));
        /* How a child ends is fuzzed too: exit, abort, or main's return. */
        switch (below(4)) {
        case 0: tabula->exit((int)(rnd() % 100));
        case 1: tabula->abort((int)below(40) - 5);
        case 2: exit((int)below(100));
        default: return 0;
        }
    }
    say("seed %llu: %ld calls, %ld violations", (unsigned long long)seed, calls, violations);
    return violations ? 1 : 0;
}
