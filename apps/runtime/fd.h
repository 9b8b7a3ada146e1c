/*
 * fd.h: the runtime's table of open file descriptors. Each descriptor is
 * a set of operations and a handle those operations understand; POSIX's
 * read, write, lseek, close, fstat and isatty (and Picolibc's stdio on top
 * of them) go through it. 0, 1 and 2 are the console's streams
 * (console.c). Paths are opened by fd_open_path, which the file layer
 * provides.
 *
 * Every operation returns a count or 0 on success, or a negative errno
 * value (-ENOENT) on failure; the POSIX calls turn that into -1 and errno.
 */
#ifndef RUNTIME_FD_H
#define RUNTIME_FD_H

#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>

#define FD_MAX 32

struct fd_ops {
    long (*read)(int handle, void *buf, size_t len);
    long (*write)(int handle, const void *buf, size_t len);
    int64_t (*seek)(int handle, int64_t offset, int whence);
    int (*close)(int handle);
    int (*fstat)(int handle, struct stat *st);
    int (*isatty)(int handle);
};

struct fd_entry {
    const struct fd_ops *ops; /* NULL: the descriptor is free */
    int handle;
    int flags;                /* the O_* flags it was opened with */
};

/* Installs ops/handle at the lowest free descriptor; returns it, or
 * -EMFILE when all FD_MAX are in use. */
int fd_install(const struct fd_ops *ops, int handle, int flags);

/* The entry of an open descriptor, or NULL (fd out of range or free). */
struct fd_entry *fd_get(int fd);

/*
 * Opens path (flags and mode as open() takes them) in the file layer:
 * fills *ops and *handle, returns 0 or a negative errno value. Until the
 * kernel has files this returns -ENOSYS.
 */
int fd_open_path(const char *path, int flags, int mode,
                 const struct fd_ops **ops, int *handle);

/* The console's streams, for 0, 1 and 2 (console.c). */
extern const struct fd_ops console_fd_ops;

#endif
