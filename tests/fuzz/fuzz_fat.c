/*
 * fuzz_fat.c: the libFuzzer target for the FAT library (src/fat_*.c).
 * An input is a choice of base image (FAT12, FAT16 or FAT32, made by
 * mkfs.fat and mcopy: tests/fuzz/make_fat_seeds.sh) plus patches to its
 * metadata, so mutations land on boot sectors, FATs and directories
 * instead of being spread over megabytes of file data. The patched image
 * is mounted, walked (lookup, readdir, read) and, if it mounted writable,
 * changed (create, write, mkdir, rename, truncate, unlink), then
 * unmounted. Writes go to an overlay, never to the base image. Beyond
 * memory safety it checks that a refused mount says why and that reads
 * never return more than asked.
 *
 * Input: byte 0 picks the image; then patches of [offset: 3 bytes, taken
 * modulo the image's metadata size][length: 1 byte][bytes].
 */
#include "block.h"
#include "fat.h"
#include "tabula.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define OVERLAY_MAX 1024

struct base {
    uint8_t *data;
    size_t size;
    size_t meta;       /* where patches may land: the metadata and a bit more */
};

static struct base bases[3];
static unsigned nbases;

struct overlay {
    uint64_t lba;
    uint8_t data[BLOCK_SECTOR];
};
static struct overlay overlay[OVERLAY_MAX];
static unsigned noverlay;
static const struct base *cur;
/* Sector to overlay index + 1, open addressing: the device is the
 * harness's, so neither its time nor its branches should count. */
#define HASH_SLOTS 4096
static uint16_t hash[HASH_SLOTS];
#define HARNESS __attribute__((no_sanitize("coverage")))

int64_t fat_time_now(void) { return 1767225600; }
void *fat_alloc(size_t size) { return malloc(size ? size : 1); }
void fat_free(void *p) { free(p); }

static void expect(int cond)
{
    if (!cond)
        __builtin_trap();
}

HARNESS static struct overlay *find(uint64_t lba)
{
    for (unsigned h = (unsigned)(lba * 2654435761u) % HASH_SLOTS;; h = (h + 1) % HASH_SLOTS) {
        if (!hash[h])
            return 0;
        if (overlay[hash[h] - 1].lba == lba)
            return &overlay[hash[h] - 1];
    }
}

HARNESS static struct overlay *make(uint64_t lba)
{
    struct overlay *o = find(lba);
    unsigned h;

    if (o || noverlay == OVERLAY_MAX)
        return o;
    o = &overlay[noverlay++];
    o->lba = lba;
    memcpy(o->data, cur->data + lba * BLOCK_SECTOR, BLOCK_SECTOR);
    for (h = (unsigned)(lba * 2654435761u) % HASH_SLOTS; hash[h]; h = (h + 1) % HASH_SLOTS)
        ;
    hash[h] = (uint16_t)noverlay;
    return o;
}

HARNESS static void reset(void)
{
    for (unsigned i = 0; i < noverlay; i++) {
        unsigned h = (unsigned)(overlay[i].lba * 2654435761u) % HASH_SLOTS;

        while (hash[h])
            hash[h] = 0, h = (h + 1) % HASH_SLOTS;
    }
    noverlay = 0;
}

HARNESS static int dev_read(struct block_device *dev, uint64_t lba, uint32_t count, void *buf)
{
    expect(count >= 1);
    if (lba + count > dev->sectors)
        return -TABULA_EIO;
    /* Runs of sectors the overlay does not hold go in one copy: mount
     * reads a FAT32 table of hundreds of sectors at a time. */
    for (uint32_t i = 0; i < count;) {
        struct overlay *o = noverlay ? find(lba + i) : 0;
        uint32_t run = 1;

        if (o) {
            memcpy((uint8_t *)buf + (size_t)i * BLOCK_SECTOR, o->data, BLOCK_SECTOR);
        } else {
            while (i + run < count && !(noverlay && find(lba + i + run)))
                run++;
            memcpy((uint8_t *)buf + (size_t)i * BLOCK_SECTOR, cur->data + (lba + i) * BLOCK_SECTOR,
                   (size_t)run * BLOCK_SECTOR);
        }
        i += run;
    }
    return 0;
}

HARNESS static int dev_write(struct block_device *dev, uint64_t lba, uint32_t count, const void *buf)
{
    expect(count >= 1);
    if (lba + count > dev->sectors)
        return -TABULA_EIO;
    for (uint32_t i = 0; i < count; i++) {
        struct overlay *o = make(lba + i);

        if (!o)
            return -TABULA_EIO;   /* overlay full: a failing disk, also worth a test */
        memcpy(o->data, (const uint8_t *)buf + (size_t)i * BLOCK_SECTOR, BLOCK_SECTOR);
    }
    return 0;
}

static int dev_flush(struct block_device *dev) { return 0; }

static uint8_t *load(const char *path, size_t *size)
{
    FILE *f = fopen(path, "rb");
    uint8_t *p;
    long n;

    if (!f)
        return 0;
    fseek(f, 0, SEEK_END);
    n = ftell(f);
    fseek(f, 0, SEEK_SET);
    p = malloc((size_t)n);
    if (fread(p, 1, (size_t)n, f) != (size_t)n) {
        free(p);
        p = 0;
    }
    fclose(f);
    *size = (size_t)n;
    return p;
}

