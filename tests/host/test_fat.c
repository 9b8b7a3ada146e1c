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
    /* Past 63 tails (this test's FAT_TAILS), hashed basis names: all
     * 1,000 short names distinct, so mtools and fsck see 1,000 files. */
    CHECK_EQ(fat_sh("mdir -i %s ::/many | grep -c '^ENTRY~63 TXT' | grep -qx 1", img), 0);
    CHECK_EQ(fat_sh("mdir -i %s ::/many | grep -c '^EN[0-9A-F]\\{4\\}~[0-9] TXT' | grep -qx 937",
                    img), 0);
    /* Long names got distinct short names with numeric tails. */
    CHECK_EQ(fat_sh("mdir -i %s ::/ | grep -q '^ARATHE~1 TXT'", img), 0);
    /* An 8.3 name in lower case keeps its basis, without a tail. */
    CHECK_EQ(fat_sh("mdir -i %s ::/ | grep -q '^LOWER    TXT .* lower.txt$'", img), 0);
    fsck_clean();
    free(big);
    free(small);
    mem_disk_free(d);
    fat_tmp_done();
}

/* FAT12 and FAT16: the same calls, the fixed root directory, mtools both
 * ways; 900,000 bytes take FAT12 entries across a sector boundary. */
static void small_fat_round_trip(int type, unsigned kib, const char *opts)
{
    struct mem_disk *d;
    struct fat_volume *v;
    struct fat_file *f;
    uint8_t *data = pattern(900000, 9);
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
    fat_put(v, "/Sub Dir/Written by tabula.bin", data, 900000);
    fat_put(v, "/ROOT.TXT", data, 1000);
    back = fat_slurp(v, "/sub dir/written BY tabula.bin", &len);
    CHECK(back && len == 900000 && !memcmp(back, data, len));
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
    mtools_sees("/Sub Dir/Written by tabula.bin", data, 900000);
    mtools_sees("/ROOT.TXT", data, 1000);
    fsck_clean();
    free(data);
    mem_disk_free(d);
    fat_tmp_done();
}

TEST(fat12_round_trip) { small_fat_round_trip(12, 2048, "-r 64"); }
TEST(fat16_round_trip) { small_fat_round_trip(16, 16 * 1024, "-s 4 -r 128"); }

/* ---- damaged volumes ------------------------------------------------------ */

struct geo {
    uint32_t bps, spc, reserved, nfats, fatsz, root_cluster, data_start, fsinfo;
};

static struct geo geometry(const uint8_t *b)
{
    struct geo g;

    g.bps = b[11] | b[12] << 8;
    g.spc = b[13];
    g.reserved = b[14] | b[15] << 8;
    g.nfats = b[16];
    g.fatsz = (uint32_t)b[36] | (uint32_t)b[37] << 8 | (uint32_t)b[38] << 16;
    g.root_cluster = (uint32_t)b[44] | (uint32_t)b[45] << 8 | (uint32_t)b[46] << 16;
    g.fsinfo = b[48] | b[49] << 8;
    g.data_start = g.reserved + g.nfats * g.fatsz;
    return g;
}

static void set32(uint8_t *p, uint32_t x) { memcpy(p, &x, 4); }

/* Sets FAT32 entry c in every copy of the FAT. */
static void set_fat(uint8_t *img_data, uint32_t c, uint32_t x)
{
    struct geo g = geometry(img_data);

    for (uint32_t i = 0; i < g.nfats; i++)
        set32(img_data + (size_t)(g.reserved + i * g.fatsz) * g.bps + c * 4, x);
}

/* The image's byte offset of the short entry named name11 in the root. */
static size_t root_entry(const uint8_t *d, const char *name11)
{
    struct geo g = geometry(d);
    size_t at = (size_t)(g.data_start + (g.root_cluster - 2) * g.spc) * g.bps;

    for (size_t i = 0; i < (size_t)g.spc * g.bps; i += 32)
        if (!memcmp(d + at + i, name11, 11))
            return at + i;
    check_fail(__FILE__, __LINE__, name11);
    return 0;
}

static uint8_t *pristine;
static size_t pristine_len;

/* A FAT32 image with /FILE.BIN (3 clusters), /DIR/INNER.TXT and a long name. */
static void make_pristine(void)
{
    if (pristine)
        return;
    snprintf(srcdir, sizeof srcdir, "%s/src", fat_tmp());
    fat_sh("rm -rf %s && mkdir -p %s/DIR", srcdir, srcdir);
    put_host_file("FILE.BIN", 1500, 40);
    put_host_file("DIR/INNER.TXT", 10, 41);
    put_host_file("A long name.txt", 10, 42);
    make_image(32, 34 * 1024, "-s 1");
    CHECK_EQ(fat_sh("cd %s && mcopy -s -Q -i %s * ::/", srcdir, img), 0);
    pristine = check_read_file(img, &pristine_len);
}

/* Mounts a damaged copy; returns mount's result and fills why. */
static int mount_damaged(struct mem_disk **d, struct fat_volume **v, char *why, size_t n)
{
    return fat_mount(&(*d)->dev, 0, v, why, n);
}

