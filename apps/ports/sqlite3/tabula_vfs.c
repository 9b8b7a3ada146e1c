/*
 * tabula_vfs.c: SQLite's OS layer on tabula (the build sets SQLITE_OS_OTHER,
 * so SQLite has none of its own). Files go through the app runtime's POSIX
 * calls (open, pread-by-lseek, write, ftruncate, fsync, unlink, access), so
 * they work wherever the runtime's descriptors do (the app's sandbox on
 * the disk); without a disk, opening one fails with ENOSYS and SQLite
 * reports "unable to open database file", while ":memory:" databases need
 * no file at all.
 *
 * Locking: a task has one thread, and tabula has no advisory locks, so each
 * file's lock level is kept here, per open file, without telling other
 * tasks. Two tasks writing one database at once are not protected; the
 * Monitor runs one sqlite3 per database in practice, and NOTES.md says so.
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
    char *path; /* for delete_on_close */
};

static int set_errno;

static int tclose(sqlite3_file *f)
{
    struct tfile *t = (struct tfile *)f;
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

static int tlock(sqlite3_file *f, int level)
{
    struct tfile *t = (struct tfile *)f;
    if (level > t->lock)
        t->lock = level;
    return SQLITE_OK;
}

static int tunlock(sqlite3_file *f, int level)
{
    struct tfile *t = (struct tfile *)f;
    if (level < t->lock)
        t->lock = level;
    return SQLITE_OK;
}

static int treserved(sqlite3_file *f, int *out)
{
    *out = ((struct tfile *)f)->lock >= SQLITE_LOCK_RESERVED;
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
