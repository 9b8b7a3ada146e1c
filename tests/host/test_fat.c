/*
 * test_fat.c: the FAT library against real images: made by mkfs.fat,
 * filled by mcopy and read back here, or written here and read back by
 * mtools and checked by fsck.fat; then damaged images and the calls' errors.
 */
#include "check.h"
#include "fat.h"
#include "fat_host.h"
#include "tabula.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define MIB (1024u * 1024u)
#define BIG (16u * MIB)

static char img[256], srcdir[256];

/* A fresh image: type 12, 16 or 32, size in KiB, extra mkfs.fat options. */
static void make_image(int type, unsigned kib, const char *opts)
{
    snprintf(img, sizeof img, "%s/disk.img", fat_tmp());
    remove(img);
    CHECK_EQ(fat_sh("mkfs.fat -C -F %d %s %s %u >/dev/null", type, opts, img, kib), 0);
}

static uint8_t *pattern(size_t len, uint64_t seed)
{
    uint8_t *p = malloc(len ? len : 1);

    for (size_t i = 0; i < len; i += 8) {
        uint64_t x = check_random(&seed);

        memcpy(p + i, &x, len - i < 8 ? len - i : 8);
    }
    return p;
}

static void put_host_file(const char *rel, size_t len, uint64_t seed)
{
    char path[1024];
    uint8_t *p = pattern(len, seed);

    snprintf(path, sizeof path, "%s/%s", srcdir, rel);
    CHECK_EQ(check_write_file(path, p, len), 0);
    free(p);
}

static struct fat_volume *mount_disk(struct mem_disk *d)
{
    struct fat_volume *v = 0;
    char why[160];
    int r = fat_mount(&d->dev, 0, &v, why, sizeof why);

    if (r != 0)
        printf("  mount: %d %s\n", r, why);
    CHECK_EQ(r, 0);
    return v;
}

/* The whole file through the library, in one read; NULL on error. */
static uint8_t *fat_slurp(struct fat_volume *v, const char *path, size_t *len)
{
    struct fat_file *f;
    struct fat_stat st;
    uint8_t *buf;

    *len = 0;
    if (fat_open(v, path, FAT_O_READ, &f) != 0)
        return NULL;
    CHECK_EQ(fat_fstat(f, &st), 0);
    buf = malloc(st.size ? st.size : 1);
    CHECK_EQ(fat_read(f, buf, st.size + 10), (long)st.size);
    CHECK_EQ(fat_read(f, buf, 1), 0);
    CHECK_EQ(fat_close(f), 0);
    *len = st.size;
    return buf;
}

static void fat_put(struct fat_volume *v, const char *path, const uint8_t *data, size_t len)
{
    struct fat_file *f;

    CHECK_EQ(fat_open(v, path, FAT_O_WRITE | FAT_O_CREATE | FAT_O_TRUNC, &f), 0);
    if (!f)
        return;
    /* In uneven pieces, so partial sectors and clusters are crossed. */
    for (size_t at = 0; at < len;) {
        size_t n = len - at < 70001 ? len - at : 70001;

        CHECK_EQ(fat_write(f, data + at, n), (long)n);
        at += n;
    }
    CHECK_EQ(fat_close(f), 0);
}

static void same_as_host(struct fat_volume *v, const char *path, const char *rel)
{
    char hp[1024];
    size_t hl, fl;
    uint8_t *h, *b;

    snprintf(hp, sizeof hp, "%s/%s", srcdir, rel);
    h = check_read_file(hp, &hl);
    b = fat_slurp(v, path, &fl);
    CHECK(h && b);
    if (h && b) {
        CHECK_EQ(fl, hl);
        CHECK(fl == hl && memcmp(h, b, hl) == 0);
    }
    free(h);
    free(b);
}

static const char *long_names[] = {
    "A rather long file name with spaces.txt",
    "Gr\xc3\xbc\xc3\x9f" "e aus K\xc3\xb6ln.txt",
    "\xd0\x9f\xd1\x80\xd0\xb8\xd0\xb2\xd0\xb5\xd1\x82 \xe2\x98\x83 snow.dat",
    "lower.txt",
    "Mixed.Case.Many.Dots.tar.gz",
};

static void make_source_tree(void)
{
    char p[2048];
    char longest[256];

    snprintf(srcdir, sizeof srcdir, "%s/src", fat_tmp());
    fat_sh("rm -rf %s && mkdir -p %s/many %s/deep", srcdir, srcdir, srcdir);
    put_host_file("empty", 0, 1);
    put_host_file("one.bin", 512, 2);
    put_host_file("over.bin", 513, 3);
    put_host_file("big.bin", BIG, 4);
    for (unsigned i = 0; i < sizeof long_names / sizeof long_names[0]; i++)
        put_host_file(long_names[i], 100 + i * 1000, 10 + i);
    memset(longest, 'n', 120);
    memcpy(longest + 120, ".txt", 5);
    put_host_file(longest, 77, 20);
    strcpy(p, "deep");
    for (int i = 0; i < 12; i++) {
        size_t n = strlen(p);

        snprintf(p + n, sizeof p - n, "/level %d", i);
        fat_sh("mkdir -p '%s/%s'", srcdir, p);
    }
    strcat(p, "/leaf.txt");
    put_host_file(p, 3000, 30);
    for (int i = 0; i < 1000; i++) {
        snprintf(p, sizeof p, "many/%04d file with a long name.txt", i);
        put_host_file(p, (size_t)i % 700, 100 + (uint64_t)i);
    }
}

