/*
 * fs: exercises files through Picolibc and the runtime's POSIX calls, for
 * tests/qemu/test_files.py and make bench. Paths are relative to the
 * working directory, /data/fs unless run says otherwise.
 *
 *   fs write FILE BYTES SEED   writes a pattern (fopen/fwrite), prints its sum
 *   fs sum FILE                reads it back (fread), prints size and sum
 *   fs calls                   fprintf/fgets/fseek/ftell/rename/remove,
 *                              mkdir/opendir/stat/ftruncate/rmdir, errno
 *   fs fill FILE               writes until the disk is full: the errno
 *   fs try CALL PATH           open-read, open-write, stat, mkdir, unlink,
 *                              opendir: the errno (sandbox tests)
 *   fs slow FILE CHUNKS        writes 64 KiB chunks, each fsync'd, saying so
 *   fs lock FILE STEP...       record locks on FILE (opened read-write), a
 *                              line per step: see do_lock
 *   fs bench                   the file benchmarks (make bench)
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define CHUNK 65536

static unsigned char buf[CHUNK];

static uint64_t clock_ns(clockid_t id)
{
    struct timespec ts;
    clock_gettime(id, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static uint64_t now_ns(void) { return clock_ns(CLOCK_MONOTONIC); }

/* The pattern byte at offset i for seed: not periodic at any power of two. */
static unsigned char pattern(uint64_t i, unsigned seed)
{
    uint64_t x = (i + 1) * 0x9e3779b97f4a7c15ull ^ seed;
    return (unsigned char)(x >> 29);
}

/* FNV-1a, the checksum the tests compute on the host too. */
static uint32_t fnv(uint32_t h, const unsigned char *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        h = (h ^ p[i]) * 16777619u;
    return h;
}

static int do_write(const char *name, long bytes, unsigned seed)
{
    FILE *f = fopen(name, "wb");
    if (!f) {
        printf("fopen %s: %s\n", name, strerror(errno));
        return 1;
    }
    uint32_t h = 2166136261u;
    for (long at = 0; at < bytes;) {
        size_t n = bytes - at < CHUNK ? (size_t)(bytes - at) : CHUNK;
        for (size_t i = 0; i < n; i++)
            buf[i] = pattern((uint64_t)at + i, seed);
        h = fnv(h, buf, n);
        if (fwrite(buf, 1, n, f) != n) {
            printf("fwrite: %s\n", strerror(errno));
            fclose(f);
            return 1;
        }
        at += (long)n;
    }
    if (fclose(f) != 0) {
        printf("fclose: %s\n", strerror(errno));
        return 1;
    }
    printf("wrote %ld sum %08lx\n", bytes, (unsigned long)h);
    return 0;
}

static int do_sum(const char *name)
{
    FILE *f = fopen(name, "rb");
    if (!f) {
        printf("fopen %s: %s\n", name, strerror(errno));
        return 1;
    }
    uint32_t h = 2166136261u;
    long total = 0;
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0) {
        h = fnv(h, buf, n);
        total += (long)n;
    }
    fclose(f);
    printf("read %ld sum %08lx\n", total, (unsigned long)h);
    return 0;
}

#define CHECK(cond, what)                                        \
    do {                                                         \
        if (cond)                                                \
            printf("ok %s\n", what);                             \
        else                                                     \
            printf("FAIL %s (errno %s)\n", what, strerror(errno)); \
    } while (0)

