/*
 * vfs.c: the file syscalls over the FAT library, and the sandbox's
 * mechanism (see vfs.h).
 *
 * Every path a task hands in is made absolute against its working
 * directory and normalised here, before the file system sees it: `.` and
 * empty components go, `..` takes one component off (never above `/`),
 * so what remains names the file with no way back up. That path must then
 * lie inside one of the task's grants, compared without regard to ASCII
 * case because FAT looks names up that way: /DATA/App is inside a grant
 * of /data/app, and /data/app2 is not. A path through a file cannot climb
 * out either: its `..` was taken off lexically, so it can only end below
 * the same grant, where the file system answers ENOTDIR. Every refusal is
 * logged with the task, the call and the path.
 *
 * The FAT library is not reentrant: one lock per volume (there is one,
 * the root), held across each call; a task waiting for it sleeps. A task
 * inside the file system is not ended by a kill until it leaves (in_fs):
 * ending it halfway would leave the volume half-written and locked.
 *
 * POSIX record locks (file_lock) are here too: the rules are filelock.c's,
 * the table is guarded by the scheduler's lock, and a task waiting for a
 * lock sleeps outside the file system, so a kill ends it at once.
 */
#include "vfs.h"

#include <stdio.h>
#include <string.h>

#include "bcache.h"
#include "clock.h"
#include "fat.h"
#include "filelock.h"
#include "klog.h"
#include "kmem.h"
#include "codewipe.h"
#include "sched.h"
#include "slots.h"
#include "task.h"
#include "trace.h"

struct vfs_task {
    struct fat_file *fd[TABULA_OPEN_MAX];
    uint32_t fdflags[TABULA_OPEN_MAX];
    char cwd[TABULA_PATH_MAX];
    int ngrants;
    /* Only as many as the task was given: a spawn zeroes, checks and
     * junk-fills every byte of this in the kernel heap, and most tasks
     * have one grant or none. */
    struct tabula_grant grants[];
};

static struct {
    struct fat_volume *v;
    struct block_device *dev;
    char what[24];
    volatile bool busy;
} root;

void vfs_mount_root(struct fat_volume *v, struct block_device *dev, const char *what)
{
    root.v = v;
    root.dev = dev;
    snprintf(root.what, sizeof root.what, "%s", what);
}

/* Takes the volume; marks the caller as inside the file system. */
static void lock(void)
{
    struct task *t = task_current();
    uintptr_t saved = sched_lock();
    while (root.busy && t)
        sched_block(WAKE_DEVICE, clock_ns() + 1000000);
    root.busy = true;
    if (t)
        t->in_fs++;
    sched_unlock(saved);
}

static void unlock(void)
{
    struct task *t = task_current();
    uintptr_t saved = sched_lock();
    root.busy = false;
    if (t && --t->in_fs == 0 && t->kill_pending)
        task_check_pending(t); /* a kill that waited for the call to finish */
    sched_unlock(saved);
}

/* Every task's record locks on every file (filelock.h), the file named by
 * fat_file_id. Guarded by the scheduler's lock, which a waiter's sleep and
 * the kill and end of a task hold anyway: a lock call is a scan of a few
 * ranges, and a kill can drop the locks without another lock to order. */
static struct filelock_table locks;
_Static_assert(FILELOCK_WAITERS >= TASK_MAX, "every task may wait for a lock at once");

/* Wakes the tasks waiting for a lock on file (NULL: any), to try again.
 * Lock held. */
static void locks_changed(const void *file)
{
    for (int j = 0; locks.waiting && j < FILELOCK_WAITERS; j++)
        if (locks.wait[j].owner && (!file || locks.wait[j].want.file == file))
            sched_wake(task_find(locks.wait[j].owner), WAKE_FILELOCK);
}

/* Drops t's locks on file (NULL: on every file). Before a close: a node
 * freed by the close could come back as another file's. Lock held. */
static void locks_drop(struct task *t, const void *file)
{
    if (filelock_drop(&locks, file, t->id))
        locks_changed(file);
}

static struct vfs_task *state(struct task *t)
{
    return t ? t->files : 0;
}

