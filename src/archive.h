/*
 * archive.h: the app archive, one read-only image holding every app ELF,
 * built by tools/mkarchive.py and linked into the kernel.
 *
 * Layout, little-endian:
 *   header  { char magic[8] = "TABULAAR"; uint32_t version = 1; uint32_t count; }
 *   entries { char name[16]; uint64_t offset; uint64_t size; } x count,
 *            names NUL-terminated and in strictly ascending strcmp order
 *   files, each at a 16-byte aligned offset from the start of the image
 */
#ifndef ARCHIVE_H
#define ARCHIVE_H

#include <stddef.h>
#include <stdint.h>

#define ARCHIVE_MAGIC "TABULAAR"
#define ARCHIVE_VERSION 1
#define ARCHIVE_NAME_MAX 16   /* with the NUL */
#define ARCHIVE_ALIGN 16

struct archive {
    const uint8_t *base;
    size_t len;
    uint32_t count;
};

/* Validates the header and every entry (name terminated and in order,
 * file aligned and inside the image) and fills *a. Returns 0, or
 * -TABULA_EINVAL with a message in err naming the entry and the fault. */
int archive_open(struct archive *a, const void *image, size_t len, char *err,
                 size_t errlen);

/* Entry index: 0, or -TABULA_ENOENT past the last entry. */
int archive_entry(const struct archive *a, uint32_t index, const char **name,
                  const void **data, size_t *size);

/* The file named name: 0, or -TABULA_ENOENT. */
int archive_find(const struct archive *a, const char *name, const void **data,
                 size_t *size);

#endif