static int do_calls(void)
{
    char line[64], cwd[256];
    struct stat st;
    CHECK(getcwd(cwd, sizeof cwd) != NULL, "getcwd");
    printf("cwd %s\n", cwd);
    FILE *f = fopen("notes.txt", "w");
    CHECK(f != NULL, "fopen w");
    fprintf(f, "line one\nline %d\n", 2);
    CHECK(fclose(f) == 0, "fclose");
    f = fopen("notes.txt", "r+");
    CHECK(f && fgets(line, sizeof line, f) && strcmp(line, "line one\n") == 0, "fgets");
    CHECK(fseek(f, 0, SEEK_END) == 0 && ftell(f) == 16, "fseek/ftell");
    fputs("line 3\n", f);
    fclose(f);
    CHECK(stat("notes.txt", &st) == 0 && st.st_size == 23 && S_ISREG(st.st_mode), "stat");
    f = fopen("notes.txt", "a");
    fputs("four\n", f);
    fclose(f);
    CHECK(stat("notes.txt", &st) == 0 && st.st_size == 28, "append");
    CHECK(fopen("missing.txt", "r") == NULL && errno == ENOENT, "ENOENT");
    int fd = open("notes.txt", O_WRONLY | O_CREAT | O_EXCL, 0644);
    CHECK(fd < 0 && errno == EEXIST, "O_EXCL EEXIST");
    fd = open("notes.txt", O_RDWR);
    CHECK(fd >= 0 && ftruncate(fd, 4) == 0 && fsync(fd) == 0, "ftruncate/fsync");
    CHECK(lseek(fd, 0, SEEK_END) == 4, "lseek");
    close(fd);
    CHECK(mkdir("sub", 0755) == 0, "mkdir");
    CHECK(mkdir("sub", 0755) < 0 && errno == EEXIST, "mkdir EEXIST");
    CHECK(rename("notes.txt", "sub/A Long File Name.txt") == 0, "rename");
    CHECK(stat("sub/a long file NAME.TXT", &st) == 0 && st.st_size == 4, "case-insensitive");
    CHECK(rmdir("sub") < 0 && errno == ENOTEMPTY, "rmdir ENOTEMPTY");
    CHECK(chdir("sub") == 0 && getcwd(cwd, sizeof cwd) && strstr(cwd, "/sub"), "chdir");
    DIR *d = opendir(".");
    int found = 0;
    struct dirent *e;
    while (d && (e = readdir(d)))
        found += strcmp(e->d_name, "A Long File Name.txt") == 0;
    CHECK(d && closedir(d) == 0 && found == 1, "opendir/readdir");
    CHECK(chdir("..") == 0, "chdir ..");
    CHECK(remove("sub/A Long File Name.txt") == 0, "remove file");
    CHECK(rmdir("sub") == 0, "rmdir");
    CHECK(remove("sub") < 0 && errno == ENOENT, "remove ENOENT");
    printf("calls done\n");
    return 0;
}

static int do_fill(const char *name)
{
    int fd = open(name, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0) {
        printf("open: %s\n", strerror(errno));
        return 1;
    }
    memset(buf, 0x5a, sizeof buf);
    long total = 0;
    for (;;) {
        ssize_t n = write(fd, buf, sizeof buf);
        if (n < 0) {
            printf("full after %ld bytes: %s\n", total, strerror(errno));
            break;
        }
        total += n;
        if (n < (ssize_t)sizeof buf) {
            n = write(fd, buf, sizeof buf);
            printf("full after %ld bytes: %s\n", total, n < 0 ? strerror(errno) : "no error");
            break;
        }
    }
    close(fd);
    return 0;
}

static int do_try(const char *call, const char *path)
{
    struct stat st;
    int r;
    if (strcmp(call, "open-read") == 0) {
        r = open(path, O_RDONLY);
        if (r >= 0)
            close(r);
    } else if (strcmp(call, "open-write") == 0) {
        r = open(path, O_WRONLY | O_CREAT, 0644);
        if (r >= 0)
            close(r);
    } else if (strcmp(call, "stat") == 0) {
        r = stat(path, &st);
    } else if (strcmp(call, "mkdir") == 0) {
        r = mkdir(path, 0755);
    } else if (strcmp(call, "unlink") == 0) {
        r = unlink(path);
    } else if (strcmp(call, "opendir") == 0) {
        DIR *d = opendir(path);
        r = d ? 0 : -1;
        if (d)
            closedir(d);
    } else {
        printf("fs try: unknown call %s\n", call);
        return 2;
    }
    printf("%s %s: %s\n", call, path, r < 0 ? strerror(errno) : "allowed");
    return 0;
}

static int do_slow(const char *name, int chunks)
{
    int fd = open(name, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0)
        return 1;
    for (int i = 0; i < chunks; i++) {
        memset(buf, 'a' + i % 26, sizeof buf);
        if (write(fd, buf, sizeof buf) != (ssize_t)sizeof buf)
            return 1;
        if (i == 0) {
            fsync(fd);
            printf("first chunk synced\n");
            fflush(stdout);
        }
    }
    close(fd);
    printf("slow done\n");
    return 0;
}

/* The errors locks give, by name: Picolibc's texts are old Unix's ("No
 * more processes" for EAGAIN). */
static const char *lock_error(int e)
{
    return e == EAGAIN ? "EAGAIN" : e == EDEADLK ? "EDEADLK" : e == EINVAL ? "EINVAL"
         : e == EBADF ? "EBADF" : e == ENOLCK ? "ENOLCK" : strerror(e);
}

