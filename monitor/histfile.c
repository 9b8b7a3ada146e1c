/*
 * histfile.c: histories kept across runs and boots (see histfile.h).
 *
 * Each entered line is appended to its file at once: an app that crashes
 * or is killed loses nothing, and the write lands in the block cache, so
 * typing costs no device writes (the cache reaches the disk on sync, halt
 * and reboot). A file that reaches HISTFILE_MAX is rewritten from memory,
 * at most HISTORY_LINES lines, so it stays small whatever is typed.
 */
#include "histfile.h"

#include <stdio.h>
#include <string.h>

#include "fmt.h"
#include "tabula_app.h"

enum disk { DISK_NONE, DISK_READ_ONLY, DISK_WRITABLE };

static char text[HISTFILE_MAX];
static bool told; /* a failed write was logged: once a boot is enough */

static enum disk disk(void)
{
    struct tabula_fs_info info;
    if (!TABULA_HAS(fs_info) || tabula->fs_info(&info) != 0 || !info.device[0])
        return DISK_NONE;
    return info.read_only ? DISK_READ_ONLY : DISK_WRITABLE;
}

static void path_of(const struct history_named *e, char *path, size_t cap)
{
    snprintf(path, cap, "%s/%s", HISTFILE_DIR, e->name);
}

/* A read or a write that failed: logged once a boot, however often it
 * fails again (every line typed would). */
static void tell(const char *path, bool writing, int rc)
{
    char line[160];
    if (told)
        return;
    told = true;
    snprintf(line, sizeof line, "history: can't %s %s: %s%s", writing ? "write" : "read", path,
             fmt_error(rc), writing ? "; lines typed are kept until the reboot only" : "");
    tabula->log(TABULA_LOG_WARN, line);
}

/* Opens name's file for writing, making its directory the first time. */
static int open_for_write(const char *path, uint32_t flags)
{
    int fd = tabula->file_open(path, TABULA_O_WRITE | TABULA_O_CREATE | flags);
    if (fd == -TABULA_ENOENT) {
        tabula->mkdir("/data");
        int rc = tabula->mkdir(HISTFILE_DIR);
        fd = rc < 0 && rc != -TABULA_EEXIST
                 ? rc /* why the directory is missing says more */
                 : tabula->file_open(path, TABULA_O_WRITE | TABULA_O_CREATE | flags);
    }
    if (fd < 0)
        tell(path, true, fd);
    return fd;
}

static void write_all(int fd, const char *path, const char *buf, size_t len)
{
    long n = tabula->file_write(fd, buf, len);
    if (n != (long)len)
        tell(path, true, n < 0 ? (int)n : -TABULA_ENOSPC);
}

/* Writes the file anew from memory. */
static void rewrite(struct history_named *e)
{
    char path[64];
    path_of(e, path, sizeof path);
    int fd = open_for_write(path, TABULA_O_TRUNC);
    if (fd < 0)
        return;
    size_t len = history_format(&e->h, text, sizeof text);
    write_all(fd, path, text, len);
    tabula->file_close(fd);
    e->file_bytes = (uint32_t)len;
}

/* Reads the file's last HISTFILE_MAX bytes; a file that had more, or had
 * junk in it, is rewritten clean. */
static void load(struct history_named *e)
{
    char path[64];
    struct tabula_stat st;
    enum disk d = disk();
    e->loaded = true;
    if (d == DISK_NONE)
        return;
    path_of(e, path, sizeof path);
    int fd = tabula->file_open(path, TABULA_O_READ);
    if (fd < 0) {
        if (fd != -TABULA_ENOENT)
            tell(path, false, fd);
        return;
    }
    uint64_t from = 0;
    if (tabula->file_stat(fd, &st) == 0 && st.size > sizeof text) {
        from = st.size - sizeof text;
        tabula->file_seek(fd, (int64_t)from, TABULA_SEEK_SET);
    }
    size_t len = 0;
    long n;
    while (len < sizeof text && (n = tabula->file_read(fd, text + len, sizeof text - len)) > 0)
        len += (size_t)n;
    tabula->file_close(fd);
    int junk = history_parse(&e->h, text, len, from > 0);
    e->file_bytes = (uint32_t)(from + len);
    if (junk) {
        char line[160];
        snprintf(line, sizeof line, "history: %s: skipped %d line%s too long or not text", path,
                 junk, junk == 1 ? "" : "s");
        tabula->log(TABULA_LOG_WARN, line);
    }
    if ((junk || from) && d == DISK_WRITABLE)
        rewrite(e);
}

static struct history_named *get(const char *name)
{
    struct history_named *e = history_named(name);
    if (!e->loaded)
        load(e);
    return e;
}

const struct history *histfile_get(const char *name)
{
    return &get(name)->h;
}

void histfile_add(const char *name, const char *line)
{
    struct history_named *e = get(name);
    char path[64];
    if (!history_add(&e->h, line) || disk() != DISK_WRITABLE)
        return;
    size_t len = strlen(line);
    if (e->file_bytes + len + 1 > HISTFILE_MAX) {
        rewrite(e);
        return;
    }
    path_of(e, path, sizeof path);
    int fd = open_for_write(path, TABULA_O_APPEND);
    if (fd < 0)
        return;
    memcpy(text, line, len);
    text[len] = '\n';
    write_all(fd, path, text, len + 1);
    tabula->file_close(fd);
    e->file_bytes += (uint32_t)len + 1;
}
