/*
 * fat_int.h: what the FAT library's files share and nobody else sees: the
 * volume's geometry, the open-file nodes, and each file's internal calls.
 * On-disk layouts follow Microsoft's "FAT: General Overview of On-Disk
 * Format" (the FAT32 specification, 2000).
 */
#ifndef FAT_INT_H
#define FAT_INT_H

#include "fat.h"
#include "tabula.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define FAT_DIRENT 32u
#define FAT_ATTR_RO 0x01
#define FAT_ATTR_HIDDEN 0x02
#define FAT_ATTR_SYSTEM 0x04
#define FAT_ATTR_VOLID 0x08
#define FAT_ATTR_DIR 0x10
#define FAT_ATTR_ARCHIVE 0x20
#define FAT_ATTR_LFN 0x0f
#define FAT_LFN_CHARS 13u
#define FAT_NAME_MAX 255u
/* The specification caps a directory at 65,536 entries (2 MiB). */
#define FAT_DIR_MAX_ENTRIES 65536u
#define FAT_EOC 0x0fffffffu
#define FAT_WINDOW 16u

/* One file or directory that is open at least once: every handle on it
 * shares this, so sizes and first clusters stay coherent between handles. */
struct fat_node {
    struct fat_node *next;
    unsigned refs;
    uint32_t dir_start;      /* cluster of the parent directory; 0: fixed root */
    uint32_t dir_index;      /* index of the short entry in the parent */
    bool is_root;            /* the root directory itself (no entry) */
    bool is_dir;
    bool dirty;              /* size or first cluster changed since written */
    uint8_t attr;
    uint32_t first;          /* first cluster, 0 for none */
    /* Cluster indexes below contig are first + index: learned as walks
     * pass links n -> n + 1 from the first cluster (mcopy and our own
     * allocator write files so), cut back when the chain shrinks. A seek
     * into them reads no FAT; a walk past them starts at their end.
     * Here, in what was padding: a node 8 bytes bigger made open+close
     * 3.5% dearer (a bigger kmalloc, checked and junk-filled). */
    uint32_t contig;
    uint64_t size;
    int64_t mtime;
    /* The chain's length and last cluster, once walked (the first write
     * that grows the file, or a read reaching its end); gen changes when
     * the chain shrinks, so handles drop their cached position. */
    bool chain_known;
    uint32_t nclus;
    uint32_t last;
    uint32_t gen;
};

struct fat_file {
    struct fat_volume *v;
    struct fat_node *n;
    unsigned flags;
    uint64_t pos;            /* bytes, or entries for a directory */
    /* The last cluster reached, so sequential I/O walks no chain twice. */
    uint32_t cl_index;
    uint32_t cl_num;
    uint32_t gen;
    /* Brent's cycle finding along that walk: a cluster met again at
     * loop_mark is a loop (EIO) found within a few times its length. */
    uint32_t loop_mark;
    uint32_t loop_steps;
    uint32_t loop_span;
};

struct fat_volume {
    struct block_device *dev;
    uint64_t first;          /* device sector of the volume's sector 0 */
    unsigned type;           /* 12, 16 or 32 */
    uint32_t bps;            /* bytes per volume sector */
    uint32_t dev_per_sec;    /* device sectors per volume sector */
    uint32_t spc;            /* sectors per cluster */
    uint32_t cluster_bytes;
    uint32_t fat_start;      /* volume sectors */
    uint32_t fat_sectors;
    uint32_t nfats;
    uint32_t root_start;     /* FAT12/16 fixed root directory */
    uint32_t root_entries;
    uint32_t root_cluster;   /* FAT32 */
    uint32_t data_start;
    uint32_t nclusters;      /* valid clusters are 2 .. nclusters + 1 */
    uint32_t total_sectors;
    uint32_t fsinfo_sector;  /* 0 when there is none */
    uint32_t free_count;
    uint32_t next_free;
    bool fsinfo_dirty;
    bool ro;
    int64_t newest;
    struct fat_node *nodes;
    /* A window of FAT_WINDOW sectors of the FAT (so walking a long chain
     * costs one device read per window) and one directory sector are
     * cached here; the block cache under us keeps the rest. */
    uint8_t *fat_buf;
    uint32_t fat_buf_sec;    /* first volume sector of the window, or UINT32_MAX */
    uint32_t fat_buf_count;  /* sectors in the window */
    uint32_t fat_buf_dirty;  /* bit i: sector i of the window changed */
    uint8_t *sec_buf;
    uint32_t sec_buf_sec;
    uint8_t *bounce;         /* one volume sector for partial transfers */
    /* Where the last directory walk was, so scans are linear. */
    uint32_t dc_dir, dc_index, dc_cluster;
    /* Refuses a lookup through this directory (renaming a directory into
     * itself). */
    uint32_t lookup_avoid;
    /* Scratch for names: system calls run on the caller's stack, which
     * has 4 KiB for the whole call (NOTES.md, "Kernel stack bound"), so
     * nothing name-sized lives on it. The library is not re-entered on a
     * volume (the VFS holds its lock). */
    char name_buf[FAT_NAME_MAX * 3 + 1];
    uint16_t lfn_buf[20 * FAT_LFN_CHARS];
    uint16_t add_buf[FAT_NAME_MAX + 1];
};

