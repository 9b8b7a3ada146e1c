/*
 * storage.h: the disks the drivers found, and the volume mounted at `/`.
 */
#ifndef STORAGE_H
#define STORAGE_H

#include "block.h"

/* A driver hands over a disk it has brought up. */
void storage_add_disk(struct block_device *dev);

/* Looks for a FAT volume on the disks, in the order they were found, and
 * mounts the first at `/`; logs what it found. On a machine with no
 * clock, the date is taken from the volume's newest file. */
void storage_init(void);

#endif