/* Copies a NUL-terminated path out of t's slot. */
static int user_string(struct task *t, const char *p, char *out)
{
    for (size_t i = 0;; i++) {
        if (i == TABULA_PATH_MAX)
            return -TABULA_ENAMETOOLONG;
        if (!task_owns(t, p + i, 1))
            return -TABULA_EFAULT;
        out[i] = p[i];
        if (!out[i])
            return 0;
    }
}

/* in made absolute against cwd and normalised into out. */
static int normalise(const char *cwd, const char *in, char *out)
{
    char tmp[2 * TABULA_PATH_MAX + 2];
    size_t n = 0;
    if (in[0] != '/')
        n = (size_t)snprintf(tmp, sizeof tmp, "%s/", cwd);
    snprintf(tmp + n, sizeof tmp - n, "%s", in);
    size_t len = 0;
    out[0] = 0;
    for (char *s = tmp; *s;) {
        while (*s == '/')
            s++;
        char *e = s;
        while (*e && *e != '/')
            e++;
        size_t cl = (size_t)(e - s);
        if (cl == 0 || (cl == 1 && s[0] == '.')) {
            /* nothing */
        } else if (cl == 2 && s[0] == '.' && s[1] == '.') {
            while (len > 0 && out[len - 1] != '/')
                len--;
            if (len > 0)
                len--;
            out[len] = 0;
        } else {
            if (cl > 255 || len + 1 + cl >= TABULA_PATH_MAX)
                return -TABULA_ENAMETOOLONG;
            out[len++] = '/';
            memcpy(out + len, s, cl);
            len += cl;
            out[len] = 0;
        }
        s = e;
    }
    if (len == 0) {
        out[0] = '/';
        out[1] = 0;
    }
    return 0;
}

static bool same_fold(const char *a, const char *b, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        char x = a[i], y = b[i];
        if (x >= 'A' && x <= 'Z')
            x = (char)(x - 'A' + 'a');
        if (y >= 'A' && y <= 'Z')
            y = (char)(y - 'A' + 'a');
        if (x != y)
            return false;
    }
    return true;
}

/* True when normalised path lies in grant g (or is g). */
static bool inside(const char *g, const char *path)
{
    size_t gl = strlen(g);
    if (gl == 1)
        return true; /* "/" */
    return strlen(path) >= gl && same_fold(g, path, gl) && (path[gl] == 0 || path[gl] == '/');
}

static bool allowed(const struct vfs_task *vt, const char *path, uint32_t mode)
{
    for (int i = 0; vt && i < vt->ngrants; i++)
        if ((vt->grants[i].mode & mode) == mode && inside(vt->grants[i].path, path))
            return true;
    return false;
}

/* True when path is the top of one of the task's grants other than "/":
 * removing or renaming it would take the sandbox's floor away. */
static bool grant_top(const struct vfs_task *vt, const char *path)
{
    for (int i = 0; vt && i < vt->ngrants; i++) {
        const char *g = vt->grants[i].path;
        if (g[1] && strlen(g) == strlen(path) && same_fold(g, path, strlen(g)))
            return true;
    }
    return false;
}

/* A path from the caller, absolute and checked against its grants for
 * mode, into out. Refusals are logged. */
static int resolve(const char *call, const char *upath, uint32_t mode, char *out)
{
    struct task *t = task_current();
    struct vfs_task *vt = state(t);
    char raw[TABULA_PATH_MAX];
    int rc = user_string(t, upath, raw);
    if (rc == 0)
        rc = normalise(vt ? vt->cwd : "/", raw, out);
    if (rc < 0)
        return rc;
    if (!allowed(vt, out, mode)) {
        klog_write(TABULA_LOG_WARN, t->id, "%s: %s %s refused: not %s to it", t->name, call, out,
                   allowed(vt, out, TABULA_GRANT_READ) ? "granted write access" : "granted");
        return -TABULA_EACCES;
    }
    if (!root.v)
        return -TABULA_ENOENT;
    return 0;
}

static void fill_stat(struct tabula_stat *out, const struct fat_stat *st)
{
    *out = (struct tabula_stat){st->size, st->mtime, st->ctime, st->is_dir, st->read_only};
}