/* fat_mount.c: sector I/O relative to the volume, checked against it. */
int fat_io_read(struct fat_volume *v, uint32_t sec, uint32_t count, void *buf);
int fat_io_write(struct fat_volume *v, uint32_t sec, uint32_t count, const void *buf);
int fat_sec_get(struct fat_volume *v, uint32_t sec, uint8_t **buf);
int fat_sec_put(struct fat_volume *v);
void fat_note_time(struct fat_volume *v, int64_t t);

/* fat_table.c: the allocation table. A cluster number is valid when it
 * is in 2 .. nclusters + 1; fat_get returns an entry (>= FAT_EOC's range
 * folded into FAT_EOC for every type). */
static inline bool fat_valid(const struct fat_volume *v, uint32_t c)
{
    return c >= 2 && c - 2 < v->nclusters;
}
static inline uint32_t fat_cluster_sector(const struct fat_volume *v, uint32_t c)
{
    return v->data_start + (c - 2) * v->spc;
}
int fat_get(struct fat_volume *v, uint32_t c, uint32_t *next);
int fat_set(struct fat_volume *v, uint32_t c, uint32_t value);
int fat_flush_table(struct fat_volume *v);
int fat_count_free(struct fat_volume *v, uint32_t *free_count);
int fat_next(struct fat_volume *v, uint32_t c, uint32_t *next);
int fat_chain_nth(struct fat_volume *v, uint32_t first, uint32_t n, uint32_t *out);
int fat_alloc_chain(struct fat_volume *v, uint32_t after, uint32_t count, uint32_t *first);
int fat_free_chain(struct fat_volume *v, uint32_t first);
int fat_truncate_chain(struct fat_volume *v, uint32_t first, uint32_t keep);
int fat_zero_cluster(struct fat_volume *v, uint32_t c);

/* fat_dir.c: directory entries. A directory is named by its first
 * cluster, 0 meaning the FAT12/16 fixed root. */
struct fat_entry {
    uint8_t raw[FAT_DIRENT];     /* the short entry */
    /* UTF-8, the long name else the short: in the volume's name_buf, so
     * good until the next fat_dir_next on the volume. */
    const char *name;
    uint32_t index;              /* of the short entry */
    uint32_t lfn_first;          /* index of its first long entry */
    uint32_t lfn_count;
};
int fat_dir_get(struct fat_volume *v, uint32_t dir, uint32_t index, uint8_t **ent);
int fat_dir_next(struct fat_volume *v, uint32_t dir, uint32_t *index, struct fat_entry *e);
int fat_dir_find(struct fat_volume *v, uint32_t dir, const char *name, size_t len,
                 struct fat_entry *e);
int fat_dir_add(struct fat_volume *v, uint32_t dir, const char *name, size_t len,
                const uint8_t *proto, uint32_t *index);
int fat_dir_remove(struct fat_volume *v, uint32_t dir, const struct fat_entry *e);
int fat_dir_empty(struct fat_volume *v, uint32_t dir);
uint32_t fat_entry_first(const struct fat_volume *v, const uint8_t *raw);
void fat_entry_set_first(const struct fat_volume *v, uint8_t *raw, uint32_t c);
void fat_entry_stat(const uint8_t *raw, struct fat_stat *st);
void fat_time_pack(int64_t t, uint16_t *date, uint16_t *time);
int64_t fat_time_unpack(uint16_t date, uint16_t time);
bool fat_name_ok(const char *name, size_t len);
void fat_short_name(const uint8_t *raw, char *out);

/* fat_file.c: writes a node's size, first cluster and time to its entry. */
int fat_node_write(struct fat_volume *v, struct fat_node *n);

/* fat_path.c: a new entry with the time now. */
int fat_create_entry(struct fat_volume *v, uint32_t dir, const char *name, size_t len,
                     uint8_t attr, uint32_t first, uint32_t *index);

/* fat_path.c */
int fat_lookup(struct fat_volume *v, const char *path, bool parent,
               uint32_t *dir, struct fat_entry *e, const char **leaf, size_t *leaflen);

/* Little-endian fields. */
static inline uint16_t fat_le16(const uint8_t *p) { return (uint16_t)(p[0] | p[1] << 8); }
static inline uint32_t fat_le32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}
static inline void fat_put16(uint8_t *p, uint16_t x) { p[0] = (uint8_t)x; p[1] = (uint8_t)(x >> 8); }
static inline void fat_put32(uint8_t *p, uint32_t x)
{
    p[0] = (uint8_t)x; p[1] = (uint8_t)(x >> 8); p[2] = (uint8_t)(x >> 16); p[3] = (uint8_t)(x >> 24);
}

#endif
