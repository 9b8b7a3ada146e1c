/*
 * mbr.h: the MBR partition table, or its absence (a bare FAT volume
 * starting at sector 0, as mkfs.fat makes without a partition tool).
 */
#ifndef MBR_H
#define MBR_H

#include <stdint.h>

#define MBR_PARTS 4

struct mbr_part {
    unsigned index;       /* 1..4; 0 for a bare volume */
    uint8_t type;         /* the partition type byte; 0 for a bare volume */
    uint64_t first, sectors;
};

/* Reads sector 0 (512 bytes in s0) of a disk of `sectors` sectors: the
 * FAT partitions it lists, in table order, or one bare volume. Returns
 * how many were found; 0 when there is no FAT there at all, with a
 * reason in why. */
int mbr_parse(const uint8_t *s0, uint64_t sectors, struct mbr_part out[MBR_PARTS],
              char *why, unsigned whylen);

#endif
