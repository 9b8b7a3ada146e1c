/*
 * tabula_vfs.c: SQLite's OS layer on tabula (the build sets SQLITE_OS_OTHER,
 * so SQLite has none of its own). Files go through the app runtime's POSIX
 * calls (open, pread-by-lseek, write, ftruncate, fsync, unlink, access), so
 * they work wherever the runtime's descriptors do (the app's sandbox on
 * the disk); without a disk, opening one fails with ENOSYS and SQLite
 * reports "unable to open database file", while ":memory:" databases need
 * no file at all.
 *
 * Locking between tasks: a lock file beside the database (DB.lock),
 * created with O_EXCL and kept open by the task whose connection holds any
 * lock on DB, SHARED to EXCLUSIVE (SQLite's own "dot-file" scheme: one
 * holder at a time, so readers wait for each other too). It holds the
 * holder's task id and lock level, as text, for xCheckReservedLock and
 * for a person looking. A stale lock breaks itself: the kernel closes what
 * a task leaves open when it ends, however it ends, and the file layer
 * refuses to remove an open file (EBUSY). So a lock file that unlink can
 * remove had no holder left, and one it cannot has a live one. NOTES.md,
 * "SQLite 3", has the reasoning.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "sqlite3.h"

struct tfile {
    sqlite3_file base;
    int fd;
    int lock;
    int delete_on_close;
    char *path;     /* for delete_on_close */
    char *lockpath; /* a main database's DB.lock */
    int lockfd;     /* open while this connection holds a lock */
};

static int set_errno;

static int tclose(sqlite3_file *f)
{
    struct tfile *t = (struct tfile *)f;
    if (t->lockfd >= 0) {
        close(t->lockfd);
        unlink(t->lockpath);
    }
    sqlite3_free(t->lockpath);
    close(t->fd);
    if (t->delete_on_close && t->path)
        unlink(t->path);
    sqlite3_free(t->path);
    return SQLITE_OK;
}

static int tread(sqlite3_file *f, void *buf, int amount, sqlite3_int64 offset)
{
    struct tfile *t = (struct tfile *)f;
    if (lseek(t->fd, (off_t)offset, SEEK_SET) != (off_t)offset)
        return SQLITE_IOERR_READ;
    int got = 0;
    while (got < amount) {
        ssize_t n = read(t->fd, (char *)buf + got, (size_t)(amount - got));
        if (n < 0) {
            set_errno = errno;
            return SQLITE_IOERR_READ;
        }
        if (n == 0)
            break;
        got += (int)n;
    }
    if (got < amount) {
        /* SQLite wants the rest zeroed when a read runs past the end. */
        memset((char *)buf + got, 0, (size_t)(amount - got));
        return SQLITE_IOERR_SHORT_READ;
    }
    return SQLITE_OK;
}

static int twrite(sqlite3_file *f, const void *buf, int amount, sqlite3_int64 offset)
{
    struct tfile *t = (struct tfile *)f;
    if (lseek(t->fd, (off_t)offset, SEEK_SET) != (off_t)offset)
        return SQLITE_IOERR_WRITE;
    int done = 0;
    while (done < amount) {
        ssize_t n = write(t->fd, (const char *)buf + done, (size_t)(amount - done));
        if (n <= 0) {
            set_errno = n < 0 ? errno : ENOSPC;
            return n == 0 || errno == ENOSPC ? SQLITE_FULL : SQLITE_IOERR_WRITE;
        }
        done += (int)n;
    }
    return SQLITE_OK;
}

static int ttruncate(sqlite3_file *f, sqlite3_int64 size)
{
    struct tfile *t = (struct tfile *)f;
    if (ftruncate(t->fd, (off_t)size) < 0) {
        set_errno = errno;
        return SQLITE_IOERR_TRUNCATE;
    }
    return SQLITE_OK;
}

static int tsync(sqlite3_file *f, int flags)
{
    (void)flags;
    struct tfile *t = (struct tfile *)f;
    if (fsync(t->fd) < 0) {
        set_errno = errno;
        return SQLITE_IOERR_FSYNC;
    }
    return SQLITE_OK;
}

static int tsize(sqlite3_file *f, sqlite3_int64 *size)
{
    struct tfile *t = (struct tfile *)f;
    off_t end = lseek(t->fd, 0, SEEK_END);
    if (end < 0) {
        set_errno = errno;
        return SQLITE_IOERR_FSTAT;
    }
    *size = end;
    return SQLITE_OK;
}

/* Writes the holder's task id and level into its open lock file. */
static void lock_record(struct tfile *t, int level)
{
    static const char *const names[] = {"none", "shared", "reserved", "pending", "exclusive"};
    char text[32];
    sqlite3_snprintf(sizeof text, text, "task %-6d %-9s\n", (int)getpid(), names[level]);
    if (lseek(t->lockfd, 0, SEEK_SET) == 0)
        (void)!write(t->lockfd, text, strlen(text));
}