/* Descriptor fd of the caller, or NULL. */
static struct fat_file *file(int fd, uint32_t need, int *rc)
{
    struct vfs_task *vt = state(task_current());
    *rc = -TABULA_EBADF;
    if (!vt || fd < 0 || fd >= TABULA_OPEN_MAX || !vt->fd[fd])
        return 0;
    if ((vt->fdflags[fd] & need) != need)
        return 0;
    *rc = 0;
    return vt->fd[fd];
}

int vfs_sys_open(const char *upath, uint32_t flags)
{
    TRACE_SYSCALL(file_open);
    char path[TABULA_PATH_MAX];
    struct vfs_task *vt = state(task_current());
    uint32_t known = TABULA_O_READ | TABULA_O_WRITE | TABULA_O_CREATE | TABULA_O_TRUNC |
                     TABULA_O_APPEND | TABULA_O_EXCL | TABULA_O_DIR;
    if ((flags & ~known) || !(flags & (TABULA_O_READ | TABULA_O_WRITE | TABULA_O_DIR)))
        return -TABULA_EINVAL;
    bool writes = flags & (TABULA_O_WRITE | TABULA_O_CREATE | TABULA_O_TRUNC | TABULA_O_APPEND);
    int rc = resolve("open", upath, writes ? TABULA_GRANT_READ | TABULA_GRANT_WRITE
                                           : TABULA_GRANT_READ, path);
    if (rc < 0)
        return rc;
    int fd = 0;
    while (fd < TABULA_OPEN_MAX && vt->fd[fd])
        fd++;
    if (fd == TABULA_OPEN_MAX)
        return -TABULA_EMFILE;
    struct fat_file *f;
    lock();
    /* The TABULA_O_* bits are FAT_O_*'s, by design. */
    rc = fat_open(root.v, path, flags, &f);
    unlock();
    if (rc < 0)
        return rc;
    vt->fd[fd] = f;
    vt->fdflags[fd] = flags;
    return fd;
}

long vfs_sys_read(int fd, void *buf, size_t len)
{
    TRACE_SYSCALL(file_read);
    int rc;
    struct fat_file *f = file(fd, TABULA_O_READ, &rc);
    if (!f)
        return rc;
    if (!task_owns(task_current(), buf, len))
        return -TABULA_EFAULT;
    lock();
    long n = fat_read(f, buf, len);
    unlock();
    return n;
}

long vfs_sys_write(int fd, const void *buf, size_t len)
{
    TRACE_SYSCALL(file_write);
    int rc;
    struct fat_file *f = file(fd, TABULA_O_WRITE, &rc);
    if (!f)
        return rc;
    if (!task_owns(task_current(), buf, len))
        return -TABULA_EFAULT;
    lock();
    long n = fat_write(f, buf, len);
    unlock();
    return n;
}

int64_t vfs_sys_seek(int fd, int64_t offset, int whence)
{
    TRACE_SYSCALL(file_seek);
    int rc;
    struct fat_file *f = file(fd, 0, &rc);
    if (!f)
        return rc;
    if (whence < TABULA_SEEK_SET || whence > TABULA_SEEK_END)
        return -TABULA_EINVAL;
    lock();
    int64_t r = fat_seek(f, offset, whence);
    unlock();
    return r;
}

int vfs_sys_close(int fd)
{
    TRACE_SYSCALL(file_close);
    int rc;
    struct fat_file *f = file(fd, 0, &rc);
    if (!f)
        return rc;
    struct task *t = task_current();
    state(t)->fd[fd] = 0;
    /* POSIX: closing any descriptor of a file ends the task's locks on it. */
    uintptr_t saved = sched_lock();
    locks_drop(t, fat_file_id(f));
    sched_unlock(saved);
    lock();
    rc = fat_close(f);
    unlock();
    return rc;
}