TEST(fat32_reads_what_mtools_wrote)
{
    struct mem_disk *d;
    struct fat_volume *v;
    struct fat_file *dir;
    struct fat_dirent de;
    char p[2048], rel[1024], longest[256];
    int count = 0;

    make_source_tree();
    make_image(32, 48 * 1024, "-s 1");
    CHECK_EQ(fat_sh("cd %s && LC_ALL=C.UTF-8 mcopy -s -Q -i %s * ::/", srcdir, img), 0);
    d = mem_disk_load(img);
    v = mount_disk(d);
    if (!v)
        return;
    same_as_host(v, "/empty", "empty");
    same_as_host(v, "/one.bin", "one.bin");
    same_as_host(v, "/over.bin", "over.bin");
    for (unsigned i = 0; i < sizeof long_names / sizeof long_names[0]; i++) {
        snprintf(p, sizeof p, "/%s", long_names[i]);
        same_as_host(v, p, long_names[i]);
    }
    memset(longest, 'n', 120);
    memcpy(longest + 120, ".txt", 5);
    snprintf(p, sizeof p, "/%s", longest);
    same_as_host(v, p, longest);
    /* Case-insensitive, Latin-1 included. */
    same_as_host(v, "/GR\xc3\x9c\xc3\x9f" "E AUS K\xc3\x96LN.TXT", long_names[1]);
    same_as_host(v, "//MANY//0500 FILE with a LONG name.TXT", "many/0500 file with a long name.txt");
    strcpy(rel, "deep");
    for (int i = 0; i < 12; i++) {
        size_t n = strlen(rel);

        snprintf(rel + n, sizeof rel - n, "/level %d", i);
    }
    strcat(rel, "/leaf.txt");
    snprintf(p, sizeof p, "/%s", rel);
    same_as_host(v, p, rel);
    /* A directory of a thousand entries, all listed once. */
    CHECK_EQ(fat_open(v, "/many", FAT_O_DIR, &dir), 0);
    {
        static char seen[1000];
        int r;

        memset(seen, 0, sizeof seen);
        while ((r = fat_readdir(dir, &de)) == 1) {
            int n = -1;

            CHECK(sscanf(de.name, "%d file with a long name.txt", &n) == 1);
            if (n >= 0 && n < 1000) {
                CHECK(!seen[n]);
                seen[n] = 1;
                CHECK_EQ(de.st.size, n % 700);
            }
            count++;
        }
        CHECK_EQ(r, 0);
    }
    CHECK_EQ(count, 1000);
    CHECK_EQ(fat_close(dir), 0);
    /* 16 MiB in one call: whole contiguous clusters go in big transfers. */
    d->reads = 0;
    same_as_host(v, "/big.bin", "big.bin");
    printf("  16 MiB read: %u device reads\n", d->reads);
    CHECK(d->reads < 64);
    CHECK_EQ(fat_unmount(v), 0);
    mem_disk_free(d);
    fat_tmp_done();
}

/* mtools' view of a file on the image, compared with data. */
static void mtools_sees(const char *path, const uint8_t *data, size_t len)
{
    char out[512];
    size_t ol;
    uint8_t *o;

    snprintf(out, sizeof out, "%s/out.bin", fat_tmp());
    remove(out);
    CHECK_EQ(fat_sh("LC_ALL=C.UTF-8 mcopy -n -i %s '::%s' %s", img, path, out), 0);
    o = check_read_file(out, &ol);
    CHECK(o != NULL);
    if (o) {
        CHECK_EQ(ol, len);
        CHECK(ol == len && memcmp(o, data, len) == 0);
    }
    free(o);
}

static void fsck_clean(void)
{
    CHECK_EQ(fat_sh("fsck.fat -n %s >%s/fsck.log 2>&1 || { cat %s/fsck.log; exit 1; }",
                    img, fat_tmp(), fat_tmp()), 0);
}

