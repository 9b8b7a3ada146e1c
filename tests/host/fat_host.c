/* fat_host.c: the FAT tests' device, hooks and helpers (fat_host.h). */
#include "fat_host.h"
#include "check.h"
#include "tabula.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int64_t fat_host_time = 1767225600; /* 2026-01-01 00:00:00 UTC */

int64_t fat_time_now(void) { return fat_host_time; }
void *fat_alloc(size_t size) { return malloc(size ? size : 1); }
void fat_free(void *p) { free(p); }

static int md_read(struct block_device *dev, uint64_t lba, uint32_t count, void *buf)
{
    struct mem_disk *d = dev->driver;

    if (!count || lba + count > dev->sectors)
        return -TABULA_EIO;
    memcpy(buf, d->data + lba * BLOCK_SECTOR, (size_t)count * BLOCK_SECTOR);
    d->reads++;
    d->read_sectors += count;
    return 0;
}

static int md_write(struct block_device *dev, uint64_t lba, uint32_t count, const void *buf)
{
    struct mem_disk *d = dev->driver;

    if (!count || lba + count > dev->sectors || dev->read_only)
        return -TABULA_EIO;
    if (d->fail_after_writes == 0)
        return -TABULA_EIO;
    if (d->fail_after_writes > 0)
        d->fail_after_writes--;
    memcpy(d->data + lba * BLOCK_SECTOR, buf, (size_t)count * BLOCK_SECTOR);
    d->writes++;
    d->written_sectors += count;
    return 0;
}

static int md_flush(struct block_device *dev) { return 0; }

struct mem_disk *mem_disk_from(const void *data, size_t size)
{
    struct mem_disk *d = calloc(1, sizeof *d);

    d->size = size;
    d->data = malloc(size ? size : 1);
    memcpy(d->data, data, size);
    d->dev.name = "mem";
    d->dev.sectors = size / BLOCK_SECTOR;
    d->dev.read = md_read;
    d->dev.write = md_write;
    d->dev.flush = md_flush;
    d->dev.driver = d;
    d->fail_after_writes = -1;
    return d;
}

struct mem_disk *mem_disk_load(const char *path)
{
    size_t len;
    uint8_t *data = check_read_file(path, &len);
    struct mem_disk *d;

    if (!data) {
        check_fail(__FILE__, __LINE__, path);
        return NULL;
    }
    d = mem_disk_from(data, len);
    free(data);
    return d;
}

int mem_disk_save(struct mem_disk *d, const char *path)
{
    return check_write_file(path, d->data, d->size);
}

void mem_disk_free(struct mem_disk *d)
{
    if (d) {
        free(d->data);
        free(d);
    }
}

int fat_sh(const char *fmt, ...)
{
    char cmd[4096];
    va_list ap;
    int rc;

    va_start(ap, fmt);
    vsnprintf(cmd, sizeof cmd, fmt, ap);
    va_end(ap);
    rc = system(cmd);
    return rc == -1 ? -1 : WEXITSTATUS(rc);
}

static char tmpdir[64];

const char *fat_tmp(void)
{
    if (!tmpdir[0]) {
        strcpy(tmpdir, "/tmp/tabula-fat-XXXXXX");
        if (!mkdtemp(tmpdir))
            check_fail(__FILE__, __LINE__, "mkdtemp");
    }
    return tmpdir;
}

void fat_tmp_done(void)
{
    /* FAT_KEEP=1 leaves the images for a look after a failure. */
    if (tmpdir[0]) {
        if (!getenv("FAT_KEEP"))
            fat_sh("rm -rf %s", tmpdir);
        tmpdir[0] = 0;
    }
}
