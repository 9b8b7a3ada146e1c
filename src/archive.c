/*
 * archive.c: reads the app archive (format in archive.h). archive_open
 * checks everything once, so lookups afterwards only index the entry table;
 * since names are sorted, archive_find is a binary search. Fields are read
 * a byte at a time, so the image needs no particular alignment.
 */
#include "archive.h"

#include <string.h>

#include "errmsg.h"
#include "tabula.h"

#define HEADER_SIZE 16
#define ENTRY_SIZE 32

static uint32_t le32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
           (uint32_t)p[3] << 24;
}

static uint64_t le64(const uint8_t *p)
{
    return le32(p) | (uint64_t)le32(p + 4) << 32;
}

static const uint8_t *entry_at(const struct archive *a, uint32_t index)
{
    return a->base + HEADER_SIZE + (size_t)index * ENTRY_SIZE;
}

/* Checks entry i; prev is the previous entry's name (or NULL). */
static int check_entry(const struct archive *a, uint32_t i, const char *prev,
                       char *err, size_t errlen)
{
    const uint8_t *e = entry_at(a, i);
    const char *name = (const char *)e;
    if (!memchr(name, 0, ARCHIVE_NAME_MAX))
        return errmsg_invalid(err, errlen, "app archive: entry %u: name is not "
                    "NUL-terminated within %d bytes", i, ARCHIVE_NAME_MAX);
    if (!name[0])
        return errmsg_invalid(err, errlen, "app archive: entry %u: empty name", i);
    if (prev && strcmp(prev, name) >= 0)
        return errmsg_invalid(err, errlen, "app archive: entry %u (%s): %s", i, name,
                    strcmp(prev, name) == 0 ? "duplicate name"
                                            : "names out of order");
    uint64_t offset = le64(e + 16), size = le64(e + 24);
    uint64_t table_end = HEADER_SIZE + (uint64_t)a->count * ENTRY_SIZE;
    if (offset % ARCHIVE_ALIGN)
        return errmsg_invalid(err, errlen, "app archive: entry %u (%s): offset 0x%llx "
                    "is not %d-byte aligned", i, name,
                    (unsigned long long)offset, ARCHIVE_ALIGN);
    if (offset < table_end)
        return errmsg_invalid(err, errlen, "app archive: entry %u (%s): offset 0x%llx "
                    "overlaps the entry table", i, name,
                    (unsigned long long)offset);
    if (offset > a->len || size > a->len - offset)
        return errmsg_invalid(err, errlen, "app archive: entry %u (%s): %llu bytes at "
                    "offset 0x%llx run past the end of the %zu-byte image",
                    i, name, (unsigned long long)size,
                    (unsigned long long)offset, a->len);
    return 0;
}

int archive_open(struct archive *a, const void *image, size_t len, char *err,
                 size_t errlen)
{
    memset(a, 0, sizeof *a);
    const uint8_t *b = image;
    if (!b)
        return errmsg_invalid(err, errlen, "app archive: missing (null pointer)");
    if (len < HEADER_SIZE)
        return errmsg_invalid(err, errlen, "app archive: %zu bytes is shorter than the "
                    "%d-byte header", len, HEADER_SIZE);
    if (memcmp(b, ARCHIVE_MAGIC, 8) != 0)
        return errmsg_invalid(err, errlen, "app archive: bad magic (not a TABULAAR "
                    "image)");
    uint32_t version = le32(b + 8), count = le32(b + 12);
    if (version != ARCHIVE_VERSION)
        return errmsg_invalid(err, errlen, "app archive: version %u, this kernel reads "
                    "version %d", version, ARCHIVE_VERSION);
    if (count > (len - HEADER_SIZE) / ENTRY_SIZE)
        return errmsg_invalid(err, errlen, "app archive: %u entries do not fit in %zu "
                    "bytes", count, len);
    struct archive tmp = {b, len, count};
    const char *prev = NULL;
    for (uint32_t i = 0; i < count; i++) {
        int rc = check_entry(&tmp, i, prev, err, errlen);
        if (rc)
            return rc;
        prev = (const char *)entry_at(&tmp, i);
    }
    *a = tmp;
    return 0;
}

int archive_entry(const struct archive *a, uint32_t index, const char **name,
                  const void **data, size_t *size)
{
    if (index >= a->count)
        return -TABULA_ENOENT;
    const uint8_t *e = entry_at(a, index);
    if (name)
        *name = (const char *)e;
    if (data)
        *data = a->base + le64(e + 16);
    if (size)
        *size = (size_t)le64(e + 24);
    return 0;
}

int archive_find(const struct archive *a, const char *name, const void **data,
                 size_t *size)
{
    uint32_t lo = 0, hi = a->count;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        int c = strncmp(name, (const char *)entry_at(a, mid), ARCHIVE_NAME_MAX);
        if (c == 0)
            return archive_entry(a, mid, NULL, data, size);
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return -TABULA_ENOENT;
}
