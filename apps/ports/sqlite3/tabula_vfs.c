/*
 * tabula_vfs.c: SQLite's OS layer on tabula (the build sets SQLITE_OS_OTHER,
 * so SQLite has none of its own). Files go through the app runtime's POSIX
 * calls (open, pread-by-lseek, write, ftruncate, fsync, unlink, access), so
 * they work wherever the runtime's descriptors do (the app's sandbox on
 * the disk); without a disk, opening one fails with ENOSYS and SQLite
 * reports "unable to open database file", while ":memory:" databases need
 * no file at all.
 *
 * Locking between tasks: SQLite's lock levels as POSIX record locks
 * (fcntl F_SETLK) on the database's lock-byte page, the bytes from 1 GiB
 * that SQLite's file format never reads or writes (whether or not the file
 * is that long): SHARED is a read lock on the shared range, taken while a
 * read lock on the pending byte shows that no writer is waiting for the
 * readers to go; RESERVED a write lock on the reserved byte; PENDING a
 * write lock on the pending byte (new readers stay out); EXCLUSIVE a write
 * lock on the whole shared range. So readers share a database, one writer
 * prepares its changes beside them, and commits once they have gone. A
 * lock another task holds is SQLITE_BUSY at once: SQLite's busy handler
 * (.timeout) does the waiting. The kernel drops a task's locks when it
 * ends, however it ends, so a crashed holder leaves only its hot journal,
 * which the next reader rolls back.
 *
 * Record locks belong to the task, not to a connection, and closing any
 * descriptor of a file drops them all (POSIX): so a task's connections on
 * one database share one `struct tdb`, which counts their readers, knows
 * which connection holds RESERVED and up, and keeps the descriptors of
 * closed connections open until the last lock goes. NOTES.md, "SQLite 3",
 * has the reasoning.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "sqlite3.h"

/* The lock-byte page, as SQLite's file format places it. */
#define PENDING_BYTE  0x40000000L
#define RESERVED_BYTE (PENDING_BYTE + 1)
#define SHARED_FIRST  (PENDING_BYTE + 2)
#define SHARED_SIZE   510L

struct tfile;

/* One database file this task has open, shared by its connections to it. */
struct tdb {
    struct tdb *next;
    char *path;             /* absolute, as tfullpath made it */
    int refs;               /* connections open on it */
    int readers;            /* connections at SHARED or above */
    struct tfile *writer;   /* the one at RESERVED or above, if any */
    int *idle;              /* descriptors of closed connections, */
    int nidle;              /* closed when readers drops to 0 */
};

struct tfile {
    sqlite3_file base;
    int fd;
    int lock;
    int delete_on_close;
    char *path;     /* for delete_on_close */
    struct tdb *db; /* a main database's */
};

static int set_errno;
static struct tdb *dbs;

/* F_SETLK of type over [start, start + len): SQLITE_OK, SQLITE_BUSY when
 * another task's lock is in the way, or an I/O error. */
static int range_lock(struct tfile *t, short type, off_t start, off_t len)
{
    struct flock fl = {.l_type = type, .l_whence = SEEK_SET, .l_start = start, .l_len = len};
    if (fcntl(t->fd, F_SETLK, &fl) == 0)
        return SQLITE_OK;
    if (errno == EAGAIN)
        return SQLITE_BUSY;
    set_errno = errno;
    return SQLITE_IOERR_LOCK;
}

/* Closes the descriptors of db's closed connections, once that can no
 * longer drop a lock. */
static void close_idle(struct tdb *db)
{
    if (db->readers)
        return;
    for (int i = 0; i < db->nidle; i++)
        close(db->idle[i]);
    db->nidle = 0;
}

static int tunlock(sqlite3_file *f, int level);

