/*
 * fat_mount.c: the boot sector, the BIOS parameter block and FSInfo, and
 * the volume's sector I/O. Every BPB field is checked before it is used:
 * the volume may be a stranger's SD card or a fuzzer's invention. What
 * cannot be trusted but can be worked around (a wrong FSInfo count, a
 * volume larger than its device) mounts with a note in `why`, read-only
 * when writing could spread the damage.
 */
#include "fat_int.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define FSI_LEAD 0x41615252u
#define FSI_STRUC 0x61417272u
#define FSI_TRAIL 0xaa550000u
#define FSI_UNKNOWN 0xffffffffu

static void say(char *why, size_t whylen, const char *fmt, ...)
{
    va_list ap;

    if (!why || !whylen)
        return;
    va_start(ap, fmt);
    vsnprintf(why, whylen, fmt, ap);
    va_end(ap);
}

/* Adds a note after what is already in why (mount may find two things). */
static void note(char *why, size_t whylen, const char *what)
{
    size_t n;

    if (!why || !whylen)
        return;
    n = strlen(why);
    if (n && n + 2 < whylen) {
        why[n++] = ';';
        why[n++] = ' ';
        why[n] = 0;
    }
    snprintf(why + n, whylen - n, "%s", what);
}

int fat_io_read(struct fat_volume *v, uint32_t sec, uint32_t count, void *buf)
{
    uint64_t lba = v->first + (uint64_t)sec * v->dev_per_sec;
    uint64_t n = (uint64_t)count * v->dev_per_sec;

    if (!count)
        return 0;
    if ((uint64_t)sec + count > v->total_sectors || lba + n > v->dev->sectors || n > UINT32_MAX)
        return -TABULA_EIO;
    return v->dev->read(v->dev, lba, (uint32_t)n, buf);
}

int fat_io_write(struct fat_volume *v, uint32_t sec, uint32_t count, const void *buf)
{
    uint64_t lba = v->first + (uint64_t)sec * v->dev_per_sec;
    uint64_t n = (uint64_t)count * v->dev_per_sec;

    if (!count)
        return 0;
    if (v->ro)
        return -TABULA_EROFS;
    if ((uint64_t)sec + count > v->total_sectors || lba + n > v->dev->sectors || n > UINT32_MAX)
        return -TABULA_EIO;
    /* Data written straight to the device may land on a sector the caches
     * hold (a freed directory cluster reused for a file). */
    if (v->sec_buf_sec >= sec && v->sec_buf_sec - sec < count)
        v->sec_buf_sec = UINT32_MAX;
    return v->dev->write(v->dev, lba, (uint32_t)n, buf);
}

int fat_sec_get(struct fat_volume *v, uint32_t sec, uint8_t **buf)
{
    if (v->sec_buf_sec != sec) {
        int r = fat_io_read(v, sec, 1, v->sec_buf);

        if (r < 0) {
            v->sec_buf_sec = UINT32_MAX;
            return r;
        }
        v->sec_buf_sec = sec;
    }
    *buf = v->sec_buf;
    return 0;
}

/* Writes back the sector fat_sec_get last returned. */
int fat_sec_put(struct fat_volume *v)
{
    uint32_t sec = v->sec_buf_sec;
    int r;

    if (sec == UINT32_MAX)
        return -TABULA_EIO;
    r = fat_io_write(v, sec, 1, v->sec_buf);
    v->sec_buf_sec = sec;
    return r;
}

void fat_note_time(struct fat_volume *v, int64_t t)
{
    if (t > v->newest)
        v->newest = t;
}

static bool pow2(uint32_t x) { return x && !(x & (x - 1)); }