TEST(fat_refuses_damaged_boot_sectors)
{
    static const struct {
        size_t off;
        uint8_t value;
        const char *reason;
    } cases[] = {
        {510, 0, "55 AA"},
        {0, 0, "jump"},
        {11, 0x2c, "bytes per sector"},     /* 300 */
        {13, 3, "sectors per cluster"},
        {16, 0, "zero FATs"},
        {14, 0, "zero reserved"},
        {36, 1, "too small"},               /* FAT size 1 sector */
        {44, 0xff, "root directory cluster"},
        {43, 1, "FAT32 version 1.0"},
    };

    make_pristine();
    for (unsigned i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct mem_disk *d = mem_disk_from(pristine, pristine_len);
        struct fat_volume *v = 0;
        char why[160] = "";
        int r;

        d->data[cases[i].off] = cases[i].value;
        if (cases[i].off == 36)
            d->data[37] = d->data[38] = 0;
        if (cases[i].off == 44)
            d->data[45] = d->data[46] = d->data[47] = 0x7f;
        r = mount_damaged(&d, &v, why, sizeof why);
        CHECK_EQ(r, -TABULA_EINVAL);
        CHECK(v == NULL);
        CHECK_STR_CONTAINS(why, cases[i].reason);
        mem_disk_free(d);
    }
}

TEST(fat_damage_inside_the_volume)
{
    struct mem_disk *d;
    struct fat_volume *v = 0;
    struct fat_file *f;
    struct fat_stat st;
    struct geo g;
    char why[160];
    uint32_t c;
    size_t e;
    uint8_t buf[4096];

    make_pristine();
    g = geometry(pristine);

    /* The root directory's chain loops: refused, with the reason. */
    d = mem_disk_from(pristine, pristine_len);
    set_fat(d->data, g.root_cluster, g.root_cluster);
    CHECK_EQ(mount_damaged(&d, &v, why, sizeof why), -TABULA_EINVAL);
    CHECK_STR_CONTAINS(why, "cluster chain of / loops");
    mem_disk_free(d);

    /* A file's chain loops: open is cheap (the chain is not walked), a
     * read reaching its end, an append or a read past the loop fail
     * with EIO; the rest works. */
    d = mem_disk_from(pristine, pristine_len);
    e = root_entry(d->data, "FILE    BIN");
    c = d->data[e + 26] | d->data[e + 27] << 8 | d->data[e + 20] << 16 | d->data[e + 21] << 24;
    set_fat(d->data, c + 2, c);
    CHECK_EQ(mount_damaged(&d, &v, why, sizeof why), 0);
    CHECK_EQ(fat_open(v, "/file.bin", FAT_O_READ, &f), 0);
    CHECK_EQ(fat_read(f, buf, 100), 100);
    CHECK_EQ(fat_read(f, buf, sizeof buf), -TABULA_EIO);
    fat_close(f);
    CHECK_EQ(fat_open(v, "/file.bin", FAT_O_WRITE | FAT_O_APPEND, &f), 0);
    CHECK_EQ(fat_write(f, buf, 10), -TABULA_EIO);
    fat_close(f);
    CHECK_EQ(fat_stat(v, "/file.bin", &st), 0);
    CHECK_EQ(fat_unlink(v, "/file.bin"), -TABULA_EIO);
    CHECK_EQ(fat_open(v, "/dir/inner.txt", FAT_O_READ, &f), 0);
    CHECK_EQ(fat_read(f, buf, sizeof buf), 10);
    fat_close(f);
    fat_unmount(v);
    mem_disk_free(d);

    /* An entry pointing outside the volume: EIO for it, listing still works. */
    d = mem_disk_from(pristine, pristine_len);
    e = root_entry(d->data, "FILE    BIN");
    d->data[e + 20] = 0xf0;
    d->data[e + 21] = 0x0f;
    CHECK_EQ(mount_damaged(&d, &v, why, sizeof why), 0);
    CHECK_EQ(fat_open(v, "/FILE.BIN", FAT_O_READ, &f), -TABULA_EIO);
    CHECK_EQ(fat_open(v, "/", FAT_O_DIR, &f), 0);
    {
        struct fat_dirent de;
        int n = 0;

        while (fat_readdir(f, &de) == 1)
            n++;
        CHECK_EQ(n, 3);
    }
    fat_close(f);
    fat_unmount(v);
    mem_disk_free(d);

    /* A directory whose chain loops on itself: listing and lookups end. */
    d = mem_disk_from(pristine, pristine_len);
    e = root_entry(d->data, "DIR        ");
    c = d->data[e + 26] | d->data[e + 27] << 8;
    set_fat(d->data, c, c);
    CHECK_EQ(mount_damaged(&d, &v, why, sizeof why), 0);
    CHECK_EQ(fat_stat(v, "/dir/nothing", &st), -TABULA_ENOENT);
    fat_unmount(v);
    mem_disk_free(d);
}