int vfs_sys_fstat(int fd, struct tabula_stat *out)
{
    TRACE_SYSCALL(file_stat);
    int rc;
    struct fat_file *f = file(fd, 0, &rc);
    if (!f)
        return rc;
    if (!task_owns(task_current(), out, sizeof *out))
        return -TABULA_EFAULT;
    struct fat_stat st;
    lock();
    rc = fat_fstat(f, &st);
    unlock();
    if (rc == 0)
        fill_stat(out, &st);
    return rc;
}

int vfs_sys_stat(const char *upath, struct tabula_stat *out)
{
    TRACE_SYSCALL(path_stat);
    char path[TABULA_PATH_MAX];
    int rc = resolve("stat", upath, TABULA_GRANT_READ, path);
    if (rc < 0)
        return rc;
    if (!task_owns(task_current(), out, sizeof *out))
        return -TABULA_EFAULT;
    struct fat_stat st;
    lock();
    rc = fat_stat(root.v, path, &st);
    unlock();
    if (rc == 0)
        fill_stat(out, &st);
    return rc;
}

int vfs_sys_readdir(int fd, struct tabula_dirent *out)
{
    TRACE_SYSCALL(dir_read);
    int rc;
    struct fat_file *f = file(fd, TABULA_O_DIR, &rc);
    if (!f)
        return rc;
    if (!task_owns(task_current(), out, sizeof *out))
        return -TABULA_EFAULT;
    struct fat_dirent *d = kmalloc(sizeof *d);
    if (!d)
        return -TABULA_ENOMEM;
    lock();
    rc = fat_readdir(f, d);
    unlock();
    if (rc == 1) {
        snprintf(out->name, sizeof out->name, "%s", d->name);
        fill_stat(&out->st, &d->st);
    }
    kfree(d);
    return rc;
}

/* mkdir, rmdir, unlink: one path, written to. */
static int path_op(const char *call, const char *upath, int (*op)(struct fat_volume *, const char *))
{
    char path[TABULA_PATH_MAX];
    int rc = resolve(call, upath, TABULA_GRANT_READ | TABULA_GRANT_WRITE, path);
    if (rc < 0)
        return rc;
    if (op != fat_mkdir && grant_top(state(task_current()), path)) {
        struct task *t = task_current();
        klog_write(TABULA_LOG_WARN, t->id, "%s: %s %s refused: it is the top of a grant",
                   t->name, call, path);
        return -TABULA_EACCES;
    }
    lock();
    rc = op(root.v, path);
    unlock();
    return rc;
}

int vfs_sys_mkdir(const char *upath)
{
    TRACE_SYSCALL(mkdir);
    return path_op("mkdir", upath, fat_mkdir);
}

int vfs_sys_rmdir(const char *upath)
{
    TRACE_SYSCALL(rmdir);
    return path_op("rmdir", upath, fat_rmdir);
}

int vfs_sys_unlink(const char *upath)
{
    TRACE_SYSCALL(unlink);
    return path_op("unlink", upath, fat_unlink);
}

int vfs_sys_rename(const char *ufrom, const char *uto)
{
    TRACE_SYSCALL(rename);
    char from[TABULA_PATH_MAX], to[TABULA_PATH_MAX];
    uint32_t rw = TABULA_GRANT_READ | TABULA_GRANT_WRITE;
    int rc = resolve("rename", ufrom, rw, from);
    if (rc == 0)
        rc = resolve("rename", uto, rw, to);
    if (rc < 0)
        return rc;
    if (grant_top(state(task_current()), from)) {
        struct task *t = task_current();
        klog_write(TABULA_LOG_WARN, t->id, "%s: rename %s refused: it is the top of a grant",
                   t->name, from);
        return -TABULA_EACCES;
    }
    lock();
    rc = fat_rename(root.v, from, to);
    unlock();
    return rc;
}

int vfs_sys_ftruncate(int fd, uint64_t size)
{
    TRACE_SYSCALL(file_truncate);
    int rc;
    struct fat_file *f = file(fd, TABULA_O_WRITE, &rc);
    if (!f)
        return rc;
    lock();
    rc = fat_truncate(f, size);
    unlock();
    return rc;
}

