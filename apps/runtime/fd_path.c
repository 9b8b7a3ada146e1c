/*
 * fd_path.c: opening paths. tabula has no files in the kernel yet, so
 * every open says so; the file layer replaces this with the kernel's file
 * calls.
 */
#include <errno.h>
#include <dirent.h>
#include <stdio.h>
#include <sys/time.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fd.h"

int fd_open_path(const char *path, int flags, int mode,
                 const struct fd_ops **ops, int *handle)
{
    (void)path;
    (void)flags;
    (void)mode;
    (void)ops;
    (void)handle;
    return -ENOSYS;
}

/* The other path calls (and directory streams, whose type is in
 * sys/dirent.h here) fail alike until then. Picolibc's remove() calls
 * unlink; rename() and the rest it leaves to the system. */
int unlink(const char *path)
{
    (void)path;
    errno = ENOSYS;
    return -1;
}

int rename(const char *from, const char *to)
{
    (void)from;
    (void)to;
    errno = ENOSYS;
    return -1;
}

int stat(const char *path, struct stat *st)
{
    (void)path;
    (void)st;
    errno = ENOSYS;
    return -1;
}

int access(const char *path, int mode)
{
    (void)path;
    (void)mode;
    errno = ENOSYS;
    return -1;
}

int lstat(const char *path, struct stat *st)
{
    return stat(path, st);
}

int mkdir(const char *path, mode_t mode)
{
    (void)path;
    (void)mode;
    errno = ENOSYS;
    return -1;
}

int chdir(const char *path)
{
    (void)path;
    errno = ENOSYS;
    return -1;
}

int chmod(const char *path, mode_t mode)
{
    (void)path;
    (void)mode;
    errno = ENOSYS;
    return -1;
}

int utimes(const char *path, const struct timeval times[2])
{
    (void)path;
    (void)times;
    errno = ENOSYS;
    return -1;
}

/* No symbolic links: POSIX's answers for a system without them. */
int symlink(const char *target, const char *path)
{
    (void)target;
    (void)path;
    errno = ENOSYS;
    return -1;
}

ssize_t readlink(const char *path, char *buf, size_t len)
{
    (void)path;
    (void)buf;
    (void)len;
    errno = EINVAL;
    return -1;
}

DIR *opendir(const char *path)
{
    (void)path;
    errno = ENOSYS;
    return NULL;
}

struct dirent *readdir(DIR *dir)
{
    (void)dir;
    errno = EBADF;
    return NULL;
}

int closedir(DIR *dir)
{
    (void)dir;
    errno = EBADF;
    return -1;
}