static uint32_t get_fat(const uint8_t *img_data, uint32_t c)
{
    struct geo g = geometry(img_data);
    uint32_t x;

    memcpy(&x, img_data + (size_t)g.reserved * g.bps + c * 4, 4);
    return x & 0x0fffffff;
}

static uint32_t entry_first(const uint8_t *img_data, const char *name11)
{
    size_t e = root_entry(img_data, name11);

    return img_data[e + 26] | img_data[e + 27] << 8 | img_data[e + 20] << 16 |
           (uint32_t)img_data[e + 21] << 24;
}

/* n pieces of a file at random offsets, each checked against want. */
static void read_around(struct fat_file *f, const uint8_t *want, size_t len, int n, uint64_t seed)
{
    static uint8_t buf[3000];

    for (int i = 0; i < n; i++) {
        size_t at = (size_t)(check_random(&seed) % len);
        size_t k = 1 + (size_t)(check_random(&seed) % sizeof buf);

        if (k > len - at)
            k = len - at;
        CHECK_EQ(fat_seek(f, (int64_t)at, 0), (int64_t)at);
        CHECK_EQ(fat_read(f, buf, k), (long)k);
        if (memcmp(buf, want + at, k)) {
            printf("  wrong bytes at %zu (+%zu)\n", at, k);
            CHECK(!"bytes read back differ");
            return;
        }
    }
}

#define SEEK_CLUSTERS 8192u    /* 4 MiB in 512-byte clusters: four FAT windows */
#define FRAG_LEN (700u * 1024u + 123u)

/* Seeks back and forth find the right clusters: a contiguous file reads
 * no FAT for them once its run is known, a fragmented one walks; knowledge
 * follows truncation and growth, and damage past the run is still EIO. */