int vfs_sys_fsync(int fd)
{
    TRACE_SYSCALL(file_sync);
    int rc;
    struct fat_file *f = file(fd, 0, &rc);
    if (!f)
        return rc;
    lock();
    rc = fat_fsync(f);
    if (rc == 0)
        rc = bcache_sync(root.dev);
    unlock();
    return rc;
}

int vfs_sys_chdir(const char *upath)
{
    TRACE_SYSCALL(chdir);
    char path[TABULA_PATH_MAX];
    int rc = resolve("chdir", upath, TABULA_GRANT_READ, path);
    if (rc < 0)
        return rc;
    struct fat_stat st;
    lock();
    rc = fat_stat(root.v, path, &st);
    unlock();
    if (rc < 0)
        return rc;
    if (!st.is_dir)
        return -TABULA_ENOTDIR;
    snprintf(state(task_current())->cwd, TABULA_PATH_MAX, "%s", path);
    return 0;
}

int vfs_sys_getcwd(char *buf, size_t len)
{
    TRACE_SYSCALL(getcwd);
    struct task *t = task_current();
    struct vfs_task *vt = state(t);
    if (!task_owns(t, buf, len))
        return -TABULA_EFAULT;
    size_t n = strlen(vt->cwd);
    if (n + 1 > len)
        return -TABULA_ENAMETOOLONG;
    memcpy(buf, vt->cwd, n + 1);
    return (int)n;
}

int vfs_sync_all(void)
{
    if (!root.v)
        return 0;
    lock();
    int rc = fat_sync(root.v);
    int r = bcache_sync(root.dev);
    unlock();
    return rc ? rc : r;
}

int vfs_sys_sync(void)
{
    TRACE_SYSCALL(sync);
    return vfs_sync_all();
}

int vfs_sys_fs_info(struct tabula_fs_info *out)
{
    TRACE_SYSCALL(fs_info);
    if (!task_owns(task_current(), out, sizeof *out))
        return -TABULA_EFAULT;
    memset(out, 0, sizeof *out);
    if (!root.v)
        return 0;
    struct bcache_stats st;
    bcache_stats(&st);
    lock();
    int rc = fat_statfs(root.v, &out->total_bytes, &out->free_bytes);
    out->read_only = fat_read_only(root.v);
    unlock();
    out->cache_hits = st.hits;
    out->cache_misses = st.misses;
    out->dev_reads = st.dev_reads;
    out->dev_writes = st.dev_writes;
    out->read_bytes = st.read_bytes;
    out->write_bytes = st.write_bytes;
    out->cache_blocks = st.blocks;
    out->cache_dirty = st.dirty;
    out->cache_block_bytes = st.block_bytes;
    snprintf(out->device, sizeof out->device, "%s", root.what);
    return rc;
}

int vfs_sys_grant_list(int id, struct tabula_grant *out, int max)
{
    TRACE_SYSCALL(grant_list);
    struct task *t = task_current();
    if (max < 0 || (size_t)max > SIZE_MAX / sizeof *out || !task_owns(t, out, (size_t)max * sizeof *out))
        return -TABULA_EFAULT;
    if (id != 0 && id != t->id && !(t->caps & TABULA_CAP_TASKS)) {
        klog_write(TABULA_LOG_WARN, t->id, "%s: grant_list refused: needs capability TASKS",
                   t->name);
        return -TABULA_EPERM;
    }
    uintptr_t saved = sched_lock();
    struct task *who = id ? task_find(id) : t;
    int n = -TABULA_ESRCH;
    if (who && who->state != TABULA_TASK_ENDED && who->files) {
        n = who->files->ngrants < max ? who->files->ngrants : max;
        memcpy(out, who->files->grants, (size_t)n * sizeof *out);
    }
    sched_unlock(saved);
    return n;
}