/* Creates DB.lock and keeps it open: SQLITE_OK, or SQLITE_BUSY while
 * another task holds it. */
static int lock_take(struct tfile *t)
{
    /* Twice: once more after breaking a stale lock (another task may have
     * broken it too and taken the lock first: then it is busy). */
    for (int attempt = 0; attempt < 2; attempt++) {
        int fd = open(t->lockpath, O_RDWR | O_CREAT | O_EXCL, 0644);
        if (fd >= 0) {
            t->lockfd = fd;
            return SQLITE_OK;
        }
        if (errno == EROFS) {
            /* Nobody can write here, so nobody can change the database:
             * reading needs no lock. */
            return SQLITE_OK;
        }
        if (errno == EACCES) {
            /* A read-only grant (run --fs DIR:ro): this task cannot write
             * the database either. It reads without a lock of its own, but
             * not while a lock file says a writer may be at work (stale or
             * not: it cannot break one). */
            return access(t->lockpath, F_OK) == 0 ? SQLITE_BUSY : SQLITE_OK;
        }
        if (errno != EEXIST) {
            set_errno = errno;
            return SQLITE_IOERR_LOCK;
        }
        /* Removable only when nobody has it open: its holder ended. */
        if (unlink(t->lockpath) < 0 && errno != ENOENT) {
            if (errno == EBUSY)
                return SQLITE_BUSY;
            set_errno = errno;
            return SQLITE_IOERR_LOCK;
        }
    }
    return SQLITE_BUSY;
}

static int tlock(sqlite3_file *f, int level)
{
    struct tfile *t = (struct tfile *)f;
    if (level <= t->lock)
        return SQLITE_OK;
    if (t->lockpath && t->lock == SQLITE_LOCK_NONE) {
        int rc = lock_take(t);
        if (rc != SQLITE_OK)
            return rc;
    }
    t->lock = level;
    if (t->lockfd >= 0)
        lock_record(t, level);
    return SQLITE_OK;
}

static int tunlock(sqlite3_file *f, int level)
{
    struct tfile *t = (struct tfile *)f;
    if (level >= t->lock)
        return SQLITE_OK;
    t->lock = level;
    if (t->lockfd < 0)
        return SQLITE_OK;
    if (level > SQLITE_LOCK_NONE) {
        lock_record(t, level);
        return SQLITE_OK;
    }
    /* Closed first, as unlink needs. If another task breaks it in between
     * (it looks stale now) and takes the lock, this unlink finds its new
     * file open and leaves it (EBUSY); if one is reading the record, the
     * file stays, unheld, for the next taker to break. */
    close(t->lockfd);
    t->lockfd = -1;
    unlink(t->lockpath);
    return SQLITE_OK;
}

static int treserved(sqlite3_file *f, int *out)
{
    struct tfile *t = (struct tfile *)f;
    *out = 0;
    if (t->lock >= SQLITE_LOCK_RESERVED) {
        *out = 1;
        return SQLITE_OK;
    }
    /* Holding the lock file means nobody else holds anything. */
    if (!t->lockpath || t->lockfd >= 0)
        return SQLITE_OK;
    /* Another task's: live if it cannot be removed; its level from the record. */
    if (unlink(t->lockpath) == 0 || errno != EBUSY)
        return SQLITE_OK;
    int fd = open(t->lockpath, O_RDONLY);
    if (fd < 0)
        return SQLITE_OK;
    char text[32] = "";
    ssize_t n = read(fd, text, sizeof text - 1);
    close(fd);
    if (n > 0) {
        text[n] = 0;
        *out = strstr(text, " reserved") || strstr(text, " pending") || strstr(text, " exclusive");
    }
    return SQLITE_OK;
}

static int tcontrol(sqlite3_file *f, int op, void *arg)
{
    (void)f;
    (void)op;
    (void)arg;
    return SQLITE_NOTFOUND;
}

static int tsector(sqlite3_file *f)
{
    (void)f;
    return 512;
}

static int tdevice(sqlite3_file *f)
{
    (void)f;
    return 0;
}

static const sqlite3_io_methods tfile_methods = {
    .iVersion = 1,
    .xClose = tclose,
    .xRead = tread,
    .xWrite = twrite,
    .xTruncate = ttruncate,
    .xSync = tsync,
    .xFileSize = tsize,
    .xLock = tlock,
    .xUnlock = tunlock,
    .xCheckReservedLock = treserved,
    .xFileControl = tcontrol,
    .xSectorSize = tsector,
    .xDeviceCharacteristics = tdevice,
};

