/*
 * fd_path.c: opening paths. tabula has no files in the kernel yet, so
 * every open says so; the file layer replaces this with the kernel's file
 * calls.
 */
#include <errno.h>
#include <stdio.h>
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

/* Removing and renaming are path calls too, and fail alike until then
 * (Picolibc's remove() calls unlink; rename() it leaves to the system). */
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