/* F_SETLK or F_SETLKW (wait) of type over [start, start + len), printed as
 * "w 0+10: ok" or with the error. */
static int lock_step(int fd, int cmd, short type, long start, long len, int whence)
{
    struct flock fl = {.l_type = type, .l_whence = (short)whence, .l_start = start, .l_len = len};
    int r = fcntl(fd, cmd, &fl);
    printf("%s %c %ld+%ld: %s\n", cmd == F_SETLKW ? "setlkw" : "setlk",
           type == F_RDLCK ? 'r' : type == F_WRLCK ? 'w' : 'u', start, len,
           r == 0 ? "ok" : lock_error(errno));
    return r;
}

/*
 * Steps, in order, each printing a line:
 *   r:S:L w:S:L u:S:L   F_SETLK of a read lock, write lock, unlock over L
 *                       bytes from S (L 0: to the end of the file)
 *   R:S:L W:S:L         the same with F_SETLKW (waits)
 *   g:S:L               F_GETLK for a write lock there: who holds what
 *   e:S:L               F_SETLK with a bad whence
 *   say:TEXT            prints TEXT
 *   until:NAME          waits until the file NAME exists
 *   sleep:MS            sleeps
 *   fill:N              N one-byte read locks a byte apart (they cannot
 *                       merge): how many the kernel's table took
 *   close2              opens FILE again and closes that descriptor
 *   ro                  FILE again, read-only, as the descriptor steps use
 */
static int do_lock(const char *name, int nsteps, char **steps)
{
    int fd = open(name, O_RDWR | O_CREAT, 0644);
    if (fd < 0) {
        printf("open %s: %s\n", name, strerror(errno));
        return 1;
    }
    for (int i = 0; i < nsteps; i++) {
        const char *s = steps[i];
        char c;
        long a, b;
        struct stat st;
        if (strncmp(s, "say:", 4) == 0) {
            printf("%s\n", s + 4);
        } else if (strncmp(s, "until:", 6) == 0) {
            while (stat(s + 6, &st) != 0)
                usleep(10000);
        } else if (strncmp(s, "sleep:", 6) == 0) {
            usleep((useconds_t)atol(s + 6) * 1000);
        } else if (strncmp(s, "fill:", 5) == 0) {
            long n = atol(s + 5), got = 0;
            struct flock fl = {.l_type = F_RDLCK, .l_whence = SEEK_SET, .l_len = 1};
            for (; got < n; got++) {
                fl.l_start = 2 * got;
                if (fcntl(fd, F_SETLK, &fl) != 0)
                    break;
            }
            printf("fill: %ld ranges%s%s\n", got, got < n ? ", then " : "",
                   got < n ? lock_error(errno) : "");
        } else if (strcmp(s, "close2") == 0) {
            printf("close2: %s\n", close(open(name, O_RDONLY)) == 0 ? "ok" : strerror(errno));
        } else if (strcmp(s, "ro") == 0) {
            close(fd);
            fd = open(name, O_RDONLY);
        } else if (sscanf(s, "%c:%ld:%ld", &c, &a, &b) == 3 && strchr("rwuRWge", c)) {
            short type = c == 'r' || c == 'R' ? F_RDLCK : c == 'u' ? F_UNLCK : F_WRLCK;
            if (c == 'g') {
                struct flock fl = {.l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = a, .l_len = b};
                if (fcntl(fd, F_GETLK, &fl) < 0)
                    printf("getlk: %s\n", lock_error(errno));
                else if (fl.l_type == F_UNLCK)
                    printf("getlk %ld+%ld: free\n", a, b);
                else
                    printf("getlk %ld+%ld: %c %ld+%ld task %d\n", a, b,
                           fl.l_type == F_RDLCK ? 'r' : 'w', (long)fl.l_start, (long)fl.l_len,
                           fl.l_pid);
            } else {
                lock_step(fd, c == 'R' || c == 'W' ? F_SETLKW : F_SETLK, type, a, b,
                          c == 'e' ? 7 : SEEK_SET);
            }
        } else {
            printf("bad step %s\n", s);
            return 2;
        }
        fflush(stdout);
    }
    close(fd);
    return 0;
}

/* Each figure in wall time and in this task's CPU time: the time it ran,
 * kernel calls included, waits for the disk not. Under QEMU -icount
 * shift=0 the CPU time is its instruction count (make bench). */