TEST(fat_seeks_find_their_clusters)
{
    struct mem_disk *d;
    struct fat_volume *v;
    struct fat_file *a, *b, *h;
    uint8_t *cdata, *fdata, *odata, buf[600];
    uint32_t first, spare, breaks = 0, c, piece;
    uint64_t total, free_bytes;
    size_t clen = (size_t)SEEK_CLUSTERS * 512, at, len;
    unsigned expect;
    uint64_t seed = 99;

    make_image(32, 34 * 1024, "-s 1");
    d = mem_disk_load(img);
    v = mount_disk(d);
    if (!v)
        return;
    cdata = pattern(clen, 50);
    fdata = pattern(FRAG_LEN, 51);
    odata = pattern(FRAG_LEN, 52);
    fat_put(v, "/SPARE.BIN", odata, 64 * 512);
    fat_put(v, "/CONTIG.BIN", cdata, clen);
    /* Two files written in turns: their chains interleave. */
    CHECK_EQ(fat_open(v, "/FRAG.BIN", FAT_O_WRITE | FAT_O_CREATE, &a), 0);
    CHECK_EQ(fat_open(v, "/OTHER.BIN", FAT_O_WRITE | FAT_O_CREATE, &b), 0);
    for (at = 0, piece = 0; at < FRAG_LEN; piece++) {
        len = (piece == 0 ? 8 : 1 + piece % 5) * 512;
        if (len > FRAG_LEN - at)
            len = FRAG_LEN - at;
        CHECK_EQ(fat_write(a, fdata + at, len), (long)len);
        CHECK_EQ(fat_write(b, odata + at, 512), 512);
        at += len;
    }
    CHECK_EQ(fat_close(a), 0);
    CHECK_EQ(fat_close(b), 0);
    CHECK_EQ(fat_unmount(v), 0);

    first = entry_first(d->data, "FRAG    BIN");
    spare = entry_first(d->data, "SPARE   BIN");
    for (c = first; c < 0x0ffffff8; c = get_fat(d->data, c))
        breaks += get_fat(d->data, c) != c + 1 && get_fat(d->data, c) < 0x0ffffff8;
    printf("  FRAG.BIN: %u breaks in its chain\n", breaks);
    CHECK(breaks > 100);

    /* A fresh mount knows nothing of the chains. */
    v = mount_disk(d);
    if (!v)
        return;
    CHECK_EQ(fat_open(v, "/FRAG.BIN", FAT_O_READ, &a), 0);
    read_around(a, fdata, FRAG_LEN, 3000, seed++);
    CHECK_EQ(fat_close(a), 0);

    /* The contiguous file: once its run is known, a seek anywhere costs
     * only the data's sectors (one per sector a piece touches). */
    CHECK_EQ(fat_open(v, "/CONTIG.BIN", FAT_O_READ, &a), 0);
    CHECK_EQ(fat_seek(a, (int64_t)clen - 1, 0), (int64_t)clen - 1);
    CHECK_EQ(fat_read(a, buf, 1), 1);
    CHECK_EQ(buf[0], cdata[clen - 1]);
    d->reads = 0;
    expect = 0;
    for (int i = 0; i < 2000; i++) {
        size_t k = 1 + (size_t)(check_random(&seed) % 200);

        at = (size_t)(check_random(&seed) % (clen - k));
        expect += 1 + (unsigned)((at + k - 1) / 512 != at / 512);
        CHECK_EQ(fat_seek(a, (int64_t)at, 0), (int64_t)at);
        CHECK_EQ(fat_read(a, buf, k), (long)k);
        CHECK(!memcmp(buf, cdata + at, k));
    }
    printf("  2,000 seeks and reads in CONTIG.BIN: %u device reads (%u data sectors)\n",
           d->reads, expect);
    CHECK_EQ(d->reads, expect);
    CHECK_EQ(fat_close(a), 0);

    /* Truncated after its run was learned, the freed clusters go to
     * another file, and the file grows elsewhere: what was known of the
     * old run must not be used past the cut. */
    CHECK_EQ(fat_open(v, "/CONTIG.BIN", FAT_O_READ | FAT_O_WRITE, &h), 0);
    CHECK_EQ(fat_open(v, "/CONTIG.BIN", FAT_O_READ, &a), 0);
    read_around(h, cdata, clen, 200, seed++);
    read_around(a, cdata, clen, 200, seed++);
    CHECK_EQ(fat_seek(a, (int64_t)clen - 10, 0), (int64_t)clen - 10);
    CHECK_EQ(fat_read(a, buf, 10), 10);
    CHECK_EQ(fat_truncate(h, 100 * 512 + 256), 0);
    fat_statfs(v, &total, &free_bytes);
    {
        struct fat_file *fill;
        size_t left = (size_t)free_bytes;

        /* Fills every free cluster, the freed run among them. */
        CHECK_EQ(fat_open(v, "/FILL.BIN", FAT_O_WRITE | FAT_O_CREATE, &fill), 0);
        while (left) {
            size_t k = left < clen ? left : clen;

            CHECK_EQ(fat_write(fill, cdata, k), (long)k);
            left -= k;
        }
        CHECK_EQ(fat_close(fill), 0);
    }
    CHECK_EQ(fat_unlink(v, "/SPARE.BIN"), 0);    /* the only free room now */
    memcpy(cdata + 100 * 512 + 256, odata, 20 * 512);
    CHECK_EQ(fat_seek(h, 100 * 512 + 256, 0), 100 * 512 + 256);
    CHECK_EQ(fat_write(h, odata, 20 * 512), 20 * 512);
    clen = 120 * 512 + 256;
    read_around(h, cdata, clen, 500, seed++);
    read_around(a, cdata, clen, 500, seed++);
    CHECK_EQ(fat_seek(a, (int64_t)clen, 0), (int64_t)clen);
    CHECK_EQ(fat_read(a, buf, 1), 0);
    CHECK_EQ(fat_close(h), 0);
    CHECK_EQ(fat_close(a), 0);
    CHECK_EQ(fat_unmount(v), 0);
    /* The growth went where SPARE.BIN was. */
    CHECK_EQ(get_fat(d->data, entry_first(d->data, "CONTIG  BIN") + 100), spare);

    /* Damage past the first run: a link out of the volume after it, then
     * a loop back into it further on. Reads before the damage still
     * work; past it they are EIO every time, after seeks either way (a
     * loop once the walk has gone round it: at the file's end here). */
    {
        uint32_t c8 = first + 7, later = first;

        CHECK_EQ(get_fat(d->data, c8) != c8 + 1, 1);
        for (int i = 0; i < 400; i++)
            later = get_fat(d->data, later);
        for (int pass = 0; pass < 2; pass++) {
            uint32_t saved = get_fat(d->data, pass ? later : c8);
            size_t bad = pass ? 401 * 512 : 8 * 512;

            set_fat(d->data, pass ? later : c8, pass ? first : 0x0ffffff0 - 1);
            v = mount_disk(d);
            if (!v)
                return;
            CHECK_EQ(fat_open(v, "/FRAG.BIN", FAT_O_READ, &a), 0);
            for (int i = 0; i < 3; i++) {
                read_around(a, fdata, bad, 50, seed++);
                if (!pass) {
                    CHECK_EQ(fat_seek(a, (int64_t)bad + 100, 0), (int64_t)bad + 100);
                    CHECK_EQ(fat_read(a, buf, 10), -TABULA_EIO);
                }
                CHECK_EQ(fat_seek(a, (int64_t)FRAG_LEN - 5, 0), (int64_t)FRAG_LEN - 5);
                CHECK_EQ(fat_read(a, buf, 10), -TABULA_EIO);
            }
            CHECK_EQ(fat_close(a), 0);
            CHECK_EQ(fat_unmount(v), 0);
            set_fat(d->data, pass ? later : c8, saved);
        }
    }
    free(cdata);
    free(fdata);
    free(odata);
    mem_disk_free(d);
}

