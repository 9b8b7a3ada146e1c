/*
 * block.h: a block device, as the FAT library sees one. The drivers
 * (virtio-blk, the Pi's SD card) implement it, the block cache is itself
 * one layered over a driver, and the host tests back one with a file, so
 * the file system never knows which it has.
 */
#ifndef BLOCK_H
#define BLOCK_H

#include <stdbool.h>
#include <stdint.h>

#define BLOCK_SECTOR 512u

struct block_device {
    const char *name;          /* "virtio-blk0", "sd0", "file" on the host */
    uint64_t sectors;          /* of BLOCK_SECTOR bytes */
    bool read_only;
    /* Each returns 0 or a negative TABULA_E* code; count >= 1; transfers may be large
     * (whole runs of clusters) and the driver splits them as its device needs. */
    int (*read)(struct block_device *dev, uint64_t lba, uint32_t count, void *buf);
    int (*write)(struct block_device *dev, uint64_t lba, uint32_t count, const void *buf);
    int (*flush)(struct block_device *dev);
    void *driver;              /* the driver's own state */
};

#endif