/* Checks the BPB and fills in the geometry; 0 or -TABULA_EINVAL with why. */
static int parse_bpb(struct fat_volume *v, const uint8_t *b, char *why, size_t whylen)
{
    uint32_t bps = fat_le16(b + 11), spc = b[13], reserved = fat_le16(b + 14);
    uint32_t nfats = b[16], root_entries = fat_le16(b + 17);
    uint32_t total = fat_le16(b + 19) ? fat_le16(b + 19) : fat_le32(b + 32);
    uint32_t fatsz = fat_le16(b + 22) ? fat_le16(b + 22) : fat_le32(b + 36);
    uint64_t root_sectors, data_start, need_bits;
    uint32_t count;

    if (fat_le16(b + 510) != 0xaa55) {
        say(why, whylen, "boot sector has no 55 AA signature");
        return -TABULA_EINVAL;
    }
    if (b[0] != 0xeb && b[0] != 0xe9) {
        say(why, whylen, "boot sector does not start with a jump (%02x)", b[0]);
        return -TABULA_EINVAL;
    }
    if (!pow2(bps) || bps < 512 || bps > 4096) {
        say(why, whylen, "bytes per sector %u is not 512, 1024, 2048 or 4096", bps);
        return -TABULA_EINVAL;
    }
    if (!pow2(spc) || spc * bps > 65536) {
        say(why, whylen, "sectors per cluster %u is not a power of two up to 64 KiB", spc);
        return -TABULA_EINVAL;
    }
    if (!reserved || !nfats || !fatsz || !total) {
        say(why, whylen, "BPB has zero %s", !reserved ? "reserved sectors" : !nfats ? "FATs"
                                            : !fatsz ? "FAT size" : "total sectors");
        return -TABULA_EINVAL;
    }
    root_sectors = ((uint64_t)root_entries * FAT_DIRENT + bps - 1) / bps;
    data_start = reserved + (uint64_t)nfats * fatsz + root_sectors;
    if (data_start >= total) {
        say(why, whylen, "FATs and root directory (%llu sectors) fill the whole volume (%u)",
            (unsigned long long)data_start, total);
        return -TABULA_EINVAL;
    }
    count = (total - (uint32_t)data_start) / spc;
    v->type = count < 4085 ? 12 : count < 65525 ? 16 : 32;
    if (v->type == 32 && (root_entries || fat_le16(b + 22))) {
        say(why, whylen, "FAT32 volume (%u clusters) with a FAT16 root directory or FAT size", count);
        return -TABULA_EINVAL;
    }
    if (v->type != 32 && !root_entries) {
        say(why, whylen, "FAT%u volume without root directory entries", v->type);
        return -TABULA_EINVAL;
    }
    need_bits = ((uint64_t)count + 2) * (v->type == 12 ? 12 : v->type);
    if ((uint64_t)fatsz * bps * 8 < need_bits) {
        say(why, whylen, "FAT of %u sectors is too small for %u clusters", fatsz, count);
        return -TABULA_EINVAL;
    }
    if (count > 0x0ffffff5u - 2) {
        say(why, whylen, "%u clusters is more than FAT32 can number", count);
        return -TABULA_EINVAL;
    }
    v->bps = bps;
    v->dev_per_sec = bps / BLOCK_SECTOR;
    v->spc = spc;
    v->cluster_bytes = spc * bps;
    v->fat_start = reserved;
    v->fat_sectors = fatsz;
    v->nfats = nfats;
    v->root_start = reserved + nfats * fatsz;
    v->root_entries = root_entries;
    v->data_start = (uint32_t)data_start;
    v->nclusters = count;
    v->total_sectors = total;
    if (v->type == 32) {
        if (fat_le16(b + 42)) {
            /* The specification: a driver must not mount a newer version. */
            say(why, whylen, "FAT32 version %u.%u is newer than 0.0", b[43], b[42]);
            return -TABULA_EINVAL;
        }
        if (b[40] & 0x80) {
            /* Mirroring off: only the active FAT counts, and only it is
             * written. */
            uint32_t active = b[40] & 0x0f;

            if (active >= nfats) {
                say(why, whylen, "active FAT %u of %u FATs", active, nfats);
                return -TABULA_EINVAL;
            }
            v->fat_start = reserved + active * fatsz;
            v->nfats = 1;
        }
        v->root_cluster = fat_le32(b + 44);
        if (!fat_valid(v, v->root_cluster)) {
            say(why, whylen, "root directory cluster %u is outside the volume", v->root_cluster);
            return -TABULA_EINVAL;
        }
        v->fsinfo_sector = fat_le16(b + 48);
        if (v->fsinfo_sector == 0 || v->fsinfo_sector >= reserved)
            v->fsinfo_sector = 0;
    }
    return 0;
}

/* Walks the FAT32 root directory's chain, which every lookup starts on. */
static int check_root_chain(struct fat_volume *v)
{
    uint32_t c = v->root_cluster, steps = 0;

    while (c) {
        int r = fat_next(v, c, &c);

        if (r < 0)
            return r;
        if (++steps > v->nclusters)
            return -TABULA_EIO;
    }
    return 0;
}

static void volume_free(struct fat_volume *v)
{
    fat_free(v->fat_buf);
    fat_free(v->sec_buf);
    fat_free(v->bounce);
    fat_free(v);
}

