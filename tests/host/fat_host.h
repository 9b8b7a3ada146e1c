/*
 * fat_host.h: what the FAT tests share: a block device over an image held
 * in memory (loaded from and saved to a file, so mkfs.fat, mtools and
 * fsck.fat see the same bytes), the library's hooks, and shell helpers.
 */
#ifndef FAT_HOST_H
#define FAT_HOST_H

#include "block.h"
#include "fat.h"

#include <stddef.h>
#include <stdint.h>

struct mem_disk {
    struct block_device dev;
    uint8_t *data;
    size_t size;
    unsigned reads, writes;      /* calls, to check transfers are batched */
    uint64_t read_sectors, written_sectors;
    long fail_after_writes;      /* >= 0: writes fail after this many */
};

/* Loads path into a device; NULL (and a failed check) if it cannot. */
struct mem_disk *mem_disk_load(const char *path);
int mem_disk_save(struct mem_disk *d, const char *path);
struct mem_disk *mem_disk_from(const void *data, size_t size);
void mem_disk_free(struct mem_disk *d);

/* Runs a shell command; returns its exit status (-1 if it could not run). */
int fat_sh(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* A fresh directory under /tmp for one test's files, removed by fat_tmp_done. */
const char *fat_tmp(void);
void fat_tmp_done(void);

/* The host's clock for the library: fixed, so images are reproducible. */
extern int64_t fat_host_time;

#endif
