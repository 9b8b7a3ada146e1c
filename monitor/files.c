/*
 * files.c: the Monitor's file commands. The Monitor is a child of the
 * kernel, so it sees the whole volume; relative paths go from its working
 * directory (cd, pwd), which the kernel keeps as it does for any task.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "commands.h"
#include "fmt.h"
#include "frontend.h"
#include "tabula_app.h"
#include "term.h"

#define COPY_CHUNK 4096

static char buf[COPY_CHUNK];

static bool have_files(const char *cmd)
{
    if (TABULA_HAS(grant_list))
        return true;
    term_error("%s: this kernel has no file calls", cmd);
    return false;
}

static const char *why(int rc)
{
    return rc == -TABULA_ENOENT ? "no such file or directory" : fmt_error(rc);
}

static int fail(const char *cmd, const char *path, int rc)
{
    term_error("%s: %s: %s", cmd, path, why(rc));
    return 1;
}

static bool args(int argc, int want, const char *usage)
{
    if (argc == want + 1)
        return true;
    term_error("usage: %s", usage);
    return false;
}

/* "2026-12-03 04:20" in UTC; "-" when the file has no date. */
static void date_text(char *out, size_t cap, int64_t secs)
{
    if (secs <= 0) {
        snprintf(out, cap, "%-16s", "-");
        return;
    }
    time_t t = (time_t)secs;
    struct tm tm;
    gmtime_r(&t, &tm);
    snprintf(out, cap, "%04d-%02d-%02d %02d:%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
             tm.tm_hour, tm.tm_min);
}

/* What ls shows a name as. */
enum kind { KIND_DIR, KIND_APP, KIND_TEXT, KIND_OTHER };

/* name ends in ext, ignoring ASCII case (FAT keeps what was typed). */
static bool ends_with(const char *name, const char *ext)
{
    size_t n = strlen(name), e = strlen(ext);
    if (n <= e)
        return false;
    for (size_t i = 0; i < e; i++) {
        char c = name[n - e + i];
        if (c >= 'A' && c <= 'Z')
            c += 'a' - 'A';
        if (c != ext[i])
            return false;
    }
    return true;
}

/* By the name, as LS_COLORS does: reading each file to guess would cost a
 * directory of a thousand files a thousand opens. An .elf is an app
 * (`run NAME` finds /bin's, `run /PATH` the others). */
static enum kind kind_of(const char *name, const struct tabula_stat *st)
{
    static const char *const text[] = {
        ".txt", ".md", ".c", ".h", ".lua", ".py", ".sh", ".sql", ".csv", ".json", ".log",
        ".cfg", ".ini", ".conf", ".html", ".xml", ".mk", ".s",
    };
    if (st->is_dir)
        return KIND_DIR;
    if (ends_with(name, ".elf"))
        return KIND_APP;
    for (size_t i = 0; i < sizeof text / sizeof text[0]; i++)
        if (ends_with(name, text[i]))
            return KIND_TEXT;
    return KIND_OTHER;
}

static void ls_entry(const char *name, const struct tabula_stat *st, bool longform)
{
    /* Colour and, where the console may draw beyond ASCII (the tabbed one;
     * the plain console stays plain text for scripts), an icon per kind.
     * Directories also get a trailing '/', as in most shells. */
    static const enum term_style styles[] = {TERM_CYAN, TERM_PINK, TERM_RESET, TERM_DIM};
    static const char *const icons[] = {"\xe2\x96\xa0 ",   /* U+25A0 a folder's block */
                                        "\xe2\x96\xb6 ",   /* U+25B6 something to run */
                                        "\xe2\x89\xa1 ",   /* U+2261 lines of text */
                                        "\xe2\x80\xa2 "};  /* U+2022 anything else */
    enum kind k = kind_of(name, st);
    const char *style = term_style(styles[k]), *icon = frontend->unicode ? icons[k] : "";
    if (longform) {
        char date[48], size[24];
        date_text(date, sizeof date, st->mtime);
        if (st->is_dir)
            snprintf(size, sizeof size, "-");
        else
            snprintf(size, sizeof size, "%llu", (unsigned long long)st->size);
        term_printf("%c%s %10s  %s  %s%s%s%s%s\n", st->is_dir ? 'd' : '-',
                    st->read_only ? "r-" : "rw", size, date, style, icon, name,
                    st->is_dir ? "/" : "", term_style(TERM_RESET));
    } else {
        term_printf("%s%s%s%s%s\n", style, icon, name, st->is_dir ? "/" : "",
                    term_style(TERM_RESET));
    }
}