static int tclose(sqlite3_file *f)
{
    struct tfile *t = (struct tfile *)f;
    struct tdb *db = t->db;
    tunlock(f, SQLITE_LOCK_NONE); /* SQLite has, but the counts must be right */
    if (db && db->readers) {
        /* Another connection of this task holds a lock on the file: the
         * descriptor stays open until it lets go. */
        int *more = sqlite3_realloc(db->idle, (db->nidle + 1) * (int)sizeof(int));
        if (!more)
            return SQLITE_NOMEM;
        db->idle = more;
        db->idle[db->nidle++] = t->fd;
    } else {
        close(t->fd);
    }
    if (db && --db->refs == 0) {
        for (struct tdb **p = &dbs; *p; p = &(*p)->next)
            if (*p == db) {
                *p = db->next;
                break;
            }
        sqlite3_free(db->idle);
        sqlite3_free(db->path);
        sqlite3_free(db);
    }
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

/* SHARED: a read lock on the shared range, taken only while the pending
 * byte can be read-locked too (no writer waits for the readers to go). */
static int lock_shared(struct tfile *t)
{
    int rc = range_lock(t, F_RDLCK, PENDING_BYTE, 1);
    if (rc == SQLITE_OK) {
        rc = range_lock(t, F_RDLCK, SHARED_FIRST, SHARED_SIZE);
        range_lock(t, F_UNLCK, PENDING_BYTE, 1);
    }
    return rc;
}

static int tlock(sqlite3_file *f, int level)
{
    struct tfile *t = (struct tfile *)f;
    struct tdb *db = t->db;
    int rc = SQLITE_OK;
    if (level <= t->lock)
        return SQLITE_OK;
    if (!db) {
        t->lock = level;
        return SQLITE_OK;
    }
    /* This task's other connections first: the kernel sees one owner. */
    if (db->writer && db->writer != t &&
        (db->writer->lock >= SQLITE_LOCK_PENDING || level >= SQLITE_LOCK_RESERVED))
        return SQLITE_BUSY;
    if (t->lock == SQLITE_LOCK_NONE) {
        if (db->readers == 0 && (rc = lock_shared(t)) != SQLITE_OK)
            return rc;
        db->readers++;
        t->lock = SQLITE_LOCK_SHARED;
    }
    if (level == SQLITE_LOCK_RESERVED) {
        if ((rc = range_lock(t, F_WRLCK, RESERVED_BYTE, 1)) != SQLITE_OK)
            return rc;
        db->writer = t;
        t->lock = SQLITE_LOCK_RESERVED;
    }
    if (level == SQLITE_LOCK_EXCLUSIVE) {
        /* PENDING first, and kept when the readers are still there: new
         * readers stay out, so they will go (SQLite retries with PENDING).
         * Straight from SHARED (SQLite rolling back a hot journal) it does
         * not pass through RESERVED: a task that saw the reserved byte held
         * would take the journal for a live writer's and read the
         * half-restored database. */
        if (t->lock < SQLITE_LOCK_PENDING) {
            if ((rc = range_lock(t, F_WRLCK, PENDING_BYTE, 1)) != SQLITE_OK)
                return rc;
            db->writer = t;
            t->lock = SQLITE_LOCK_PENDING;
        }
        if (db->readers > 1)
            return SQLITE_BUSY;
        if ((rc = range_lock(t, F_WRLCK, SHARED_FIRST, SHARED_SIZE)) != SQLITE_OK)
            return rc;
        t->lock = SQLITE_LOCK_EXCLUSIVE;
    }
    return SQLITE_OK;
}

static int tunlock(sqlite3_file *f, int level)
{
    struct tfile *t = (struct tfile *)f;
    struct tdb *db = t->db;
    int rc = SQLITE_OK;
    if (level >= t->lock)
        return SQLITE_OK;
    if (db && t->lock > SQLITE_LOCK_SHARED) {
        /* Back to reading: the shared range read-locked again (a change of
         * the task's own lock, which cannot conflict), the pending and
         * reserved bytes let go. */
        if (t->lock == SQLITE_LOCK_EXCLUSIVE && level == SQLITE_LOCK_SHARED)
            rc = range_lock(t, F_RDLCK, SHARED_FIRST, SHARED_SIZE);
        int r = range_lock(t, F_UNLCK, PENDING_BYTE, 2);
        rc = rc ? rc : r;
        db->writer = 0;
    }
    if (db && level == SQLITE_LOCK_NONE && --db->readers == 0) {
        int r = range_lock(t, F_UNLCK, PENDING_BYTE, 2 + SHARED_SIZE);
        rc = rc ? rc : r;
        close_idle(db);
    }
    t->lock = level;
    return rc == SQLITE_OK ? SQLITE_OK : SQLITE_IOERR_UNLOCK;
}

static int treserved(sqlite3_file *f, int *out)
{
    struct tfile *t = (struct tfile *)f;
    *out = 0;
    if (!t->db)
        return SQLITE_OK;
    if (t->db->writer) {
        *out = 1;
        return SQLITE_OK;
    }
    /* Another task's: F_GETLK sees other owners' locks only. */
    struct flock fl = {.l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = RESERVED_BYTE,
                       .l_len = 1};
    if (fcntl(t->fd, F_GETLK, &fl) < 0) {
        set_errno = errno;
        return SQLITE_IOERR_CHECKRESERVEDLOCK;
    }
    *out = fl.l_type != F_UNLCK;
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
    if (flags & SQLITE_OPEN_MAIN_DB) {
        struct tdb *db = dbs;
        while (db && strcasecmp(db->path, path) != 0)
            db = db->next;
        if (!db && (db = sqlite3_malloc(sizeof *db)) != 0) {
            *db = (struct tdb){.next = dbs, .path = sqlite3_mprintf("%s", path)};
            if (db->path)
                dbs = db;
        }
        if (!db || !db->path) {
            sqlite3_free(db);
            close(fd);
            sqlite3_free(t->path);
            return SQLITE_NOMEM;
        }
        db->refs++;
        t->db = db;
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

/* Absolute and without `.`, `..` or empty components, as the file layer
 * would resolve it: the name by which a task's connections to one database
 * find their struct tdb (compared ignoring case, as FAT compares names). */
static int tfullpath(sqlite3_vfs *vfs, const char *path, int n, char *out)
{
    (void)vfs;
    char whole[512] = "";
    int len = 0;
    if (path[0] != '/' && !getcwd(whole, sizeof whole))
        whole[0] = 0; /* no files at all: opening will say so */
    size_t at = strlen(whole);
    if (at + 1 + strlen(path) >= sizeof whole)
        return SQLITE_CANTOPEN;
    sqlite3_snprintf((int)(sizeof whole - at), whole + at, "/%s", path);
    for (char *c = whole; *c;) {
        char *end = c + strcspn(c, "/");
        int clen = (int)(end - c);
        if (clen == 2 && c[0] == '.' && c[1] == '.') {
            while (len > 0 && out[--len] != '/')
                ;
        } else if (clen > 1 || (clen == 1 && c[0] != '.')) {
            if (len + 1 + clen >= n)
                return SQLITE_CANTOPEN;
            out[len++] = '/';
            memcpy(out + len, c, (size_t)clen);
            len += clen;
        }
        c = *end ? end + 1 : end;
    }
    if (len == 0)
        out[len++] = '/';
    out[len] = 0;
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
