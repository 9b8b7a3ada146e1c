/*
 * posix: exercises the runtime's POSIX hooks, one family per subcommand,
 * with stock C calls only (no tabula.h), for tests/qemu/test_posix.py.
 *
 *   posix env NAME...    getenv of each name
 *   posix clock          clock_gettime, gettimeofday, time, clock, times
 *   posix sleep MS       nanosleep, usleep and sleep round a monotonic reading
 *   posix streams        stdout and stderr interleaved; isatty, fstat, sysconf
 *   posix fd             the descriptor table: bad descriptors, open without files
 *   posix abort|assert|raise|kill   the ways a process ends itself
 *   posix malloc N       N rounds of mixed malloc/realloc/free, checked
 */
#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/times.h>
#include <time.h>
#include <unistd.h>

static uint64_t mono_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static int env(int argc, char **argv)
{
    for (int i = 2; i < argc; i++) {
        const char *v = getenv(argv[i]);
        printf("%s=%s\n", argv[i], v ? v : "(unset)");
    }
    return 0;
}

static volatile double sink;

static int clocks(void)
{
    struct timespec rt, res;
    struct timeval tv;
    struct tms tms;
    if (clock_gettime(CLOCK_REALTIME, &rt) || gettimeofday(&tv, NULL) ||
        clock_getres(CLOCK_MONOTONIC, &res)) {
        perror("clock");
        return 1;
    }
    time_t now = time(NULL);
    printf("realtime %lld gettimeofday %lld time %lld\n", (long long)rt.tv_sec,
           (long long)tv.tv_sec, (long long)now);
    printf("clock_gettime(99) %s\n", clock_gettime(99, &rt) < 0 && errno == EINVAL ? "EINVAL" : "accepted");
    /* Burn 50 ms of CPU: clock() and times() must move, and by no more
     * than the monotonic clock did. clock() counts whole ticks (100 a
     * second in Picolibc's AArch64 build), so its difference may run one
     * tick ahead of the wall time it truncates. */
    uint64_t t0 = mono_ns();
    clock_t c0 = clock();
    do {
        for (int i = 0; i < 100000; i++)
            sink = sink * 0.5 + i;
    } while (mono_ns() - t0 < 50000000u);
    clock_t c1 = clock();
    uint64_t t1 = mono_ns();
    times(&tms);
    long cpu_ms = (long)((c1 - c0) * 1000 / CLOCKS_PER_SEC);
    long wall_ms = (long)((t1 - t0) / 1000000);
    long tick_ms = 1000 / CLOCKS_PER_SEC;
    printf("cpu %s wall\n", cpu_ms > 0 && cpu_ms <= wall_ms + 1 + tick_ms ? "<=" : "?");
    printf("times %s\n", tms.tms_utime >= c1 ? "ok" : "behind clock()");
    return 0;
}

static int sleeps(int argc, char **argv)
{
    long ms = argc > 2 ? atol(argv[2]) : 100;
    struct timespec want = {ms / 1000, (ms % 1000) * 1000000};
    uint64_t t0 = mono_ns();
    nanosleep(&want, NULL);
    uint64_t t1 = mono_ns();
    usleep((useconds_t)ms * 1000);
    uint64_t t2 = mono_ns();
    sleep(0);
    printf("nanosleep %s, usleep %s\n", t1 - t0 >= (uint64_t)ms * 1000000 ? "long enough" : "short",
           t2 - t1 >= (uint64_t)ms * 1000000 ? "long enough" : "short");
    struct timespec bad = {0, 1000000000};
    printf("nanosleep(1e9 ns) %s\n", nanosleep(&bad, NULL) < 0 && errno == EINVAL ? "EINVAL" : "accepted");
    return 0;
}