int vfs_spawn(struct task *parent, struct task *t, const struct tabula_spawn *req)
{
    struct vfs_task *pv = state(parent);
    char raw[TABULA_PATH_MAX];
    /* req is the kernel's copy of the request: ngrants cannot change
     * under us between this check and the loop. */
    if (parent && (req->ngrants < 0 || req->ngrants > TABULA_GRANT_MAX ||
                   (req->ngrants && !task_owns(parent, req->grants,
                                               (size_t)req->ngrants * sizeof *req->grants)))) {
        snprintf((char *)req->error, TABULA_ERROR_MAX, "bad grants: %d (at most %d)", req->ngrants,
                 TABULA_GRANT_MAX);
        return -TABULA_EINVAL;
    }
    int room = parent ? req->ngrants : 1;
    struct vfs_task *vt = kzalloc(sizeof *vt + (size_t)room * sizeof vt->grants[0]);
    if (!vt) {
        snprintf((char *)req->error, TABULA_ERROR_MAX, "the kernel heap is full");
        return -TABULA_ENOMEM;
    }
    if (!parent) {
        vt->ngrants = 1;
        snprintf(vt->grants[0].path, TABULA_PATH_MAX, "/");
        vt->grants[0].mode = TABULA_GRANT_READ | TABULA_GRANT_WRITE;
    }
    for (int i = 0; parent && i < req->ngrants; i++) {
        struct tabula_grant *g = &vt->grants[vt->ngrants];
        uint32_t mode = req->grants[i].mode & (TABULA_GRANT_READ | TABULA_GRANT_WRITE);
        memcpy(raw, req->grants[i].path, sizeof raw);
        raw[TABULA_PATH_MAX - 1] = 0;
        if (raw[0] != '/' || !mode || normalise("/", raw, g->path) < 0) {
            snprintf((char *)req->error, TABULA_ERROR_MAX,
                     "grant '%.60s': needs an absolute path and r, w or rw", raw);
            kfree(vt);
            return -TABULA_EINVAL;
        }
        if (!allowed(pv, g->path, mode)) {
            snprintf((char *)req->error, TABULA_ERROR_MAX,
                     "grant %.60s: the spawner has no such access to it itself", g->path);
            kfree(vt);
            return -TABULA_EACCES;
        }
        g->mode = mode;
        vt->ngrants++;
    }
    snprintf(vt->cwd, sizeof vt->cwd, "%s", vt->ngrants ? vt->grants[0].path : "/");
    if (parent && req->cwd) {
        if (user_string(parent, req->cwd, raw) < 0 || normalise("/", raw, vt->cwd) < 0) {
            snprintf((char *)req->error, TABULA_ERROR_MAX, "bad working directory");
            kfree(vt);
            return -TABULA_EINVAL;
        }
    }
    t->files = vt;
    return 0;
}

int vfs_sys_file_lock(int fd, int cmd, struct tabula_flock *ufl)
{
    TRACE_SYSCALL(file_lock);
    struct task *t = task_current();
    int rc;
    if (!task_owns(t, ufl, sizeof *ufl))
        return -TABULA_EFAULT;
    struct tabula_flock fl = *ufl;
    if (cmd < TABULA_LOCK_GET || cmd > TABULA_LOCK_WAIT || fl.type < TABULA_LOCK_READ ||
        fl.type > TABULA_LOCK_UNLOCK || (cmd == TABULA_LOCK_GET && fl.type == TABULA_LOCK_UNLOCK))
        return -TABULA_EINVAL;
    /* As POSIX: reading to share, writing to exclude; asking needs neither. */
    uint32_t need = cmd == TABULA_LOCK_GET          ? 0
                    : fl.type == TABULA_LOCK_READ   ? TABULA_O_READ
                    : fl.type == TABULA_LOCK_WRITE  ? TABULA_O_WRITE
                                                    : 0;
    struct fat_file *f = file(fd, need, &rc);
    if (!f || (state(t)->fdflags[fd] & TABULA_O_DIR))
        return f ? -TABULA_EBADF : rc;
    int64_t pos = 0, size = 0;
    if (fl.whence == TABULA_SEEK_CUR || fl.whence == TABULA_SEEK_END) {
        struct fat_stat st;
        lock();
        pos = fat_seek(f, 0, TABULA_SEEK_CUR);
        rc = fat_fstat(f, &st);
        unlock();
        if (rc < 0)
            return rc;
        size = (int64_t)st.size;
    }
    uint64_t start, end;
    rc = filelock_range(fl.whence, fl.start, fl.len, pos, size, &start, &end);
    if (rc < 0)
        return rc;
    const void *id = fat_file_id(f);
    uintptr_t saved = sched_lock();
    if (cmd == TABULA_LOCK_GET) {
        struct filelock_range c;
        if (filelock_conflict(&locks, id, t->id, fl.type, start, end, &c)) {
            fl = (struct tabula_flock){c.type, TABULA_SEEK_SET, (int64_t)c.start,
                                       c.end == FILELOCK_EOF ? 0 : (int64_t)(c.end - c.start),
                                       c.owner, 0};
        } else {
            fl.type = TABULA_LOCK_UNLOCK;
        }
        sched_unlock(saved);
        *ufl = fl;
        return 0;
    }
    for (;;) {
        rc = filelock_set(&locks, id, t->id, fl.type, start, end);
        if (rc != -TABULA_EAGAIN || cmd == TABULA_LOCK_SET)
            break;
        if (filelock_deadlock(&locks, id, t->id, fl.type, start, end)) {
            rc = -TABULA_EDEADLK;
            break;
        }
        if ((rc = filelock_wait(&locks, id, t->id, fl.type, start, end)) < 0)
            break;
        /* Not in_fs: a kill ends a waiter at once. The file stays open (the
         * task cannot close it while it sleeps here), so id stays its. */
        sched_block(WAKE_FILELOCK, UINT64_MAX);
        filelock_unwait(&locks, t->id);
        task_check_pending(t);
    }
    /* A write lock only takes; a read lock may have been a write lock. */
    if (rc == 0 && fl.type != TABULA_LOCK_WRITE)
        locks_changed(id);
    sched_unlock(saved);
    return rc;
}

