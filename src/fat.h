/*
 * fat.h: the FAT12/16/32 file system library, with VFAT long names.
 *
 * Pure: it knows a block device (block.h), the TABULA_E* codes and three
 * hooks its host provides (time and memory), so the same code runs in the
 * kernel and in the host tests. Not thread-safe: the VFS serialises calls
 * with one lock per volume.
 */
#ifndef FAT_H
#define FAT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "block.h"

struct fat_volume;                 /* opaque */
struct fat_file;                   /* opaque: an open file or directory */
struct fat_stat {
    uint64_t size;
    bool is_dir;
    bool read_only;
    int64_t mtime;                 /* seconds since 1970, UTC */
    int64_t ctime;
};
struct fat_dirent { char name[256]; /* UTF-8 long name */ struct fat_stat st; };

/* Mounts a FAT12/16/32 volume starting at sector `first` of dev (0 for a bare volume; the
 * caller reads the MBR). Returns 0 or -TABULA_E*; on refusal writes a specific reason into
 * why[0..whylen) ("cluster chain of /X loops", "FSInfo free count larger than the volume").
 * A damaged but readable volume may mount read-only: *out's read_only is then set. */
int fat_mount(struct block_device *dev, uint64_t first, struct fat_volume **out,
              char *why, size_t whylen);
int fat_unmount(struct fat_volume *v);            /* flushes FSInfo; frees */
int fat_sync(struct fat_volume *v);
bool fat_read_only(const struct fat_volume *v);
int fat_statfs(struct fat_volume *v, uint64_t *total_bytes, uint64_t *free_bytes);

/* Paths are absolute within the volume, '/'-separated, UTF-8; lookup is case-insensitive.
 * `..` and `.` are NOT interpreted here (the VFS normalises and checks grants first);
 * a path component of ".." is refused with -TABULA_EINVAL. */
#define FAT_O_READ   1u
#define FAT_O_WRITE  2u
#define FAT_O_CREATE 4u
#define FAT_O_TRUNC  8u
#define FAT_O_APPEND 16u
#define FAT_O_EXCL   32u
#define FAT_O_DIR    64u   /* open a directory for fat_readdir */
int fat_open(struct fat_volume *v, const char *path, unsigned flags, struct fat_file **out);
long fat_read(struct fat_file *f, void *buf, size_t len);
long fat_write(struct fat_file *f, const void *buf, size_t len);
int64_t fat_seek(struct fat_file *f, int64_t offset, int whence); /* 0 SET, 1 CUR, 2 END */
int fat_truncate(struct fat_file *f, uint64_t size);
int fat_fsync(struct fat_file *f);
int fat_fstat(struct fat_file *f, struct fat_stat *st);
int fat_readdir(struct fat_file *dir, struct fat_dirent *out); /* 1 entry, 0 at the end, <0 error */
int fat_close(struct fat_file *f);
/* What every handle open on one file shares, the same while any is open:
 * how the VFS tells two opens of one file apart from two files (locks). */
const void *fat_file_id(const struct fat_file *f);
int fat_stat(struct fat_volume *v, const char *path, struct fat_stat *st);
int fat_mkdir(struct fat_volume *v, const char *path);
int fat_rmdir(struct fat_volume *v, const char *path);
int fat_unlink(struct fat_volume *v, const char *path);
int fat_rename(struct fat_volume *v, const char *from, const char *to);
int fat_set_mtime(struct fat_volume *v, const char *path, int64_t mtime);
/* The newest timestamp on the volume (the Pi keeps time from it when it has no RTC). */
int64_t fat_newest_time(struct fat_volume *v);

/* Provided by whoever links the library: the kernel (walltime) or the host test. */
int64_t fat_time_now(void);
/* Memory: fat uses fat_alloc/fat_free, provided by the kernel (kmalloc) or host (malloc). */
void *fat_alloc(size_t size);
void fat_free(void *p);

#endif
