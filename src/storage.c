/*
 * storage.c: from disks to the root volume (see storage.h). Each disk
 * gets the block cache layered over it; its first sector says where the
 * FAT volumes are (mbr.c), and the first that mounts becomes `/`. A disk
 * that cannot be used is logged with the reason and left alone: the
 * Monitor boots from the archive either way.
 */
#include "storage.h"

#include <stdio.h>

#include "bcache.h"
#include "fat.h"
#include "klog.h"
#include "mbr.h"
#include "vfs.h"
#include "walltime.h"

#define MAX_DISKS 4

static struct block_device *disks[MAX_DISKS];
static unsigned ndisks;

void storage_add_disk(struct block_device *dev)
{
    if (ndisks < MAX_DISKS)
        disks[ndisks++] = dev;
}

/* Without a clock, the newest file on the volume is the best guess of the
 * date: better than 1980 on everything written from now on. */
static void clock_from(struct fat_volume *v)
{
    if (walltime_ns())
        return;
    int64_t newest = fat_newest_time(v);
    if (newest <= 0) {
        klog_write(TABULA_LOG_WARN, 0, "clock: no real-time clock and no dated file on the disk; "
                   "the date is unknown");
        return;
    }
    walltime_set_ns((uint64_t)newest * 1000000000u);
    klog_write(TABULA_LOG_INFO, 0, "clock: no real-time clock; the date is taken from the newest "
               "file on the disk");
}

/* Tries the volumes of one disk; true when one was mounted at `/`. */
static bool try_disk(struct block_device *raw)
{
    struct block_device *dev = bcache_wrap(raw);
    static uint8_t s0[BLOCK_SECTOR];
    char why[96], what[24];
    struct mbr_part parts[MBR_PARTS];
    if (!dev)
        dev = raw; /* no heap for the cache: uncached still works */
    int rc = dev->read(dev, 0, 1, s0);
    if (rc < 0) {
        klog_write(TABULA_LOG_WARN, 0, "storage: %s: reading sector 0 failed (%d)", raw->name, rc);
        return false;
    }
    int n = mbr_parse(s0, raw->sectors, parts, why, sizeof why);
    if (n == 0)
        klog_write(TABULA_LOG_WARN, 0, "storage: %s: %s", raw->name, why);
    for (int i = 0; i < n; i++) {
        struct fat_volume *v;
        if (parts[i].index)
            snprintf(what, sizeof what, "%.12s partition %u", raw->name, parts[i].index);
        else
            snprintf(what, sizeof what, "%.12s", raw->name);
        rc = fat_mount(dev, parts[i].first, &v, why, sizeof why);
        if (rc < 0) {
            klog_write(TABULA_LOG_WARN, 0, "storage: %s: not mounted: %s", what, why);
            continue;
        }
        uint64_t total = 0, free = 0;
        fat_statfs(v, &total, &free);
        klog_write(TABULA_LOG_INFO, 0, "storage: %s mounted at / (%llu MiB, %llu MiB free%s)",
                   what, (unsigned long long)(total >> 20), (unsigned long long)(free >> 20),
                   fat_read_only(v) ? ", read-only" : "");
        vfs_mount_root(v, dev, what);
        clock_from(v);
        return true;
    }
    return false;
}

void storage_init(void)
{
    for (unsigned i = 0; i < ndisks; i++)
        if (try_disk(disks[i]))
            return;
    if (ndisks)
        klog_write(TABULA_LOG_WARN, 0, "storage: no FAT volume found; no files");
    else
        klog_write(TABULA_LOG_INFO, 0, "storage: no disk; no files");
}
