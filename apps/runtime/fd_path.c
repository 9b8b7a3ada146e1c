/*
 * fd_path.c: files through the kernel's file calls: opening paths for the
 * descriptor table (fd.h), the POSIX calls on paths (stat, mkdir, unlink,
 * rename, rmdir, chdir, getcwd, access; chmod, utimes and symlinks say
 * ENOSYS), ftruncate and fsync, record locks (fcntl's F_GETLK, F_SETLK,
 * F_SETLKW, and flock on top of them), and <dirent.h>.
 * Kernel errors (negative TABULA_E* codes) become errno values here.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

#include "fd.h"
#include "tabula_app.h"

/* A kernel result as a negative errno value (counts pass through). */
static long errno_of(long r)
{
    static const int map[] = {
        [TABULA_EPERM] = EPERM,     [TABULA_EINVAL] = EINVAL, [TABULA_ENOMEM] = ENOMEM,
        [TABULA_ESRCH] = ESRCH,     [TABULA_EFAULT] = EFAULT, [TABULA_ENOENT] = ENOENT,
        [TABULA_EAGAIN] = EAGAIN,   [TABULA_ENOEXEC] = ENOEXEC, [TABULA_EBUSY] = EBUSY,
        [TABULA_ECHILD] = ECHILD,   [TABULA_ENOSYS] = ENOSYS, [TABULA_EEXIST] = EEXIST,
        [TABULA_ENOTDIR] = ENOTDIR, [TABULA_EISDIR] = EISDIR, [TABULA_ENOTEMPTY] = ENOTEMPTY,
        [TABULA_ENOSPC] = ENOSPC,   [TABULA_EROFS] = EROFS,   [TABULA_EIO] = EIO,
        [TABULA_EACCES] = EACCES,   [TABULA_ENAMETOOLONG] = ENAMETOOLONG,
        [TABULA_EBADF] = EBADF,     [TABULA_EMFILE] = EMFILE, [TABULA_EXDEV] = EXDEV,
        [TABULA_ENOLCK] = ENOLCK,   [TABULA_EDEADLK] = EDEADLK,
    };
    if (r >= 0)
        return r;
    unsigned long code = (unsigned long)-r;
    return -(code < sizeof map / sizeof map[0] && map[code] ? map[code] : EIO);
}

/* A negative errno value as POSIX returns it. */
static int posix(long r)
{
    if (r < 0) {
        errno = (int)-r;
        return -1;
    }
    return (int)r;
}

static bool has_files(void)
{
    return TABULA_HAS(grant_list);
}

static long f_read(int h, void *buf, size_t len)
{
    return errno_of(tabula->file_read(h, buf, len));
}

static long f_write(int h, const void *buf, size_t len)
{
    return errno_of(tabula->file_write(h, buf, len));
}

static int64_t f_seek(int h, int64_t offset, int whence)
{
    return errno_of(tabula->file_seek(h, offset, whence));
}

static int f_close(int h)
{
    return (int)errno_of(tabula->file_close(h));
}

static void to_stat(const struct tabula_stat *k, struct stat *st)
{
    memset(st, 0, sizeof *st);
    st->st_size = (off_t)k->size;
    st->st_mode = k->is_dir ? S_IFDIR | 0755 : S_IFREG | (k->read_only ? 0444 : 0644);
    st->st_nlink = 1;
    st->st_blksize = 4096;
    st->st_blocks = (blkcnt_t)((k->size + 511) / 512);
    st->st_mtime = (time_t)k->mtime;
    st->st_atime = (time_t)k->mtime;
    st->st_ctime = (time_t)k->ctime;
}

static int f_fstat(int h, struct stat *st)
{
    struct tabula_stat k;
    int r = (int)errno_of(tabula->file_stat(h, &k));
    if (r == 0)
        to_stat(&k, st);
    return r;
}

static const struct fd_ops file_ops = {
    .read = f_read,
    .write = f_write,
    .seek = f_seek,
    .close = f_close,
    .fstat = f_fstat,
};