/* FAT32 with mirroring off reads and writes only the active FAT. */
TEST(fat_active_fat_without_mirroring)
{
    struct mem_disk *d;
    struct fat_volume *v;
    struct geo g;
    uint8_t *back;
    size_t len, fat0;

    make_pristine();
    g = geometry(pristine);
    d = mem_disk_from(pristine, pristine_len);
    d->data[40] = 0x81;
    fat0 = (size_t)g.reserved * g.bps;
    memset(d->data + fat0, 0, (size_t)g.fatsz * g.bps);    /* FAT 0 unused now */
    v = mount_disk(d);
    if (!v)
        return;
    back = fat_slurp(v, "/FILE.BIN", &len);
    CHECK(back && len == 1500);
    free(back);
    fat_put(v, "/NEW.BIN", pristine, 5000);
    fat_unmount(v);
    for (size_t i = 0; i < (size_t)g.fatsz * g.bps; i++)
        if (d->data[fat0 + i]) {
            CHECK(!"FAT 0 was written");
            break;
        }
    d->data[40] = 0x82;
    CHECK_EQ(fat_mount(&d->dev, 0, &v, (char[80]){0}, 80), -TABULA_EINVAL);
    mem_disk_free(d);
}

TEST(fat_fsinfo_and_device_size)
{
    struct mem_disk *d;
    struct fat_volume *v = 0;
    struct geo g;
    char why[200];
    uint64_t total, free1, free2;

    make_pristine();
    g = geometry(pristine);
    d = mem_disk_from(pristine, pristine_len);
    CHECK_EQ(mount_damaged(&d, &v, why, sizeof why), 0);
    CHECK_EQ(why[0], 0);
    fat_statfs(v, &total, &free1);
    fat_unmount(v);
    mem_disk_free(d);

    /* A wrong free count is recomputed, said, and written back. */
    d = mem_disk_from(pristine, pristine_len);
    set32(d->data + (size_t)g.fsinfo * g.bps + 488, 12345);
    CHECK_EQ(mount_damaged(&d, &v, why, sizeof why), 0);
    CHECK_STR_CONTAINS(why, "FSInfo free count 12345 was wrong");
    CHECK(!fat_read_only(v));
    fat_statfs(v, &total, &free2);
    CHECK_EQ(free2, free1);
    fat_unmount(v);
    CHECK_EQ(mem_disk_save(d, img), 0);
    fsck_clean();
    mem_disk_free(d);

    /* Bad FSInfo signatures: ignored, and said. */
    d = mem_disk_from(pristine, pristine_len);
    d->data[(size_t)g.fsinfo * g.bps] = 0;
    CHECK_EQ(mount_damaged(&d, &v, why, sizeof why), 0);
    CHECK_STR_CONTAINS(why, "FSInfo sector has bad signatures");
    fat_unmount(v);
    mem_disk_free(d);

    /* A volume larger than its device mounts read-only. */
    d = mem_disk_from(pristine, pristine_len - 1024 * 1024);
    CHECK_EQ(mount_damaged(&d, &v, why, sizeof why), 0);
    CHECK_STR_CONTAINS(why, "larger than its device");
    CHECK(fat_read_only(v));
    CHECK_EQ(fat_mkdir(v, "/x"), -TABULA_EROFS);
    {
        struct fat_file *f;

        CHECK_EQ(fat_open(v, "/new", FAT_O_WRITE | FAT_O_CREATE, &f), -TABULA_EROFS);
        CHECK_EQ(fat_open(v, "/FILE.BIN", FAT_O_READ, &f), 0);
        fat_close(f);
    }
    fat_unmount(v);
    mem_disk_free(d);
    /* A read-only device: the same. */
    d = mem_disk_from(pristine, pristine_len);
    d->dev.read_only = true;
    CHECK_EQ(mount_damaged(&d, &v, why, sizeof why), 0);
    CHECK(fat_read_only(v));
    CHECK_EQ(fat_unlink(v, "/FILE.BIN"), -TABULA_EROFS);
    fat_unmount(v);
    mem_disk_free(d);
}

/* ---- the calls' contract -------------------------------------------------- */