static int topen(sqlite3_vfs *vfs, const char *path, sqlite3_file *f, int flags, int *out_flags)
{
    (void)vfs;
    struct tfile *t = (struct tfile *)f;
    memset(t, 0, sizeof *t);
    t->fd = -1;
    t->lockfd = -1;
    char temp[32];
    if (!path) {
        /* A temporary file SQLite names none: one of its own, gone at close. */
        static unsigned serial;
        sqlite3_snprintf(sizeof temp, temp, "/tmp/sqlite-%d-%u", (int)getpid(), ++serial);
        path = temp;
        flags |= SQLITE_OPEN_DELETEONCLOSE;
    }
    int oflags = flags & SQLITE_OPEN_READWRITE ? O_RDWR : O_RDONLY;
    if (flags & SQLITE_OPEN_CREATE)
        oflags |= O_CREAT;
    if (flags & SQLITE_OPEN_EXCLUSIVE)
        oflags |= O_EXCL;
    int fd = open(path, oflags, 0644);
    if (fd < 0 && (flags & SQLITE_OPEN_READWRITE) && errno != ENOSYS && errno != ENOENT) {
        /* A read-only file: SQLite accepts it read-only and says so. */
        fd = open(path, O_RDONLY);
        flags = (flags & ~(SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE)) | SQLITE_OPEN_READONLY;
    }
    if (fd < 0) {
        set_errno = errno;
        return SQLITE_CANTOPEN;
    }
    t->fd = fd;
    if (flags & SQLITE_OPEN_DELETEONCLOSE) {
        t->delete_on_close = 1;
        t->path = sqlite3_mprintf("%s", path);
    }
    if (flags & SQLITE_OPEN_MAIN_DB) {
        t->lockpath = sqlite3_mprintf("%s.lock", path);
        if (!t->lockpath) {
            close(fd);
            sqlite3_free(t->path);
            return SQLITE_NOMEM;
        }
    }
    if (out_flags)
        *out_flags = flags;
    t->base.pMethods = &tfile_methods;
    return SQLITE_OK;
}

static int tdelete(sqlite3_vfs *vfs, const char *path, int sync_dir)
{
    (void)vfs;
    (void)sync_dir;
    if (unlink(path) < 0) {
        set_errno = errno;
        return errno == ENOENT ? SQLITE_IOERR_DELETE_NOENT : SQLITE_IOERR_DELETE;
    }
    return SQLITE_OK;
}

static int taccess(sqlite3_vfs *vfs, const char *path, int what, int *out)
{
    (void)vfs;
    int mode = what == SQLITE_ACCESS_READWRITE ? R_OK | W_OK
             : what == SQLITE_ACCESS_READ      ? R_OK
                                               : F_OK;
    *out = access(path, mode) == 0;
    return SQLITE_OK;
}

static int tfullpath(sqlite3_vfs *vfs, const char *path, int n, char *out)
{
    (void)vfs;
    /* Paths are the file layer's business (it resolves relative ones). */
    if ((int)strlen(path) >= n)
        return SQLITE_CANTOPEN;
    strcpy(out, path);
    return SQLITE_OK;
}

static int trandom(sqlite3_vfs *vfs, int n, char *out)
{
    (void)vfs;
    /* Seeds SQLite's own generator (temporary names, random()): the clock
     * and the task id are what a task has that differs between runs. */
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    unsigned long x = (unsigned long)ts.tv_nsec ^ ((unsigned long)ts.tv_sec << 20) ^
                      ((unsigned long)getpid() << 40);
    for (int i = 0; i < n; i++) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        out[i] = (char)x;
    }
    return n;
}

static int tsleep(sqlite3_vfs *vfs, int us)
{
    (void)vfs;
    usleep((useconds_t)us);
    return us;
}

static int tnow64(sqlite3_vfs *vfs, sqlite3_int64 *out)
{
    (void)vfs;
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    /* Julian day number in milliseconds: the Unix epoch is day 2440587.5. */
    *out = (sqlite3_int64)210866760000000LL + (sqlite3_int64)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
    return SQLITE_OK;
}

static int tnow(sqlite3_vfs *vfs, double *out)
{
    sqlite3_int64 ms;
    tnow64(vfs, &ms);
    *out = (double)ms / 86400000.0;
    return SQLITE_OK;
}

static int tlasterror(sqlite3_vfs *vfs, int n, char *out)
{
    (void)vfs;
    if (n > 0)
        sqlite3_snprintf(n, out, "%s", strerror(set_errno));
    return set_errno;
}

static sqlite3_vfs tabula_vfs = {
    .iVersion = 2,
    .szOsFile = sizeof(struct tfile),
    .mxPathname = 256,
    .zName = "tabula",
    .xOpen = topen,
    .xDelete = tdelete,
    .xAccess = taccess,
    .xFullPathname = tfullpath,
    .xRandomness = trandom,
    .xSleep = tsleep,
    .xCurrentTime = tnow,
    .xGetLastError = tlasterror,
    .xCurrentTimeInt64 = tnow64,
};

int sqlite3_os_init(void)
{
    return sqlite3_vfs_register(&tabula_vfs, 1);
}

int sqlite3_os_end(void)
{
    return SQLITE_OK;
}