int fat_mount(struct block_device *dev, uint64_t first, struct fat_volume **out,
              char *why, size_t whylen)
{
    struct fat_volume *v;
    uint8_t *b;
    uint32_t counted;
    int r;

    if (why && whylen)
        why[0] = 0;
    *out = 0;
    if (!dev || first >= dev->sectors) {
        say(why, whylen, "volume starts past the end of the device");
        return -TABULA_EINVAL;
    }
    v = fat_alloc(sizeof *v);
    if (!v)
        return -TABULA_ENOMEM;
    memset(v, 0, sizeof *v);
    v->dev = dev;
    v->first = first;
    v->sec_buf = fat_alloc(4096);
    v->bounce = fat_alloc(4096);
    v->fat_buf_sec = v->sec_buf_sec = UINT32_MAX;
    v->dc_dir = UINT32_MAX;
    v->lookup_avoid = UINT32_MAX;
    if (!v->sec_buf || !v->bounce) {
        volume_free(v);
        return -TABULA_ENOMEM;
    }
    b = v->bounce;
    r = dev->read(dev, first, 1, b);
    if (r < 0) {
        say(why, whylen, "cannot read the boot sector (error %d)", r);
        volume_free(v);
        return r;
    }
    r = parse_bpb(v, b, why, whylen);
    if (r < 0) {
        volume_free(v);
        return r;
    }
    v->fat_buf = fat_alloc((size_t)FAT_WINDOW * v->bps);
    if (!v->fat_buf) {
        volume_free(v);
        return -TABULA_ENOMEM;
    }
    v->ro = dev->read_only;
    if (first + (uint64_t)v->total_sectors * v->dev_per_sec > dev->sectors) {
        /* Clusters past the device's end cannot be read: only what lies
         * before them is safe, and only for reading. */
        note(why, whylen, "volume is larger than its device: mounted read-only");
        v->ro = true;
        v->total_sectors = (uint32_t)((dev->sectors - first) / v->dev_per_sec);
        if (v->total_sectors <= v->data_start) {
            say(why, whylen, "device ends before the volume's data area");
            volume_free(v);
            return -TABULA_EINVAL;
        }
    }
    if (v->type == 32) {
        r = check_root_chain(v);
        if (r < 0) {
            say(why, whylen, "cluster chain of / %s", r == -TABULA_EIO ? "loops or leaves the volume"
                                                                      : "cannot be read");
            volume_free(v);
            return r == -TABULA_EIO ? -TABULA_EINVAL : r;
        }
    }
    r = fat_count_free(v, &counted);
    if (r < 0) {
        say(why, whylen, "cannot read the FAT (error %d)", r);
        volume_free(v);
        return r;
    }
    v->free_count = counted;
    v->next_free = 2;
    if (v->fsinfo_sector) {
        r = fat_io_read(v, v->fsinfo_sector, 1, b);
        if (r == 0 && fat_le32(b) == FSI_LEAD && fat_le32(b + 484) == FSI_STRUC &&
            fat_le32(b + 508) == FSI_TRAIL) {
            uint32_t fsi_free = fat_le32(b + 488), hint = fat_le32(b + 492);

            if (fsi_free != counted) {
                char msg[96];

                snprintf(msg, sizeof msg, "FSInfo free count %u was wrong (%u free): recomputed",
                         fsi_free, counted);
                note(why, whylen, msg);
                v->fsinfo_dirty = true;
            }
            if (fat_valid(v, hint))
                v->next_free = hint;
        } else {
            note(why, whylen, "FSInfo sector has bad signatures: ignored");
            v->fsinfo_sector = 0;
        }
    }
    *out = v;
    return 0;
}

static int write_fsinfo(struct fat_volume *v)
{
    uint8_t *b = v->bounce;
    int r;

    if (!v->fsinfo_sector || !v->fsinfo_dirty || v->ro)
        return 0;
    r = fat_io_read(v, v->fsinfo_sector, 1, b);
    if (r < 0)
        return r;
    fat_put32(b + 488, v->free_count);
    fat_put32(b + 492, v->next_free);
    r = fat_io_write(v, v->fsinfo_sector, 1, b);
    if (r == 0)
        v->fsinfo_dirty = false;
    return r;
}

int fat_sync(struct fat_volume *v)
{
    int r = 0, r2;

    if (v->ro)
        return 0;
    for (struct fat_node *n = v->nodes; n; n = n->next) {
        r2 = fat_node_write(v, n);
        if (r2 < 0 && !r)
            r = r2;
    }
    r2 = fat_flush_table(v);
    if (r2 < 0 && !r)
        r = r2;
    r2 = write_fsinfo(v);
    if (r2 < 0 && !r)
        r = r2;
    if (v->dev->flush) {
        r2 = v->dev->flush(v->dev);
        if (r2 < 0 && !r)
            r = r2;
    }
    return r;
}

int fat_unmount(struct fat_volume *v)
{
    int r;

    if (!v)
        return -TABULA_EINVAL;
    r = fat_sync(v);
    while (v->nodes) {
        struct fat_node *n = v->nodes;

        v->nodes = n->next;
        fat_free(n);
    }
    volume_free(v);
    return r;
}

bool fat_read_only(const struct fat_volume *v)
{
    return v->ro;
}

int fat_statfs(struct fat_volume *v, uint64_t *total_bytes, uint64_t *free_bytes)
{
    if (total_bytes)
        *total_bytes = (uint64_t)v->nclusters * v->cluster_bytes;
    if (free_bytes)
        *free_bytes = (uint64_t)v->free_count * v->cluster_bytes;
    return 0;
}