static int streams(void)
{
    struct stat st;
    printf("out 1\n");
    fprintf(stderr, "err 1\n");
    printf("out 2\n");
    fprintf(stderr, "err 2\n");
    write(2, "raw err\n", 8);
    printf("isatty %d %d %d %d\n", isatty(0), isatty(1), isatty(2), isatty(7));
    printf("fstat(1) %s\n", fstat(1, &st) == 0 && S_ISCHR(st.st_mode) ? "char device" : "?");
    printf("pagesize %ld clk_tck %ld open_max %ld\n", sysconf(_SC_PAGESIZE),
           sysconf(_SC_CLK_TCK), sysconf(_SC_OPEN_MAX));
    printf("pid %s\n", getpid() > 1 ? "ok" : "?");
    return 0;
}

static int fds(void)
{
    char c;
    printf("read(9) %s\n", read(9, &c, 1) < 0 && errno == EBADF ? "EBADF" : "?");
    printf("write(0) %s\n", write(0, "x", 1) < 0 && errno == EBADF ? "EBADF" : "?");
    printf("lseek(1) %s\n", lseek(1, 0, SEEK_SET) < 0 && errno == ESPIPE ? "ESPIPE" : "?");
    int fd = open("/nothing.txt", O_RDONLY);
    printf("open %s\n", fd < 0 ? strerror(errno) : "opened");
    FILE *f = fopen("/nothing.txt", "r");
    printf("fopen %s\n", f ? "opened" : "NULL");
    return 0;
}

static int mallocs(int argc, char **argv)
{
    long rounds = argc > 2 ? atol(argv[2]) : 10000;
    static char *live[256];
    static size_t size[256];
    unsigned seed = 12345;
    for (long r = 0; r < rounds; r++) {
        seed = seed * 1103515245 + 12345;
        int i = (seed >> 8) % 256;
        if (live[i]) {
            for (size_t k = 0; k < size[i]; k++)
                if (live[i][k] != (char)(i + k)) {
                    printf("malloc: block %d corrupt\n", i);
                    return 1;
                }
            free(live[i]);
            live[i] = NULL;
        } else {
            size[i] = (seed >> 16) % 500;
            live[i] = (seed & 1) ? malloc(size[i]) : aligned_alloc(64, size[i]);
            if (!live[i]) {
                printf("malloc: out of memory at round %ld\n", r);
                return 1;
            }
            for (size_t k = 0; k < size[i]; k++)
                live[i][k] = (char)(i + k);
        }
    }
    char *s = calloc(100, 10);
    for (int k = 0; k < 1000; k++)
        if (s[k]) {
            printf("calloc: not zeroed\n");
            return 1;
        }
    s = realloc(s, 10000);
    printf("malloc: %ld rounds ok, realloc %s\n", rounds, s ? "ok" : "failed");
    return 0;
}

static void on_term(int sig)
{
    printf("handler got signal %d\n", sig);
}

int main(int argc, char **argv)
{
    const char *what = argc > 1 ? argv[1] : "";
    if (!strcmp(what, "env"))
        return env(argc, argv);
    if (!strcmp(what, "clock"))
        return clocks();
    if (!strcmp(what, "sleep"))
        return sleeps(argc, argv);
    if (!strcmp(what, "streams"))
        return streams();
    if (!strcmp(what, "fd"))
        return fds();
    if (!strcmp(what, "malloc"))
        return mallocs(argc, argv);
    if (!strcmp(what, "abort")) {
        printf("aborting\n");
        abort();
    }
    if (!strcmp(what, "assert")) {
        assert(argc > 5 && "two plus two is five");
        return 0;
    }
    if (!strcmp(what, "raise")) {
        signal(SIGTERM, on_term);
        raise(SIGTERM); /* handled: goes on */
        signal(SIGTERM, SIG_DFL);
        raise(SIGTERM);
        printf("still alive\n");
        return 0;
    }
    if (!strcmp(what, "kill")) {
        kill(getpid(), SIGCHLD); /* ignored by default */
        kill(getpid(), SIGSEGV);
        return 0;
    }
    fprintf(stderr, "posix: which family? env, clock, sleep, streams, fd, malloc, abort, assert, raise, kill\n");
    return 2;
}