TEST(fat_errors_are_specific)
{
    struct mem_disk *d;
    struct fat_volume *v;
    struct fat_file *f, *g2;
    struct fat_stat st;
    char name[300];
    uint8_t buf[600];

    make_pristine();
    d = mem_disk_from(pristine, pristine_len);
    v = mount_disk(d);
    if (!v)
        return;
    CHECK_EQ(fat_open(v, "/missing", FAT_O_READ, &f), -TABULA_ENOENT);
    CHECK_EQ(fat_open(v, "/FILE.BIN", FAT_O_WRITE | FAT_O_CREATE | FAT_O_EXCL, &f), -TABULA_EEXIST);
    CHECK_EQ(fat_open(v, "/FILE.BIN/x", FAT_O_READ, &f), -TABULA_ENOTDIR);
    CHECK_EQ(fat_open(v, "/DIR", FAT_O_READ, &f), -TABULA_EISDIR);
    CHECK_EQ(fat_open(v, "/FILE.BIN", FAT_O_DIR, &f), -TABULA_ENOTDIR);
    CHECK_EQ(fat_open(v, "/DIR/../FILE.BIN", FAT_O_READ, &f), -TABULA_EINVAL);
    CHECK_EQ(fat_open(v, "/./FILE.BIN", FAT_O_READ, &f), -TABULA_EINVAL);
    CHECK_EQ(fat_open(v, "relative", FAT_O_READ, &f), -TABULA_EINVAL);
    CHECK_EQ(fat_open(v, "/a:b", FAT_O_WRITE | FAT_O_CREATE, &f), -TABULA_EINVAL);
    CHECK_EQ(fat_open(v, "/bad\xff", FAT_O_WRITE | FAT_O_CREATE, &f), -TABULA_EINVAL);
    memset(name, 'x', sizeof name);
    name[0] = '/';
    name[257] = 0;
    CHECK_EQ(fat_open(v, name, FAT_O_WRITE | FAT_O_CREATE, &f), -TABULA_ENAMETOOLONG);
    name[256] = 0;     /* 255 characters: the longest name */
    CHECK_EQ(fat_open(v, name, FAT_O_WRITE | FAT_O_CREATE, &f), 0);
    fat_close(f);
    CHECK_EQ(fat_stat(v, name, &st), 0);
    CHECK_EQ(fat_rmdir(v, "/DIR"), -TABULA_ENOTEMPTY);
    CHECK_EQ(fat_rmdir(v, "/FILE.BIN"), -TABULA_ENOTDIR);
    CHECK_EQ(fat_unlink(v, "/DIR"), -TABULA_EISDIR);
    CHECK_EQ(fat_mkdir(v, "/DIR"), -TABULA_EEXIST);
    CHECK_EQ(fat_mkdir(v, "/"), -TABULA_EEXIST);
    CHECK_EQ(fat_rename(v, "/DIR", "/DIR/SUB"), -TABULA_EINVAL);
    CHECK_EQ(fat_rename(v, "/FILE.BIN", "/DIR"), -TABULA_EISDIR);
    CHECK_EQ(fat_rename(v, "/DIR", "/FILE.BIN"), -TABULA_ENOTDIR);
    /* Read-only handles, write-only handles. */
    CHECK_EQ(fat_open(v, "/FILE.BIN", FAT_O_READ, &f), 0);
    CHECK_EQ(fat_write(f, buf, 1), -TABULA_EBADF);
    CHECK_EQ(fat_truncate(f, 0), -TABULA_EBADF);
    CHECK_EQ(fat_unlink(v, "/file.bin"), -TABULA_EBUSY);
    /* A second handle sees the first's writes and size. */
    CHECK_EQ(fat_open(v, "/FILE.BIN", FAT_O_WRITE | FAT_O_APPEND, &g2), 0);
    CHECK_EQ(fat_read(g2, buf, 1), -TABULA_EBADF);
    memset(buf, 0xab, sizeof buf);
    CHECK_EQ(fat_write(g2, buf, 600), 600);
    CHECK_EQ(fat_fstat(f, &st), 0);
    CHECK_EQ(st.size, 2100);
    CHECK_EQ(fat_seek(f, -600, 2), 1500);
    memset(buf, 0, sizeof buf);
    CHECK_EQ(fat_read(f, buf, sizeof buf), 600);
    CHECK(buf[0] == 0xab && buf[599] == 0xab);
    CHECK_EQ(fat_seek(f, -1, 0), -TABULA_EINVAL);
    fat_close(g2);
    fat_close(f);
    /* Rename keeps the data; a change of case only; over an existing file. */
    CHECK_EQ(fat_rename(v, "/FILE.BIN", "/DIR/Moved File.bin"), 0);
    CHECK_EQ(fat_stat(v, "/FILE.BIN", &st), -TABULA_ENOENT);
    CHECK_EQ(fat_stat(v, "/dir/moved file.BIN", &st), 0);
    CHECK_EQ(st.size, 2100);
    CHECK_EQ(fat_rename(v, "/dir/moved file.BIN", "/dir/MOVED FILE.BIN"), 0);
    CHECK_EQ(fat_open(v, "/DIR", FAT_O_DIR, &f), 0);
    {
        struct fat_dirent de;
        int found = 0;

        while (fat_readdir(f, &de) == 1)
            found += !strcmp(de.name, "MOVED FILE.BIN");
        CHECK_EQ(found, 1);
    }
    fat_close(f);
    CHECK_EQ(fat_rename(v, "/DIR/MOVED FILE.BIN", "/DIR/INNER.TXT"), 0);
    CHECK_EQ(fat_stat(v, "/DIR/INNER.TXT", &st), 0);
    CHECK_EQ(st.size, 2100);
    /* A directory moved: its ".." follows (fsck checks it below). */
    CHECK_EQ(fat_mkdir(v, "/Other"), 0);
    CHECK_EQ(fat_rename(v, "/DIR", "/Other/Dir Moved"), 0);
    CHECK_EQ(fat_stat(v, "/other/dir moved/inner.txt", &st), 0);
    /* Timestamps come from the clock and can be set. */
    fat_host_time = 1800000000;
    CHECK_EQ(fat_open(v, "/Other/Timed", FAT_O_WRITE | FAT_O_CREATE, &f), 0);
    CHECK_EQ(fat_write(f, "x", 1), 1);
    fat_close(f);
    CHECK_EQ(fat_stat(v, "/Other/Timed", &st), 0);
    CHECK_EQ(st.mtime, 1800000000);
    CHECK_EQ(fat_set_mtime(v, "/Other/Timed", 1900000001), 0);
    CHECK_EQ(fat_stat(v, "/Other/Timed", &st), 0);
    CHECK_EQ(st.mtime, 1900000000);     /* FAT keeps two-second steps */
    CHECK(fat_newest_time(v) >= 1900000000);
    fat_host_time = 1767225600;
    /* Truncate down and up: the new bytes read as zeros. */
    CHECK_EQ(fat_open(v, "/Other/Dir Moved/INNER.TXT", FAT_O_READ | FAT_O_WRITE, &f), 0);
    CHECK_EQ(fat_truncate(f, 10), 0);
    CHECK_EQ(fat_truncate(f, 1000), 0);
    CHECK_EQ(fat_seek(f, 0, 0), 0);
    CHECK_EQ(fat_read(f, buf, sizeof buf), 600);
    CHECK(buf[10] == 0 && buf[599] == 0);
    /* Writing past the end leaves zeros in the gap. */
    CHECK_EQ(fat_seek(f, 5000, 0), 5000);
    CHECK_EQ(fat_write(f, "end", 3), 3);
    CHECK_EQ(fat_seek(f, 4000, 0), 4000);
    CHECK_EQ(fat_read(f, buf, 10), 10);
    CHECK(buf[0] == 0 && buf[9] == 0);
    CHECK_EQ(fat_fsync(f), 0);
    fat_close(f);
    CHECK_EQ(fat_rmdir(v, "/Other"), -TABULA_ENOTEMPTY);
    CHECK_EQ(fat_unmount(v), 0);
    CHECK_EQ(mem_disk_save(d, img), 0);
    fsck_clean();
    mem_disk_free(d);
}

