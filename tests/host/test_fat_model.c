/*
 * test_fat_model.c: a randomized model test of the FAT library. Ten
 * thousand operations (create, write at random offsets, read, truncate,
 * rename, unlink, stat, readdir, remount) run against the library and an
 * in-memory model of what each file must hold; every read and listing is
 * compared with the model. At the end fsck.fat -n must find the volume
 * clean and mtools must read the files as the model has them.
 */
#include "check.h"
#include "fat.h"
#include "fat_host.h"
#include "tabula.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FILES 24
#define MAX_SIZE (160 * 1024)

static const char *dirs[] = {"", "/sub", "/sub/Deeper Dir"};

struct model_file {
    char path[128];
    uint8_t *data;
    size_t size;
    bool exists;
};

static struct model_file files[FILES];
static uint64_t rng;
static char img[256];

static unsigned pick(unsigned n) { return (unsigned)(check_random(&rng) % n); }

/* The path with its leaf's case scrambled: lookups ignore case. */
static const char *variant(const char *path)
{
    static char out[128];
    const char *leaf = strrchr(path, '/');

    strcpy(out, path);
    for (char *p = out + (leaf - path) + 1; *p; p++)
        if (pick(3) == 0)
            *p = (char)(isupper((unsigned char)*p) ? tolower((unsigned char)*p)
                                                    : toupper((unsigned char)*p));
    return out;
}

static void verify_file(struct fat_volume *v, struct model_file *m)
{
    struct fat_file *f;
    struct fat_stat st;
    uint8_t *buf;

    if (!m->exists) {
        CHECK_EQ(fat_stat(v, m->path, &st), -TABULA_ENOENT);
        return;
    }
    CHECK_EQ(fat_open(v, variant(m->path), FAT_O_READ, &f), 0);
    if (!f)
        return;
    buf = malloc(m->size + 1);
    CHECK_EQ(fat_read(f, buf, m->size + 1), (long)m->size);
    CHECK(m->size == 0 || memcmp(buf, m->data, m->size) == 0);
    CHECK_EQ(fat_fstat(f, &st), 0);
    CHECK_EQ(st.size, m->size);
    free(buf);
    fat_close(f);
}

static void verify_dir(struct fat_volume *v, const char *dir)
{
    struct fat_file *d;
    struct fat_dirent de;
    int listed = 0, expected = 0;

    CHECK_EQ(fat_open(v, dir[0] ? dir : "/", FAT_O_DIR, &d), 0);
    if (!d)
        return;
    while (fat_readdir(d, &de) == 1) {
        char path[400];
        bool known = false;

        snprintf(path, sizeof path, "%s/%s", dir, de.name);
        for (int i = 0; i < FILES; i++)
            if (files[i].exists && !strcmp(files[i].path, path)) {
                known = true;
                CHECK_EQ(de.st.size, files[i].size);
            }
        if (!de.st.is_dir) {
            if (!known)
                printf("  unexpected entry %s\n", path);
            CHECK(known);
            listed++;
        }
    }
    fat_close(d);
    for (int i = 0; i < FILES; i++) {
        const char *slash = strrchr(files[i].path, '/');

        if (files[i].exists && (size_t)(slash - files[i].path) == strlen(dir) &&
            !strncmp(files[i].path, dir, strlen(dir)))
            expected++;
    }
    CHECK_EQ(listed, expected);
}

static void op_write(struct fat_volume *v, struct model_file *m)
{
    struct fat_file *f;
    size_t off = m->exists ? pick((unsigned)m->size + 2000) : 0;
    size_t len = pick(4) == 0 ? pick(20000) : pick(1100);
    uint8_t *data;

    if (off + len > MAX_SIZE)
        return;
    /* A new file takes the case it is created with: the canonical one. */
    CHECK_EQ(fat_open(v, m->exists ? variant(m->path) : m->path, FAT_O_WRITE | FAT_O_CREATE, &f), 0);
    if (!f)
        return;
    data = malloc(len + 1);
    for (size_t i = 0; i < len; i++)
        data[i] = (uint8_t)check_random(&rng);
    CHECK_EQ(fat_seek(f, (int64_t)off, 0), (int64_t)off);
    CHECK_EQ(fat_write(f, data, len), (long)len);
    if (!m->exists) {
        m->exists = true;
        m->size = 0;
    }
    /* Writing nothing changes nothing, even past the end. */
    if (len && off + len > m->size) {
        m->data = realloc(m->data, off + len);
        memset(m->data + m->size, 0, off + len - m->size);
        m->size = off + len;
    }
    if (len)
        memcpy(m->data + off, data, len);
    free(data);
    CHECK_EQ(fat_close(f), 0);
}

static void op_read(struct fat_volume *v, struct model_file *m)
{
    struct fat_file *f;
    size_t off, len, want;
    uint8_t *buf;

    if (!m->exists) {
        CHECK_EQ(fat_open(v, m->path, FAT_O_READ, &f), -TABULA_ENOENT);
        return;
    }
    off = pick((unsigned)m->size + 10);
    len = pick(30000);
    CHECK_EQ(fat_open(v, variant(m->path), FAT_O_READ, &f), 0);
    if (!f)
        return;
    buf = malloc(len + 1);
    want = off >= m->size ? 0 : m->size - off < len ? m->size - off : len;
    CHECK_EQ(fat_seek(f, (int64_t)off, 0), (int64_t)off);
    CHECK_EQ(fat_read(f, buf, len), (long)want);
    CHECK(want == 0 || memcmp(buf, m->data + off, want) == 0);
    free(buf);
    fat_close(f);
}