void vfs_task_ended(struct task *t)
{
    locks_drop(t, 0);
}

void vfs_task_end(struct task *t)
{
    uintptr_t saved = sched_lock();
    locks_drop(t, 0); /* before the closes free what names the files */
    sched_unlock(saved);
    struct vfs_task *vt = t->files;
    t->files = 0;
    vfs_files_free(vt);
}

void vfs_files_free(struct vfs_task *vt)
{
    if (!vt)
        return;
    for (int i = 0; i < TABULA_OPEN_MAX; i++) {
        if (vt->fd[i]) {
            lock();
            fat_close(vt->fd[i]);
            unlock();
            vt->fd[i] = 0;
        }
    }
    kfree(vt);
}

int vfs_may_read(struct task *t, const char *path)
{
    char norm[TABULA_PATH_MAX];
    if (!t)
        return 0;
    int rc = normalise("/", path, norm);
    if (rc < 0)
        return rc;
    if (allowed(state(t), norm, TABULA_GRANT_READ))
        return 0;
    klog_write(TABULA_LOG_WARN, t->id, "%s: spawn %s refused: not granted", t->name, norm);
    return -TABULA_EACCES;
}

int vfs_load(const char *path, void **data, size_t *len)
{
    if (!root.v)
        return -TABULA_ENOENT;
    struct task *t = task_current();
    struct fat_file *f;
    struct fat_stat st;
    uintptr_t base = 0;
    lock();
    int rc = fat_open(root.v, path, FAT_O_READ, &f);
    if (rc == 0) {
        rc = fat_fstat(f, &st);
        if (rc == 0 && st.is_dir)
            rc = -TABULA_EISDIR;
        /* In the task arena, not the kernel heap: an app with its debug
         * information is megabytes. Owned by the spawner while it lives. */
        if (rc == 0)
            rc = slots_alloc(&task_arena, st.size ? st.size : 1, t ? t->id : 1, &base);
        if (rc == 0) {
            codewipe_claim(base, st.size ? st.size : 1, st.size);
            long n = fat_read(f, (void *)base, st.size);
            if (n != (long)st.size) {
                slots_free(&task_arena, base);
                rc = n < 0 ? (int)n : -TABULA_EIO;
            } else {
                *data = (void *)base;
                *len = st.size;
            }
        }
        fat_close(f);
    }
    unlock();
    return rc;
}

void vfs_unload(void *data)
{
    if (data)
        slots_free(&task_arena, (uintptr_t)data);
}