int cmd_ls(int argc, char **argv)
{
    bool longform = false;
    const char *path = ".";
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-l") == 0)
            longform = true;
        else if (argv[i][0] == '-') {
            term_error("usage: ls [-l] [PATH]");
            return 1;
        } else
            path = argv[i];
    }
    if (!have_files("ls"))
        return 1;
    struct tabula_stat st;
    int rc = tabula->path_stat(path, &st);
    if (rc < 0)
        return fail("ls", path, rc);
    if (!st.is_dir) {
        ls_entry(path, &st, longform);
        return 0;
    }
    int fd = tabula->file_open(path, TABULA_O_DIR);
    if (fd < 0)
        return fail("ls", path, fd);
    static struct tabula_dirent d;
    while ((rc = tabula->dir_read(fd, &d)) == 1)
        if (strcmp(d.name, ".") && strcmp(d.name, ".."))
            ls_entry(d.name, &d.st, longform);
    tabula->file_close(fd);
    return rc < 0 ? fail("ls", path, rc) : 0;
}

int cmd_cat(int argc, char **argv)
{
    if (!args(argc, 1, "cat FILE") || !have_files("cat"))
        return 1;
    int fd = tabula->file_open(argv[1], TABULA_O_READ);
    if (fd < 0)
        return fail("cat", argv[1], fd);
    long n;
    while ((n = tabula->file_read(fd, buf, sizeof buf)) > 0)
        term_printf("%.*s", (int)n, buf);
    tabula->file_close(fd);
    return n < 0 ? fail("cat", argv[1], (int)n) : 0;
}

int cmd_hexdump(int argc, char **argv)
{
    if (!args(argc, 1, "hexdump FILE") || !have_files("hexdump"))
        return 1;
    int fd = tabula->file_open(argv[1], TABULA_O_READ);
    if (fd < 0)
        return fail("hexdump", argv[1], fd);
    long n;
    uint64_t at = 0;
    while ((n = tabula->file_read(fd, buf, 16)) > 0) {
        term_printf("%s%08llx%s ", term_style(TERM_VIOLET), (unsigned long long)at,
                    term_style(TERM_RESET));
        for (int i = 0; i < 16; i++)
            term_printf(i < n ? " %02x" : "   ", (unsigned char)buf[i]);
        term_printf("  |");
        for (int i = 0; i < n; i++)
            term_printf("%c", buf[i] >= 32 && buf[i] < 127 ? buf[i] : '.');
        term_printf("|\n");
        at += (uint64_t)n;
    }
    tabula->file_close(fd);
    return n < 0 ? fail("hexdump", argv[1], (int)n) : 0;
}

int cmd_cp(int argc, char **argv)
{
    if (!args(argc, 2, "cp FROM TO") || !have_files("cp"))
        return 1;
    int in = tabula->file_open(argv[1], TABULA_O_READ);
    if (in < 0)
        return fail("cp", argv[1], in);
    int out = tabula->file_open(argv[2], TABULA_O_WRITE | TABULA_O_CREATE | TABULA_O_TRUNC);
    if (out < 0) {
        tabula->file_close(in);
        return fail("cp", argv[2], out);
    }
    long n, w = 0;
    while ((n = tabula->file_read(in, buf, sizeof buf)) > 0)
        if ((w = tabula->file_write(out, buf, (size_t)n)) < 0)
            break;
    tabula->file_close(in);
    int rc = tabula->file_close(out);
    if (n < 0)
        return fail("cp", argv[1], (int)n);
    if (w < 0 || rc < 0)
        return fail("cp", argv[2], w < 0 ? (int)w : rc);
    return 0;
}

/* mv, rm, mkdir, rmdir, cd: one call each. */
int cmd_mv(int argc, char **argv)
{
    if (!args(argc, 2, "mv FROM TO") || !have_files("mv"))
        return 1;
    int rc = tabula->rename(argv[1], argv[2]);
    return rc < 0 ? fail("mv", argv[1], rc) : 0;
}

static int one_path(int argc, char **argv, const char *usage, int (*call)(const char *))
{
    if (!args(argc, 1, usage) || !have_files(argv[0]))
        return 1;
    int rc = call(argv[1]);
    return rc < 0 ? fail(argv[0], argv[1], rc) : 0;
}

int cmd_rm(int argc, char **argv)
{
    return one_path(argc, argv, "rm FILE", tabula->unlink);
}

int cmd_mkdir(int argc, char **argv)
{
    return one_path(argc, argv, "mkdir DIR", tabula->mkdir);
}

int cmd_rmdir(int argc, char **argv)
{
    return one_path(argc, argv, "rmdir DIR", tabula->rmdir);
}