int fd_open_path(const char *path, int flags, int mode, const struct fd_ops **ops, int *handle)
{
    (void)mode; /* FAT keeps no permissions beyond read-only */
    if (!has_files())
        return -ENOSYS;
    uint32_t k = 0;
    switch (flags & O_ACCMODE) {
    case O_RDONLY: k = TABULA_O_READ; break;
    case O_WRONLY: k = TABULA_O_WRITE; break;
    default: k = TABULA_O_READ | TABULA_O_WRITE; break;
    }
    if (flags & O_CREAT)
        k |= TABULA_O_CREATE;
    if (flags & O_TRUNC)
        k |= TABULA_O_TRUNC;
    if (flags & O_APPEND)
        k |= TABULA_O_APPEND;
    if (flags & O_EXCL)
        k |= TABULA_O_EXCL;
    int fd = tabula->file_open(path, k);
    if (fd < 0)
        return (int)errno_of(fd);
    *ops = &file_ops;
    *handle = fd;
    return 0;
}

int stat(const char *path, struct stat *st)
{
    struct tabula_stat k;
    if (!has_files())
        return posix(-ENOSYS);
    int r = (int)errno_of(tabula->path_stat(path, &k));
    if (r == 0)
        to_stat(&k, st);
    return posix(r);
}

int lstat(const char *path, struct stat *st)
{
    return stat(path, st);
}

int mkdir(const char *path, mode_t mode)
{
    (void)mode;
    return posix(has_files() ? errno_of(tabula->mkdir(path)) : -ENOSYS);
}

int rmdir(const char *path)
{
    return posix(has_files() ? errno_of(tabula->rmdir(path)) : -ENOSYS);
}

int unlink(const char *path)
{
    return posix(has_files() ? errno_of(tabula->unlink(path)) : -ENOSYS);
}

int remove(const char *path)
{
    struct stat st;
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
        return rmdir(path);
    return unlink(path);
}

int rename(const char *from, const char *to)
{
    return posix(has_files() ? errno_of(tabula->rename(from, to)) : -ENOSYS);
}

int chdir(const char *path)
{
    return posix(has_files() ? errno_of(tabula->chdir(path)) : -ENOSYS);
}

char *getcwd(char *buf, size_t size)
{
    if (!has_files()) {
        errno = ENOSYS;
        return NULL;
    }
    int r = (int)errno_of(tabula->getcwd(buf, size));
    if (r < 0) {
        errno = r == -ENAMETOOLONG ? ERANGE : -r;
        return NULL;
    }
    return buf;
}

/* The kernel's descriptor behind a POSIX one that is a file. */
static int kernel_fd(int fd)
{
    struct fd_entry *e = fd_get(fd);
    return e && e->ops == &file_ops ? e->handle : -1;
}

int ftruncate(int fd, off_t size)
{
    int h = kernel_fd(fd);
    if (h < 0 || size < 0)
        return posix(h < 0 ? -EBADF : -EINVAL);
    return posix(errno_of(tabula->file_truncate(h, (uint64_t)size)));
}

int fsync(int fd)
{
    int h = kernel_fd(fd);
    return posix(h < 0 ? -EBADF : errno_of(tabula->file_sync(h)));
}

/* F_RDLCK, F_WRLCK, F_UNLCK to the kernel's lock types and back (0: none). */
static int lock_type(int posix_type, bool to_kernel)
{
    static const int pairs[][2] = {
        {F_RDLCK, TABULA_LOCK_READ}, {F_WRLCK, TABULA_LOCK_WRITE}, {F_UNLCK, TABULA_LOCK_UNLOCK}};
    for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++)
        if (pairs[i][!to_kernel] == posix_type)
            return pairs[i][to_kernel];
    return 0;
}

/* F_GETLK, F_SETLK or F_SETLKW on fd: 0 or a negative errno value. */
static int record_lock(int fd, int cmd, struct flock *fl)
{
    int h = kernel_fd(fd);
    if (h < 0)
        return -EBADF;
    if (!TABULA_HAS(file_lock))
        return -ENOSYS;
    struct tabula_flock k = {lock_type(fl->l_type, true), fl->l_whence, fl->l_start,
                             fl->l_len, 0, 0};
    if (!k.type)
        return -EINVAL;
    int r = (int)errno_of(tabula->file_lock(h, cmd == F_GETLK ? TABULA_LOCK_GET
                                                : cmd == F_SETLK ? TABULA_LOCK_SET
                                                                 : TABULA_LOCK_WAIT, &k));
    if (r == 0 && cmd == F_GETLK) {
        fl->l_type = (short)lock_type(k.type, false);
        if (k.type != TABULA_LOCK_UNLOCK) {
            fl->l_whence = SEEK_SET;
            fl->l_start = k.start;
            fl->l_len = k.len;
            fl->l_pid = (short)k.owner; /* the task id: getpid's */
        }
    }
    return r;
}