TEST(fat_full_disk_gives_enospc_and_keeps_files)
{
    struct mem_disk *d;
    struct fat_volume *v;
    struct fat_file *f;
    uint8_t *data = pattern(65536, 50);
    uint64_t total, free_bytes;
    long r = 0, written = 0;
    size_t len;
    uint8_t *back;

    make_image(16, 4 * 1024, "-s 1");
    d = mem_disk_load(img);
    v = mount_disk(d);
    if (!v)
        return;
    fat_put(v, "/keep.bin", data, 65536);
    CHECK_EQ(fat_open(v, "/fill.bin", FAT_O_WRITE | FAT_O_CREATE, &f), 0);
    while ((r = fat_write(f, data, 65536)) > 0)
        written += r;
    CHECK_EQ(r, -TABULA_ENOSPC);
    fat_close(f);
    fat_statfs(v, &total, &free_bytes);
    CHECK_EQ(free_bytes, 0);
    CHECK_EQ(fat_mkdir(v, "/nope"), -TABULA_ENOSPC);
    back = fat_slurp(v, "/keep.bin", &len);
    CHECK(back && len == 65536 && !memcmp(back, data, len));
    free(back);
    CHECK_EQ(fat_unlink(v, "/fill.bin"), 0);
    fat_statfs(v, &total, &free_bytes);
    CHECK((long)free_bytes >= written);
    CHECK_EQ(fat_unmount(v), 0);
    CHECK_EQ(mem_disk_save(d, img), 0);
    fsck_clean();
    mtools_sees("/keep.bin", data, 65536);
    free(data);
    mem_disk_free(d);
    free(pristine);
    pristine = 0;
    fat_tmp_done();
}

/* A directory emptied and removed, then another made and filled: the new
 * one holds only its own entries, and fsck finds no cluster of the old. */
TEST(fat_reused_directory_clusters)
{
    struct mem_disk *d;
    struct fat_volume *v;
    struct fat_file *f;
    struct fat_stat st;
    char p[64];

    make_image(32, 34 * 1024, "-s 1");
    d = mem_disk_load(img);
    v = mount_disk(d);
    if (!v)
        return;
    CHECK_EQ(fat_mkdir(v, "/A"), 0);
    for (int i = 0; i < 40; i++) {
        snprintf(p, sizeof p, "/A/F%d", i);
        CHECK_EQ(fat_open(v, p, FAT_O_WRITE | FAT_O_CREATE, &f), 0);
        fat_close(f);
    }
    CHECK_EQ(fat_stat(v, "/A/F39", &st), 0);
    for (int i = 0; i < 40; i++) {
        snprintf(p, sizeof p, "/A/F%d", i);
        CHECK_EQ(fat_unlink(v, p), 0);
    }
    CHECK_EQ(fat_rmdir(v, "/A"), 0);
    CHECK_EQ(fat_mkdir(v, "/B"), 0);
    CHECK_EQ(fat_stat(v, "/B/F39", &st), -TABULA_ENOENT);
    for (int i = 0; i < 20; i++) {
        snprintf(p, sizeof p, "/B/G%d", i);
        CHECK_EQ(fat_open(v, p, FAT_O_WRITE | FAT_O_CREATE, &f), 0);
        fat_close(f);
    }
    CHECK_EQ(fat_stat(v, "/B/G19", &st), 0);
    CHECK_EQ(fat_unmount(v), 0);
    CHECK_EQ(mem_disk_save(d, img), 0);
    fsck_clean();
    CHECK_EQ(fat_sh("mdir -b -i %s ::/B | wc -l | grep -qx 20", img), 0);
    mem_disk_free(d);
    fat_tmp_done();
}

