/*
 * test_archive.c: app archives built by tools/mkarchive.py read back
 * intact, and every kind of damage to one is refused with its own message.
 * Runs from the repository root (as make host-test does).
 */
#include "archive.h"
#include "check.h"
#include "tabula.h"

#include <dirent.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

static char dir[] = "/tmp/tabula-archive-XXXXXX";

static const char *tmp_path(const char *name)
{
    static char path[4][128];
    static int next;
    char *p = path[next++ % 4];
    snprintf(p, sizeof path[0], "%s/%s", dir, name);
    return p;
}

static void put_file(const char *name, const void *data, size_t len)
{
    CHECK_EQ(check_write_file(tmp_path(name), data, len), 0);
}

static char root[1024];   /* the repository: where the test started */

/* Removes the temp dir and everything in it (only files we made). */
static void remove_dir(void)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    while (d && (e = readdir(d)))
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
            unlink(tmp_path(e->d_name));
    if (d)
        closedir(d);
    rmdir(dir);
}

/* Runs tools/mkarchive.py in the temp dir with args; returns its exit
 * status. Its output goes to mkarchive.log there. */
static int mkarchive(const char *args)
{
    char cmd[2048];
    snprintf(cmd, sizeof cmd, "cd %s && /usr/bin/python3 %s/tools/mkarchive.py %s "
             ">mkarchive.log 2>&1", dir, root, args);
    int rc = system(cmd);
    return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

static const char *mkarchive_log(void)
{
    static char text[512];
    size_t n = 0;
    uint8_t *log = check_read_file(tmp_path("mkarchive.log"), &n);
    snprintf(text, sizeof text, "%.*s", (int)n, log ? (char *)log : "");
    free(log);
    return text;
}

static uint8_t hello[100], junk[37];

/* Builds the sample archive once; returns it (exact-size heap copy). */
static uint8_t *sample(size_t *len)
{
    static uint8_t *image;
    static size_t image_len;
    if (!image) {
        if (!getcwd(root, sizeof root) || !mkdtemp(dir)) {
            check_fail(__FILE__, __LINE__, "getcwd or mkdtemp failed");
            return NULL;
        }
        atexit(remove_dir);
        for (size_t i = 0; i < sizeof hello; i++)
            hello[i] = (uint8_t)(i * 7 + 1);
        memset(junk, 0xee, sizeof junk);
        put_file("hello.elf", hello, sizeof hello);
        put_file("monitor.elf", "M", 1);
        put_file("empty.elf", "", 0);
        put_file("abcdefghijklmno", "fifteen chars name", 18);
        put_file("junk.bin", junk, sizeof junk);
        int rc = mkarchive("-o apps.img hello.elf monitor.elf empty.elf "
                           "abcdefghijklmno --entry corrupt=junk.bin");
        if (rc != 0) {
            printf("  mkarchive.py failed (%d): %s\n", rc, mkarchive_log());
            check_fail(__FILE__, __LINE__, "could not build the sample archive");
            return NULL;
        }
        image = check_read_file(tmp_path("apps.img"), &image_len);
    }
    uint8_t *copy = malloc(image_len);
    memcpy(copy, image, image_len);
    *len = image_len;
    return copy;
}

TEST(round_trip)
{
    size_t len;
    uint8_t *img = sample(&len);
    if (!img)
        return;
    struct archive a;
    char err[TABULA_ERROR_MAX] = "";
    CHECK_EQ(archive_open(&a, img, len, err, sizeof err), 0);
    CHECK_EQ(err[0], 0);
    CHECK_EQ(a.count, 5);
    const char *want[] = {"abcdefghijklmno", "corrupt", "empty", "hello", "monitor"};
    size_t sizes[] = {18, sizeof junk, 0, sizeof hello, 1};
    for (uint32_t i = 0; i < 5; i++) {
        const char *name;
        const void *data;
        size_t size;
        CHECK_EQ(archive_entry(&a, i, &name, &data, &size), 0);
        CHECK(strcmp(name, want[i]) == 0);
        CHECK_EQ(size, sizes[i]);
        CHECK_EQ(((const uint8_t *)data - img) % 16, 0);
        const void *found;
        size_t found_size;
        CHECK_EQ(archive_find(&a, want[i], &found, &found_size), 0);
        CHECK(found == data);
        CHECK_EQ(found_size, size);
    }
    const void *data;
    size_t size;
    CHECK_EQ(archive_find(&a, "hello", &data, &size), 0);
    CHECK(memcmp(data, hello, sizeof hello) == 0);
    CHECK_EQ(archive_find(&a, "corrupt", &data, &size), 0);
    CHECK(memcmp(data, junk, sizeof junk) == 0);
    CHECK_EQ(archive_find(&a, "abcdefghijklmno", &data, &size), 0);
    CHECK(memcmp(data, "fifteen chars name", 18) == 0);

    CHECK_EQ(archive_find(&a, "hell", &data, &size), -TABULA_ENOENT);
    CHECK_EQ(archive_find(&a, "hello.elf", &data, &size), -TABULA_ENOENT);
    CHECK_EQ(archive_find(&a, "", &data, &size), -TABULA_ENOENT);
    CHECK_EQ(archive_find(&a, "zzz", &data, &size), -TABULA_ENOENT);
    CHECK_EQ(archive_find(&a, "abcdefghijklmnop", &data, &size), -TABULA_ENOENT);
    CHECK_EQ(archive_entry(&a, 5, NULL, &data, &size), -TABULA_ENOENT);

    /* The image need not be aligned in memory. */
    uint8_t *odd = malloc(len + 3);
    memcpy(odd + 3, img, len);
    CHECK_EQ(archive_open(&a, odd + 3, len, err, sizeof err), 0);
    CHECK_EQ(archive_find(&a, "hello", &data, &size), 0);
    CHECK(memcmp(data, hello, sizeof hello) == 0);
    free(odd);
    free(img);
}

TEST(empty_archive)
{
    size_t len;
    free(sample(&len));   /* makes the temp dir */
    CHECK_EQ(mkarchive("-o none.img"), 0);
    uint8_t *img = check_read_file(tmp_path("none.img"), &len);
    CHECK_EQ(len, 16);
    struct archive a;
    char err[TABULA_ERROR_MAX];
    CHECK_EQ(archive_open(&a, img, len, err, sizeof err), 0);
    CHECK_EQ(a.count, 0);
    CHECK_EQ(archive_find(&a, "x", NULL, NULL), -TABULA_ENOENT);
    free(img);
}

TEST(mkarchive_refuses)
{
    size_t len;
    free(sample(&len));
    put_file("sixteen_chars_xx.elf", "x", 1);
    CHECK(mkarchive("-o bad.img sixteen_chars_xx.elf") != 0);
    CHECK_STR_CONTAINS(mkarchive_log(), "1 to 15 characters");
    CHECK(mkarchive("-o bad.img hello.elf --entry hello=junk.bin") != 0);
    CHECK_STR_CONTAINS(mkarchive_log(), "already used");
    CHECK(mkarchive("-o bad.img missing.elf") != 0);
    CHECK_STR_CONTAINS(mkarchive_log(), "missing.elf");
    CHECK(mkarchive("-o bad.img --entry =junk.bin") != 0);
    CHECK(mkarchive("-o bad.img --entry 'a b=junk.bin'") != 0);
    CHECK(mkarchive("-o bad.img --entry nofile") != 0);
    CHECK_STR_CONTAINS(mkarchive_log(), "NAME=FILE");
    CHECK(access(tmp_path("bad.img"), F_OK) != 0);
}

/* ---- damage -------------------------------------------------------------- */

static void put_le(uint8_t *p, uint64_t v, int bytes)
{
    for (int i = 0; i < bytes; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

static void expect_refused(const uint8_t *img, size_t len, const char *what,
                           int line)
{
    uint8_t *copy = malloc(len ? len : 1);
    memcpy(copy, img, len);
    struct archive a = {copy, 1, 99};
    char err[TABULA_ERROR_MAX] = "";
    int rc = archive_open(&a, copy, len, err, sizeof err);
    if (rc != -TABULA_EINVAL || !strstr(err, what)) {
        char m[400];
        snprintf(m, sizeof m, "refused with \"%s\" (rc %d, message \"%s\")",
                 what, rc, err);
        check_fail(__FILE__, line, m);
    }
    CHECK_EQ(a.count, 0);   /* a refused archive holds nothing */
    CHECK_EQ(archive_find(&a, "hello", NULL, NULL), -TABULA_ENOENT);
    free(copy);
}
#define REFUSED(img, len, what) expect_refused(img, len, what, __LINE__)

/* Entry i's fields: name at 16 + 32 i, offset at +16, size at +24. */
#define ENTRY(i) (16 + 32 * (i))

TEST(damage_refused)
{
    size_t len;
    uint8_t *good = sample(&len);
    if (!good)
        return;
    uint8_t *bad = malloc(len);
    char err[TABULA_ERROR_MAX];
    struct archive a;

    CHECK_EQ(archive_open(&a, NULL, 10, err, sizeof err), -TABULA_EINVAL);
    CHECK_STR_CONTAINS(err, "null pointer");
    REFUSED(good, 15, "15 bytes is shorter than the 16-byte header");
    REFUSED(good, 0, "shorter than the 16-byte header");
    /* The header fits, the table does not. */
    REFUSED(good, 16 + 32 * 5 - 1, "5 entries do not fit in 175 bytes");

#define DAMAGE(stmt, what) \
    (memcpy(bad, good, len), (stmt), REFUSED(bad, len, what))
    DAMAGE(bad[0] = 't', "bad magic");
    DAMAGE(put_le(bad + 8, 2, 4), "version 2, this kernel reads version 1");
    DAMAGE(put_le(bad + 12, 0xffffffff, 4), "4294967295 entries do not fit");
    DAMAGE(put_le(bad + 12, 1000, 4), "1000 entries do not fit");
    DAMAGE(memset(bad + ENTRY(2), 'x', 16), "entry 2: name is not NUL-terminated");
    DAMAGE(bad[ENTRY(0)] = 0, "entry 0: empty name");
    DAMAGE(memcpy(bad + ENTRY(4), "hello", 6), "entry 4 (hello): duplicate name");
    DAMAGE(memcpy(bad + ENTRY(1), "zebra", 6), "entry 2 (empty): names out of order");
    DAMAGE(put_le(bad + ENTRY(3) + 16, 0x81, 8), "entry 3 (hello): offset 0x81 is not 16-byte aligned");
    DAMAGE(put_le(bad + ENTRY(3) + 16, 0x20, 8), "entry 3 (hello): offset 0x20 overlaps the entry table");
    DAMAGE(put_le(bad + ENTRY(3) + 16, 0, 8), "overlaps the entry table");
    DAMAGE(put_le(bad + ENTRY(3) + 24, len, 8), "entry 3 (hello):");
    DAMAGE(put_le(bad + ENTRY(3) + 24, len, 8), "run past the end");
    DAMAGE(put_le(bad + ENTRY(4) + 16, 0xfffffffffffffff0ull, 8), "entry 4 (monitor): 1 bytes at offset 0xfffffffffffffff0 run past");
    DAMAGE(put_le(bad + ENTRY(4) + 24, UINT64_MAX, 8), "18446744073709551615 bytes");
    DAMAGE(put_le(bad + ENTRY(4) + 16, len, 8) , "entry 4 (monitor): 1 bytes at offset");
    /* Fewer entries than stored is fine: the table is just shorter. */
    memcpy(bad, good, len);
    put_le(bad + 12, 2, 4);
    CHECK_EQ(archive_open(&a, bad, len, err, sizeof err), 0);
    CHECK_EQ(a.count, 2);
    CHECK_EQ(archive_find(&a, "hello", NULL, NULL), -TABULA_ENOENT);
#undef DAMAGE

    /* Cut at every length: refused with a message, or (once only the last
     * file's padding is gone) accepted with every file inside. */
    for (size_t n = 0; n < len; n++) {
        uint8_t *cut = malloc(n ? n : 1);
        memcpy(cut, good, n);
        err[0] = 0;
        int rc = archive_open(&a, cut, n, err, sizeof err);
        if (rc == 0) {
            for (uint32_t i = 0; i < a.count; i++) {
                const void *data;
                size_t size;
                CHECK_EQ(archive_entry(&a, i, NULL, &data, &size), 0);
                CHECK((const uint8_t *)data + size <= cut + n);
            }
        } else {
            CHECK_EQ(rc, -TABULA_EINVAL);
            CHECK(err[0] != 0);
        }
        free(cut);
    }
    free(bad);
    free(good);
}