int fcntl(int fd, int cmd, ...)
{
    va_list ap;
    va_start(ap, cmd);
    void *arg = va_arg(ap, void *);
    va_end(ap);
    struct fd_entry *e = fd_get(fd);
    if (!e)
        return posix(-EBADF);
    switch (cmd) {
    case F_GETLK:
    case F_SETLK:
    case F_SETLKW:
        return posix(arg ? record_lock(fd, cmd, arg) : -EFAULT);
    case F_GETFL:
        return e->flags;
    case F_GETFD:
    case F_SETFD:
        return 0; /* no exec, so close-on-exec changes nothing */
    default:
        return posix(-EINVAL);
    }
}

/* BSD's whole-file locks, as record locks over the whole file: the same
 * locks fcntl sets (so a LOCK_SH needs the file open for reading, and
 * they end when any descriptor of the file is closed). */
int flock(int fd, int op)
{
    struct flock fl = {.l_whence = SEEK_SET, .l_start = 0, .l_len = 0};
    switch (op & ~LOCK_NB) {
    case LOCK_SH: fl.l_type = F_RDLCK; break;
    case LOCK_EX: fl.l_type = F_WRLCK; break;
    case LOCK_UN: fl.l_type = F_UNLCK; break;
    default: return posix(-EINVAL);
    }
    return posix(record_lock(fd, op & LOCK_NB ? F_SETLK : F_SETLKW, &fl));
}

struct runtime_dir {
    int fd;
    struct dirent ent;
    struct tabula_dirent k;
};

DIR *opendir(const char *path)
{
    if (!has_files()) {
        errno = ENOSYS;
        return NULL;
    }
    DIR *d = malloc(sizeof *d);
    if (!d) {
        errno = ENOMEM;
        return NULL;
    }
    d->fd = tabula->file_open(path, TABULA_O_DIR);
    if (d->fd < 0) {
        errno = (int)-errno_of(d->fd);
        free(d);
        return NULL;
    }
    return d;
}

struct dirent *readdir(DIR *d)
{
    int r = tabula->dir_read(d->fd, &d->k);
    if (r <= 0) {
        if (r < 0)
            errno = (int)-errno_of(r);
        return NULL;
    }
    d->ent.d_ino = 0;
    d->ent.d_type = d->k.st.is_dir ? DT_DIR : DT_REG;
    snprintf(d->ent.d_name, sizeof d->ent.d_name, "%s", d->k.name);
    return &d->ent;
}

int closedir(DIR *d)
{
    int r = tabula->file_close(d->fd);
    free(d);
    return posix(errno_of(r));
}

/* access: what stat says. FAT keeps only a read-only bit, and everything
 * is executable in the sense that run takes any file. */
int access(const char *path, int mode)
{
    struct stat st;
    if (stat(path, &st) < 0)
        return -1;
    if ((mode & W_OK) && !(st.st_mode & 0200))
        return posix(-EACCES);
    return 0;
}

/* FAT has no permission bits to set beyond read-only, and the kernel no
 * call to set times: these say so. */
int chmod(const char *path, mode_t mode)
{
    (void)path;
    (void)mode;
    return posix(-ENOSYS);
}

int utimes(const char *path, const struct timeval times[2])
{
    (void)path;
    (void)times;
    return posix(-ENOSYS);
}

/* No symbolic links on FAT: POSIX's answers for a system without them. */
int symlink(const char *target, const char *path)
{
    (void)target;
    (void)path;
    return posix(-ENOSYS);
}

ssize_t readlink(const char *path, char *buf, size_t len)
{
    (void)buf;
    (void)len;
    struct stat st;
    if (stat(path, &st) < 0)
        return -1;
    return posix(-EINVAL); /* it exists, and is not a link */
}
