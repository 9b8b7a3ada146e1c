/*
 * vfs.h: files for tasks: one FAT volume mounted at `/`, each task's open
 * files, working directory and grants (the sandbox's mechanism; the policy
 * is the Monitor's), and their record locks. The file syscalls live in
 * vfs.c.
 */
#ifndef VFS_H
#define VFS_H

#include <stdint.h>

#include "block.h"
#include "tabula.h"

struct task;
struct fat_volume;

/* Mounts v (on dev, the cached device) at `/`; described for fs_info. */
void vfs_mount_root(struct fat_volume *v, struct block_device *dev, const char *what);

/* Gives t its grants and working directory from req (the spawner's
 * request; parent NULL: the kernel, whose children see everything).
 * Returns 0, or a negative TABULA_E* code with req->error filled. */
int vfs_spawn(struct task *parent, struct task *t, const struct tabula_spawn *req);
/* Closes what t left open and forgets its grants. Not in interrupt
 * context: closing may write to the disk. */
void vfs_task_end(struct task *t);
/* Drops every record lock t holds, and wakes who waited for them: t has
 * ended (a crash, a kill, an exit), its files may stay open until it is
 * reaped, but its locks go now. Scheduler's lock held. */
void vfs_task_ended(struct task *t);
/* The same for a task's files already taken off it (NULL: nothing). */
struct vfs_task;
void vfs_files_free(struct vfs_task *vt);

/* Writes every volume's dirty blocks back (halt, reboot, the sync call). */
int vfs_sync_all(void);

/* 0 when t (NULL: the kernel) is granted read access to path (absolute),
 * else -TABULA_EACCES, logged. */
int vfs_may_read(struct task *t, const char *path);

/* Reads all of the file at path (absolute, on the root volume, grants not
 * checked: the kernel's own use) into a region of the task arena, which
 * vfs_unload gives back. */
int vfs_load(const char *path, void **data, size_t *len);
void vfs_unload(void *data);

/* The file syscalls. */
int vfs_sys_open(const char *path, uint32_t flags);
long vfs_sys_read(int fd, void *buf, size_t len);
long vfs_sys_write(int fd, const void *buf, size_t len);
int64_t vfs_sys_seek(int fd, int64_t offset, int whence);
int vfs_sys_close(int fd);
int vfs_sys_fstat(int fd, struct tabula_stat *out);
int vfs_sys_stat(const char *path, struct tabula_stat *out);
int vfs_sys_readdir(int fd, struct tabula_dirent *out);
int vfs_sys_mkdir(const char *path);
int vfs_sys_rmdir(const char *path);
int vfs_sys_unlink(const char *path);
int vfs_sys_rename(const char *from, const char *to);
int vfs_sys_ftruncate(int fd, uint64_t size);
int vfs_sys_fsync(int fd);
int vfs_sys_chdir(const char *path);
int vfs_sys_getcwd(char *buf, size_t len);
int vfs_sys_sync(void);
int vfs_sys_fs_info(struct tabula_fs_info *out);
int vfs_sys_grant_list(int id, struct tabula_grant *out, int max);
int vfs_sys_file_lock(int fd, int cmd, struct tabula_flock *fl);

#endif