int cmd_cd(int argc, char **argv)
{
    if (argc == 1) {
        static char *home[] = {"cd", "/"};
        return one_path(2, home, "cd [DIR]", tabula->chdir);
    }
    return one_path(argc, argv, "cd [DIR]", tabula->chdir);
}

int cmd_pwd(int argc, char **argv)
{
    if (cmd_no_args(argc, argv) || !have_files("pwd"))
        return 1;
    char cwd[TABULA_PATH_MAX];
    int rc = tabula->getcwd(cwd, sizeof cwd);
    if (rc < 0)
        return fail("pwd", ".", rc);
    term_printf("%s\n", cwd);
    return 0;
}

int cmd_df(int argc, char **argv)
{
    if (cmd_no_args(argc, argv) || !have_files("df"))
        return 1;
    struct tabula_fs_info fs;
    int rc = tabula->fs_info(&fs);
    if (rc < 0)
        return fail("df", "/", rc);
    if (!fs.device[0]) {
        term_error("df: no volume is mounted (no disk, or no FAT volume on it)");
        return 1;
    }
    char total[24], used[24], free[24], cache[24];
    term_printf("%s%s%s on /%s: %s total, %s used, %s free\n", term_style(TERM_CYAN), fs.device,
                term_style(TERM_RESET), fs.read_only ? " (read-only)" : "",
                fmt_size(total, sizeof total, fs.total_bytes),
                fmt_size(used, sizeof used, fs.total_bytes - fs.free_bytes),
                fmt_size(free, sizeof free, fs.free_bytes));
    uint64_t lookups = fs.cache_hits + fs.cache_misses;
    term_printf("cache %s: %llu%% hits of %llu, %u blocks dirty; device %llu reads, %llu writes\n",
                fmt_size(cache, sizeof cache, (uint64_t)fs.cache_blocks * fs.cache_block_bytes),
                (unsigned long long)(lookups ? fs.cache_hits * 100 / lookups : 0),
                (unsigned long long)lookups, (unsigned)fs.cache_dirty,
                (unsigned long long)fs.dev_reads, (unsigned long long)fs.dev_writes);
    return 0;
}

int cmd_sync(int argc, char **argv)
{
    if (cmd_no_args(argc, argv) || !have_files("sync"))
        return 1;
    int rc = tabula->sync();
    return rc < 0 ? fail("sync", "/", rc) : 0;
}

int cmd_grant(int argc, char **argv)
{
    if (!args(argc, 1, "grant ID") || !have_files("grant"))
        return 1;
    char *end;
    long id = strtol(argv[1], &end, 10);
    if (*end || id <= 0) {
        term_error("grant: '%s' is not a task id", argv[1]);
        return 1;
    }
    static struct tabula_grant g[TABULA_GRANT_MAX];
    int n = tabula->grant_list((int)id, g, TABULA_GRANT_MAX);
    if (n < 0) {
        term_error("grant: task %ld: %s", id, fmt_error(n));
        return 1;
    }
    if (n == 0)
        term_printf("task %ld sees no files\n", id);
    for (int i = 0; i < n; i++)
        term_printf("%s%-3s%s %s\n", term_style(TERM_CYAN),
                    g[i].mode & TABULA_GRANT_WRITE ? "rw" : "ro", term_style(TERM_RESET), g[i].path);
    return 0;
}

int files_complete(const char *word, size_t len, const char **out, int max)
{
    static char names[FILES_COMPLETE_MAX][2 * TABULA_PATH_MAX + 2];
    static struct tabula_dirent d;
    char dir[TABULA_PATH_MAX];
    if (!TABULA_HAS(dir_read) || len >= sizeof dir)
        return 0;
    size_t cut = len;
    while (cut > 0 && word[cut - 1] != '/')
        cut--;
    /* The directory part as typed, kept in front of each candidate. */
    memcpy(dir, word, cut);
    dir[cut] = 0;
    int fd = tabula->file_open(cut ? dir : ".", TABULA_O_DIR);
    if (fd < 0)
        return 0;
    int n = 0;
    if (max > FILES_COMPLETE_MAX)
        max = FILES_COMPLETE_MAX;
    while (n < max && tabula->dir_read(fd, &d) == 1) {
        if (d.name[0] == '.' || strncmp(d.name, word + cut, len - cut) != 0)
            continue;
        snprintf(names[n], sizeof names[n], "%s%s%s", dir, d.name, d.st.is_dir ? "/" : "");
        out[n] = names[n];
        n++;
    }
    tabula->file_close(fd);
    return n;
}