static void op_truncate(struct fat_volume *v, struct model_file *m)
{
    struct fat_file *f;
    size_t size = pick((unsigned)m->size * 2 + 3000);

    if (!m->exists || size > MAX_SIZE)
        return;
    CHECK_EQ(fat_open(v, m->path, FAT_O_WRITE, &f), 0);
    if (!f)
        return;
    CHECK_EQ(fat_truncate(f, size), 0);
    if (size > m->size) {
        m->data = realloc(m->data, size);
        memset(m->data + m->size, 0, size - m->size);
    }
    m->size = size;
    fat_close(f);
}

static void op_rename(struct fat_volume *v, struct model_file *a, struct model_file *b)
{
    if (a == b)
        return;
    if (!a->exists) {
        CHECK_EQ(fat_rename(v, a->path, b->path), -TABULA_ENOENT);
        return;
    }
    CHECK_EQ(fat_rename(v, variant(a->path), b->path), 0);
    free(b->data);
    b->data = a->data;
    b->size = a->size;
    b->exists = true;
    a->data = 0;
    a->size = 0;
    a->exists = false;
}

static void op_unlink(struct fat_volume *v, struct model_file *m)
{
    CHECK_EQ(fat_unlink(v, variant(m->path)), m->exists ? 0 : -TABULA_ENOENT);
    m->exists = false;
    m->size = 0;
}

static struct fat_volume *remount(struct mem_disk *d, struct fat_volume *v)
{
    char why[160];

    if (v)
        CHECK_EQ(fat_unmount(v), 0);
    v = 0;
    CHECK_EQ(fat_mount(&d->dev, 0, &v, why, sizeof why), 0);
    CHECK_EQ(why[0], 0);    /* FSInfo kept right all along */
    return v;
}

static void run_model(int type, unsigned kib, const char *opts, int ops, uint64_t seed)
{
    struct mem_disk *d;
    struct fat_volume *v;
    int counts[8] = {0};

    rng = seed;
    snprintf(img, sizeof img, "%s/model.img", fat_tmp());
    remove(img);
    CHECK_EQ(fat_sh("mkfs.fat -C -F %d %s %s %u >/dev/null", type, opts, img, kib), 0);
    d = mem_disk_load(img);
    if (!d)
        return;
    v = remount(d, 0);
    CHECK_EQ(fat_mkdir(v, "/sub"), 0);
    CHECK_EQ(fat_mkdir(v, "/sub/Deeper Dir"), 0);
    for (int i = 0; i < FILES; i++) {
        free(files[i].data);
        memset(&files[i], 0, sizeof files[i]);
        if (i % 2)
            snprintf(files[i].path, sizeof files[i].path, "%s/FILE%02d.TXT", dirs[i % 3], i);
        else
            snprintf(files[i].path, sizeof files[i].path, "%s/A longer name, number %02d.data",
                     dirs[i % 3], i);
    }
    for (int n = 0; n < ops && v; n++) {
        struct model_file *m = &files[pick(FILES)];
        unsigned op = pick(100);

        if (op < 35)
            op_write(v, m), counts[0]++;
        else if (op < 60)
            op_read(v, m), counts[1]++;
        else if (op < 70)
            op_truncate(v, m), counts[2]++;
        else if (op < 78)
            op_rename(v, m, &files[pick(FILES)]), counts[3]++;
        else if (op < 86)
            op_unlink(v, m), counts[4]++;
        else if (op < 94)
            verify_file(v, m), counts[5]++;
        else if (op < 99)
            verify_dir(v, dirs[pick(3)]), counts[6]++;
        else
            v = remount(d, v), counts[7]++;
    }
    printf("  FAT%d: %d ops: %d writes, %d reads, %d truncates, %d renames, %d unlinks, "
           "%d checks, %d listings, %d remounts\n", type, ops, counts[0], counts[1], counts[2],
           counts[3], counts[4], counts[5], counts[6], counts[7]);
    v = remount(d, v);
    for (int i = 0; i < FILES; i++)
        verify_file(v, &files[i]);
    for (int i = 0; i < 3; i++)
        verify_dir(v, dirs[i]);
    CHECK_EQ(fat_unmount(v), 0);
    CHECK_EQ(mem_disk_save(d, img), 0);
    CHECK_EQ(fat_sh("fsck.fat -n %s >%s/fsck.log 2>&1 || { cat %s/fsck.log; exit 1; }", img,
                    fat_tmp(), fat_tmp()), 0);
    /* mtools agrees on every file's bytes. */
    for (int i = 0; i < FILES; i++) {
        char out[300];
        size_t len;
        uint8_t *back;

        if (!files[i].exists)
            continue;
        snprintf(out, sizeof out, "%s/out", fat_tmp());
        remove(out);
        CHECK_EQ(fat_sh("mcopy -n -i %s '::%s' %s", img, files[i].path, out), 0);
        back = check_read_file(out, &len);
        CHECK(back && len == files[i].size && (!len || !memcmp(back, files[i].data, len)));
        free(back);
    }
    mem_disk_free(d);
    for (int i = 0; i < FILES; i++) {
        free(files[i].data);
        files[i].data = 0;
    }
    fat_tmp_done();
}

TEST(fat32_model_6000_ops) { run_model(32, 34 * 1024, "-s 1", 6000, 11); }
TEST(fat16_model_4000_ops) { run_model(16, 16 * 1024, "-s 8", 4000, 12); }