/* Where a volume's metadata ends: reserved sectors, FATs and the fixed
 * root, then 64 KiB of data (directories mcopy made come first). */
static size_t metadata_size(const uint8_t *b, size_t size)
{
    size_t bps = b[11] | b[12] << 8, fatsz = b[22] | b[23] << 8;
    size_t root = ((size_t)(b[17] | b[18] << 8) * 32 + bps - 1) / bps;
    size_t end;

    if (!fatsz)
        fatsz = (size_t)b[36] | (size_t)b[37] << 8 | (size_t)b[38] << 16;
    end = ((size_t)(b[14] | b[15] << 8) + b[16] * fatsz + root) * bps + 65536;
    return end < size ? end : size;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    static const char *names[] = {"fat12.img", "fat16.img", "fat32.img"};
    const char *dir = getenv("FUZZ_FAT_SEEDS");
    char path[512];

    for (unsigned i = 0; i < 3; i++) {
        snprintf(path, sizeof path, "%s/%s", dir ? dir : "build/fuzz/fat", names[i]);
        bases[nbases].data = load(path, &bases[nbases].size);
        if (!bases[nbases].data) {
            fprintf(stderr, "fuzz_fat: cannot read %s (set FUZZ_FAT_SEEDS)\n", path);
            exit(1);
        }
        bases[nbases].meta = metadata_size(bases[nbases].data, bases[nbases].size);
        nbases++;
    }
    return 0;
}

/* Per input: entries listed, and lookups (each may scan a directory a
 * damaged BPB makes 65,536 entries long, so they are few). */
static unsigned budget, lookups;

/* Lists directories and reads files below path, within the budgets. */
static void walk(struct fat_volume *v, const char *path, int depth)
{
    struct fat_file *d, *f;
    struct fat_dirent de;
    static uint8_t buf[9000];
    char sub[600];

    if (depth > 3 || !lookups || (lookups--, fat_open(v, path, FAT_O_DIR, &d) != 0))
        return;
    while (budget && fat_readdir(d, &de) == 1) {
        budget--;
        expect(strlen(de.name) < sizeof de.name && de.name[0]);
        if (!lookups)
            continue;
        snprintf(sub, sizeof sub, "%s/%s", depth ? path : "", de.name);
        if (de.st.is_dir) {
            walk(v, sub, depth + 1);
        } else if (lookups--, fat_open(v, sub, FAT_O_READ, &f) == 0) {
            struct fat_stat st;
            long n = fat_read(f, buf, sizeof buf);

            expect(n <= (long)sizeof buf);
            expect(fat_fstat(f, &st) == 0 && !st.is_dir);
            fat_seek(f, 1000, 0);
            fat_read(f, buf, 3000);
            fat_close(f);
        }
    }
    fat_close(d);
}

static void change(struct fat_volume *v)
{
    static uint8_t data[5000];
    struct fat_file *f;

    if (fat_mkdir(v, "/fuzz dir") == 0 &&
        fat_open(v, "/Fuzz Dir/A file with a long name.txt", FAT_O_WRITE | FAT_O_CREATE, &f) == 0) {
        fat_write(f, data, sizeof data);
        fat_truncate(f, 700);
        fat_close(f);
    }
    fat_rename(v, "/fuzz dir", "/moved");
    fat_unlink(v, "/moved/a file with a long name.txt");
    fat_rmdir(v, "/moved");
    if (fat_open(v, "/ONE.BIN", FAT_O_WRITE | FAT_O_APPEND, &f) == 0) {
        fat_write(f, data, 1000);
        fat_close(f);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *in, size_t len)
{
    struct block_device dev = {0};
    struct fat_volume *v;
    char why[128];
    size_t at = 1;
    int r;

    if (len < 1)
        return 0;
    cur = &bases[in[0] % nbases];
    reset();
    /* Patches are written in the overlay: the base stays pristine. */
    while (at + 4 <= len) {
        size_t off = ((size_t)in[at] | (size_t)in[at + 1] << 8 | (size_t)in[at + 2] << 16) % cur->meta;
        size_t n = in[at + 3];

        at += 4;
        if (n > len - at)
            n = len - at;
        for (size_t i = 0; i < n && off + i < cur->size; i++) {
            struct overlay *o = make((off + i) / BLOCK_SECTOR);

            if (o)
                o->data[(off + i) % BLOCK_SECTOR] = in[at + i];
        }
        at += n;
    }
    dev.name = "fuzz";
    dev.sectors = cur->size / BLOCK_SECTOR;
    dev.read = dev_read;
    dev.write = dev_write;
    dev.flush = dev_flush;
    r = fat_mount(&dev, 0, &v, why, sizeof why);
    if (r < 0) {
        expect(why[0] != 0 || r == -TABULA_EIO || r == -TABULA_ENOMEM);
        return 0;
    }
    budget = 24;
    lookups = 6;
    walk(v, "/", 0);
    {
        struct fat_stat st;
        uint64_t total, free_bytes;

        fat_stat(v, "/ONE.BIN", &st);
        fat_stat(v, "/sub/DEEPER/leaf.txt", &st);
        fat_statfs(v, &total, &free_bytes);
        expect(free_bytes <= total);
        fat_newest_time(v);
    }
    if (!fat_read_only(v))
        change(v);
    fat_unmount(v);
    return 0;
}