TEST(fat32_writes_what_mtools_reads)
{
    struct mem_disk *d;
    struct fat_volume *v;
    struct fat_file *f;
    uint8_t *big = pattern(BIG, 7), *small = pattern(4000, 8);
    char p[512];

    make_image(32, 48 * 1024, "-s 1");
    d = mem_disk_load(img);
    v = mount_disk(d);
    if (!v)
        return;
    fat_put(v, "/empty", small, 0);
    fat_put(v, "/one.bin", small, 512);
    fat_put(v, "/over.bin", small, 513);
    fat_put(v, "/big.bin", big, BIG);
    for (unsigned i = 0; i < sizeof long_names / sizeof long_names[0]; i++) {
        snprintf(p, sizeof p, "/%s", long_names[i]);
        fat_put(v, p, small, 100 + i * 700);
    }
    CHECK_EQ(fat_mkdir(v, "/deep"), 0);
    strcpy(p, "/deep");
    for (int i = 0; i < 10; i++) {
        size_t n = strlen(p);

        snprintf(p + n, sizeof p - n, "/Level %d", i);
        CHECK_EQ(fat_mkdir(v, p), 0);
    }
    strcat(p, "/leaf.txt");
    fat_put(v, p, small, 3000);
    CHECK_EQ(fat_mkdir(v, "/many"), 0);
    for (int i = 0; i < 1000; i++) {
        char q[64];

        snprintf(q, sizeof q, "/many/Entry number %04d.txt", i);
        fat_put(v, q, small + i % 100, (size_t)i % 300);
    }
    /* Overwriting 16 MiB in place: one device write per contiguous run. */
    CHECK_EQ(fat_open(v, "/big.bin", FAT_O_WRITE, &f), 0);
    d->writes = 0;
    CHECK_EQ(fat_write(f, big, BIG), (long)BIG);
    printf("  16 MiB overwrite: %u device writes\n", d->writes);
    CHECK(d->writes < 64);
    CHECK_EQ(fat_close(f), 0);
    CHECK_EQ(fat_unmount(v), 0);
    CHECK_EQ(mem_disk_save(d, img), 0);
    mtools_sees("/empty", small, 0);
    mtools_sees("/one.bin", small, 512);
    mtools_sees("/over.bin", small, 513);
    mtools_sees("/big.bin", big, BIG);
    for (unsigned i = 0; i < sizeof long_names / sizeof long_names[0]; i++) {
        snprintf(p, sizeof p, "/%s", long_names[i]);
        mtools_sees(p, small, 100 + i * 700);
    }
    strcpy(p, "/deep");
    for (int i = 0; i < 10; i++) {
        size_t n = strlen(p);

        snprintf(p + n, sizeof p - n, "/Level %d", i);
    }
    strcat(p, "/leaf.txt");
    mtools_sees(p, small, 3000);
    mtools_sees("/many/Entry number 0999.txt", small + 99, 999 % 300);
    CHECK_EQ(fat_sh("mdir -b -i %s ::/many | wc -l | grep -qx 1000", img), 0);
    /* Long names got distinct short names with numeric tails. */
    CHECK_EQ(fat_sh("mdir -i %s ::/ | grep -q '^ARATHE~1 TXT'", img), 0);
    fsck_clean();
    free(big);
    free(small);
    mem_disk_free(d);
    fat_tmp_done();
}

/* FAT12 and FAT16: the same calls, the fixed root directory, mtools both ways. */
static void small_fat_round_trip(int type, unsigned kib, const char *opts)
{
    struct mem_disk *d;
    struct fat_volume *v;
    struct fat_file *f;
    uint8_t *data = pattern(300000, 9);
    size_t len;
    uint8_t *back;
    int r = 0, made;

    snprintf(srcdir, sizeof srcdir, "%s/src", fat_tmp());
    fat_sh("rm -rf %s && mkdir -p %s", srcdir, srcdir);
    put_host_file("From mtools with a long name.bin", 70000, 5);
    make_image(type, kib, opts);
    CHECK_EQ(fat_sh("cd %s && mcopy -Q -i %s * ::/", srcdir, img), 0);
    d = mem_disk_load(img);
    v = mount_disk(d);
    if (!v)
        return;
    same_as_host(v, "/from MTOOLS with a long name.bin", "From mtools with a long name.bin");
    CHECK_EQ(fat_mkdir(v, "/Sub Dir"), 0);
    fat_put(v, "/Sub Dir/Written by tabula.bin", data, 300000);
    fat_put(v, "/ROOT.TXT", data, 1000);
    back = fat_slurp(v, "/sub dir/written BY tabula.bin", &len);
    CHECK(back && len == 300000 && !memcmp(back, data, len));
    free(back);
    /* The fixed root fills up: ENOSPC, and what is there stays. */
    for (made = 0; made < 600; made++) {
        char p[64];

        snprintf(p, sizeof p, "/R%03d", made);
        r = fat_open(v, p, FAT_O_WRITE | FAT_O_CREATE, &f);
        if (r < 0)
            break;
        fat_close(f);
    }
    CHECK_EQ(r, -TABULA_ENOSPC);
    CHECK(made > 10);
    CHECK_EQ(fat_unmount(v), 0);
    CHECK_EQ(mem_disk_save(d, img), 0);
    mtools_sees("/Sub Dir/Written by tabula.bin", data, 300000);
    mtools_sees("/ROOT.TXT", data, 1000);
    fsck_clean();
    free(data);
    mem_disk_free(d);
    fat_tmp_done();
}

TEST(fat12_round_trip) { small_fat_round_trip(12, 2048, "-r 64"); }
TEST(fat16_round_trip) { small_fat_round_trip(16, 16 * 1024, "-s 4 -r 128"); }