static uint64_t t0, c0;

static void start(void)
{
    t0 = now_ns();
    c0 = clock_ns(CLOCK_PROCESS_CPUTIME_ID);
}

static void report(const char *name, uint64_t bytes, long count)
{
    uint64_t ns = now_ns() - t0, cpu = clock_ns(CLOCK_PROCESS_CPUTIME_ID) - c0;

    if (bytes)
        printf("fsbench %s %llu ns %llu bytes cpu %llu\n", name, (unsigned long long)ns,
               (unsigned long long)bytes, (unsigned long long)cpu);
    else
        printf("fsbench %s %llu ns %ld ops cpu %llu\n", name, (unsigned long long)ns, count,
               (unsigned long long)cpu);
}

static int do_bench(void)
{
    const long size = 16l << 20;
    char name[32];
    struct stat st;
    int fd = open("big.bin", O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0) {
        printf("fsbench: open: %s\n", strerror(errno));
        return 1;
    }
    memset(buf, 0xa5, sizeof buf);
    start();
    for (long at = 0; at < size; at += CHUNK)
        if (write(fd, buf, CHUNK) != CHUNK) {
            printf("fsbench: write: %s\n", strerror(errno));
            return 1;
        }
    fsync(fd);
    close(fd);
    report("seq_write", (uint64_t)size, 0);

    fd = open("big.bin", O_RDONLY);
    start();
    long got = 0;
    ssize_t n;
    while ((n = read(fd, buf, CHUNK)) > 0)
        got += n;
    report("seq_read", (uint64_t)got, 0);
    close(fd);

    start();
    for (int i = 0; i < 1000; i++)
        close(open("big.bin", O_RDONLY));
    report("open_close", 0, 1000);

    /* A record lock nobody else holds, taken and given back: the cost of
     * SQLite's locking when it is alone on a database. */
    fd = open("big.bin", O_RDWR);
    struct flock on = {.l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 1};
    struct flock off = on;
    off.l_type = F_UNLCK;
    start();
    for (int i = 0; i < 1000; i++)
        if (fcntl(fd, F_SETLK, &on) != 0 || fcntl(fd, F_SETLK, &off) != 0) {
            printf("fsbench: fcntl: %s\n", strerror(errno));
            return 1;
        }
    report("lock_unlock", 0, 1000);
    close(fd);
    unlink("big.bin");

    mkdir("many", 0755);
    start();
    for (int i = 0; i < 1000; i++) {
        snprintf(name, sizeof name, "many/file%04d.txt", i);
        fd = open(name, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        write(fd, name, 16);
        close(fd);
    }
    report("create_small", 0, 1000);
    start();
    for (int i = 0; i < 1000; i++) {
        snprintf(name, sizeof name, "many/file%04d.txt", (i * 7919) % 1000);
        if (stat(name, &st) != 0)
            printf("fsbench: stat %s: %s\n", name, strerror(errno));
    }
    report("stat_1000_dir", 0, 1000);
    for (int i = 0; i < 1000; i++) {
        snprintf(name, sizeof name, "many/file%04d.txt", i);
        unlink(name);
    }
    rmdir("many");
    printf("fsbench done\n");
    return 0;
}

int main(int argc, char **argv)
{
    const char *cmd = argc > 1 ? argv[1] : "";
    if (strcmp(cmd, "write") == 0 && argc == 5)
        return do_write(argv[2], atol(argv[3]), (unsigned)atoi(argv[4]));
    if (strcmp(cmd, "sum") == 0 && argc == 3)
        return do_sum(argv[2]);
    if (strcmp(cmd, "calls") == 0)
        return do_calls();
    if (strcmp(cmd, "fill") == 0 && argc == 3)
        return do_fill(argv[2]);
    if (strcmp(cmd, "try") == 0 && argc == 4)
        return do_try(argv[2], argv[3]);
    if (strcmp(cmd, "slow") == 0 && argc == 4)
        return do_slow(argv[2], atoi(argv[3]));
    if (strcmp(cmd, "lock") == 0 && argc >= 3)
        return do_lock(argv[2], argc - 3, argv + 3);
    if (strcmp(cmd, "bench") == 0)
        return do_bench();
    printf("usage: fs write FILE BYTES SEED | sum FILE | calls | fill FILE | "
           "try CALL PATH | slow FILE CHUNKS | lock FILE STEP... | bench\n");
    return 2;
}