/* The disk as it is when the power goes, mid-write: what was fsynced is
 * there, byte for byte, and the volume mounts. */
TEST(fat_fsync_survives_a_cut)
{
    struct mem_disk *d, *cut;
    struct fat_volume *v, *v2;
    struct fat_file *f, *g;
    uint8_t *a = pattern(200000, 60), *b = pattern(300000, 61), *back;
    size_t len;

    make_image(32, 34 * 1024, "-s 1");
    d = mem_disk_load(img);
    v = mount_disk(d);
    if (!v)
        return;
    CHECK_EQ(fat_open(v, "/synced.bin", FAT_O_WRITE | FAT_O_CREATE, &f), 0);
    CHECK_EQ(fat_write(f, a, 200000), 200000);
    CHECK_EQ(fat_fsync(f), 0);
    CHECK_EQ(fat_open(v, "/unsynced.bin", FAT_O_WRITE | FAT_O_CREATE, &g), 0);
    CHECK_EQ(fat_write(g, b, 300000), 300000);
    /* Power cut: the disk holds only what reached the device. */
    cut = mem_disk_from(d->data, d->size);
    v2 = mount_disk(cut);
    if (v2) {
        back = fat_slurp(v2, "/synced.bin", &len);
        CHECK(back && len == 200000 && !memcmp(back, a, len));
        free(back);
        fat_unmount(v2);
    }
    CHECK_EQ(mem_disk_save(cut, img), 0);
    mtools_sees("/synced.bin", a, 200000);
    fat_close(f);
    fat_close(g);
    fat_unmount(v);
    mem_disk_free(cut);
    mem_disk_free(d);
    free(a);
    free(b);
    fat_tmp_done();
}

/* A long name longer than fat_dirent's 255 bytes of UTF-8 is listed by
 * its short name, which opens the same file. */
TEST(fat_readdir_gives_an_openable_name)
{
    struct mem_disk *d;
    struct fat_volume *v;
    struct fat_file *f;
    struct fat_dirent de;
    char path[1024] = "/";

    /* 200 x U+00E9 (2 bytes each): 200 UTF-16 units, 400 bytes of UTF-8. */
    for (int i = 0; i < 200; i++)
        strcat(path, "\xc3\xa9");
    make_image(32, 34 * 1024, "-s 1");
    d = mem_disk_load(img);
    v = mount_disk(d);
    if (!v)
        return;
    CHECK_EQ(fat_open(v, path, FAT_O_WRITE | FAT_O_CREATE, &f), 0);
    CHECK_EQ(fat_write(f, "abc", 3), 3);
    fat_close(f);
    CHECK_EQ(fat_open(v, "/", FAT_O_DIR, &f), 0);
    CHECK_EQ(fat_readdir(f, &de), 1);
    fat_close(f);
    CHECK(strlen(de.name) <= 12 && strchr(de.name, '~'));
    snprintf(path, sizeof path, "/%s", de.name);
    CHECK_EQ(fat_open(v, path, FAT_O_READ, &f), 0);
    {
        struct fat_stat st;

        CHECK_EQ(fat_fstat(f, &st), 0);
        CHECK_EQ(st.size, 3);
    }
    fat_close(f);
    fat_unmount(v);
    mem_disk_free(d);
    fat_tmp_done();
}

/* Names a damaged directory holds: blank ones are skipped, a '/' or a
 * control character is shown as '_' (found by fuzz-fat). */
TEST(fat_damaged_names_cannot_split_paths)
{
    struct mem_disk *d;
    struct fat_volume *v = 0;
    struct fat_file *f;
    struct fat_dirent de;
    char why[100], names[4][256];
    size_t e;
    int n = 0;

    make_pristine();
    d = mem_disk_from(pristine, pristine_len);
    e = root_entry(d->data, "FILE    BIN");
    memset(d->data + e, ' ', 11);                  /* blank */
    e = root_entry(d->data, "DIR        ");
    memcpy(d->data + e, "A/B\x01    TXT", 11);     /* a slash and a control */
    CHECK_EQ(mount_damaged(&d, &v, why, sizeof why), 0);
    CHECK_EQ(fat_open(v, "/", FAT_O_DIR, &f), 0);
    while (n < 4 && fat_readdir(f, &de) == 1)
        strcpy(names[n++], de.name);
    fat_close(f);
    CHECK_EQ(n, 2);
    CHECK(!strcmp(names[0], "A_B_.TXT") || !strcmp(names[1], "A_B_.TXT"));
    fat_unmount(v);
    mem_disk_free(d);
}
