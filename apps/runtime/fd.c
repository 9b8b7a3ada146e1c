/*
 * fd.c: the descriptor table (see fd.h) and the POSIX calls on it.
 */
#include "fd.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <unistd.h>

static struct fd_entry table[FD_MAX] = {
    {&console_fd_ops, 0, O_RDONLY},
    {&console_fd_ops, 1, O_WRONLY},
    {&console_fd_ops, 2, O_WRONLY},
};

int fd_install(const struct fd_ops *ops, int handle, int flags)
{
    for (int fd = 0; fd < FD_MAX; fd++) {
        if (!table[fd].ops) {
            table[fd] = (struct fd_entry){ops, handle, flags};
            return fd;
        }
    }
    return -EMFILE;
}

struct fd_entry *fd_get(int fd)
{
    return fd >= 0 && fd < FD_MAX && table[fd].ops ? &table[fd] : NULL;
}

/* A result of an operation as POSIX returns it. */
static long posix_result(long r)
{
    if (r < 0) {
        errno = (int)-r;
        return -1;
    }
    return r;
}

ssize_t read(int fd, void *buf, size_t len)
{
    struct fd_entry *e = fd_get(fd);
    if (!e || (e->flags & O_ACCMODE) == O_WRONLY || !e->ops->read)
        return posix_result(-EBADF);
    return posix_result(e->ops->read(e->handle, buf, len));
}

ssize_t write(int fd, const void *buf, size_t len)
{
    struct fd_entry *e = fd_get(fd);
    if (!e || (e->flags & O_ACCMODE) == O_RDONLY || !e->ops->write)
        return posix_result(-EBADF);
    return posix_result(e->ops->write(e->handle, buf, len));
}

off_t lseek(int fd, off_t offset, int whence)
{
    struct fd_entry *e = fd_get(fd);
    if (!e)
        return posix_result(-EBADF);
    if (!e->ops->seek)
        return posix_result(-ESPIPE);
    return posix_result(e->ops->seek(e->handle, offset, whence));
}

int close(int fd)
{
    struct fd_entry *e = fd_get(fd);
    if (!e)
        return (int)posix_result(-EBADF);
    int r = e->ops->close ? e->ops->close(e->handle) : 0;
    e->ops = NULL;
    return (int)posix_result(r);
}

int fstat(int fd, struct stat *st)
{
    struct fd_entry *e = fd_get(fd);
    if (!e)
        return (int)posix_result(-EBADF);
    if (!e->ops->fstat)
        return (int)posix_result(-ENOSYS);
    return (int)posix_result(e->ops->fstat(e->handle, st));
}

int isatty(int fd)
{
    struct fd_entry *e = fd_get(fd);
    if (e && e->ops->isatty && e->ops->isatty(e->handle) > 0)
        return 1;
    errno = e ? ENOTTY : EBADF;
    return 0;
}

int open(const char *path, int flags, ...)
{
    const struct fd_ops *ops;
    int handle, mode = 0;
    if (flags & O_CREAT) {
        va_list ap;
        va_start(ap, flags);
        mode = va_arg(ap, int);
        va_end(ap);
    }
    int r = fd_open_path(path, flags, mode, &ops, &handle);
    if (r < 0)
        return (int)posix_result(r);
    int fd = fd_install(ops, handle, flags);
    if (fd < 0 && ops->close)
        ops->close(handle);
    return (int)posix_result(fd);
}
