/*
 * grant.c: the Monitor's capability policy (see grant.h). An app asks for
 * capabilities in its ELF note; the kernel reports the request through
 * app_list. The archive is fixed when the kernel is built, so the list is
 * read once, on the first run that needs it.
 */
#include "grant.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "fmt.h"
#include "tabula_app.h"
#include "term.h"

#define GRANT_APPS_MAX 64
/* Never given out: halting and rebooting are the user's call. */
#define GRANT_WITHHELD TABULA_CAP_POWER

static struct tabula_app_info apps[GRANT_APPS_MAX];
static int napps = -1;

static uint32_t declared(const char *app)
{
    if (napps < 0)
        napps = tabula->app_list(apps, GRANT_APPS_MAX);
    for (int i = 0; i < napps; i++)
        if (strncmp(apps[i].name, app, TABULA_NAME_MAX) == 0)
            return apps[i].caps;
    return 0;
}

uint32_t grant_caps(const char *app)
{
    return declared(app) & TABULA_CAP_ALL & ~GRANT_WITHHELD;
}

void grant_report(const char *app, uint32_t granted)
{
    static const char *const names[] = {
        "SPAWN", "KILL", "TASKS", "STATS", "LOGREAD", "POWER", "BENCH", "DISPLAY",
    };
    uint32_t refused = declared(app) & GRANT_WITHHELD;

    if (!granted && !refused)
        return;
    term_printf("%s[%s granted", term_style(TERM_DIM), app);
    for (unsigned i = 0; i < sizeof names / sizeof names[0]; i++)
        if (granted & (1u << i))
            term_printf(" %s", names[i]);
    if (!granted)
        term_printf(" nothing");
    if (refused)
        term_printf("; POWER withheld");
    term_printf("]%s\n", term_style(TERM_RESET));
}

void grant_app_name(const char *app, char *out, size_t cap)
{
    const char *base = strrchr(app, '/');
    base = base ? base + 1 : app;
    size_t len = strlen(base);
    if (len > 4 && strcmp(base + len - 4, ".elf") == 0)
        len -= 4;
    snprintf(out, cap, "%.*s", (int)len, base);
}

/* PATH:ro or PATH:rw, len bytes of spec, into out: NULL, or what is wrong.
 * The path must be written plainly (no '.', '..', empty components or a
 * trailing '/'), so that comparing it with other grants is comparing text. */
static const char *parse_spec(const char *spec, size_t len, struct tabula_grant *out)
{
    size_t plen = len >= 3 ? len - 3 : 0;
    const char *mode = spec + plen;

    if (len < 4 || (memcmp(mode, ":ro", 3) && memcmp(mode, ":rw", 3)) || spec[0] != '/')
        return "wants an absolute PATH:ro or PATH:rw";
    if (plen >= sizeof out->path)
        return "path too long";
    for (size_t i = 0; i < plen; i++)
        if (spec[i] == '/' && ((i + 1 < plen && spec[i + 1] == '/') || (i + 1 == plen && i) ||
                               (i + 1 < plen && spec[i + 1] == '.' &&
                                (i + 2 == plen || spec[i + 2] == '/' ||
                                 (spec[i + 2] == '.' && (i + 3 == plen || spec[i + 3] == '/'))))))
            return "path has an empty, '.' or '..' component";
    memcpy(out->path, spec, plen);
    out->path[plen] = 0;
    out->mode = TABULA_GRANT_READ | (mode[2] == 'w' ? TABULA_GRANT_WRITE : 0);
    return NULL;
}

int grant_parse(const char *spec, struct tabula_grant *out)
{
    const char *colon = strrchr(spec, ':');
    size_t len = colon ? (size_t)(colon - spec) : 0;
    if (!colon || (strcmp(colon, ":ro") && strcmp(colon, ":rw")) || len == 0 || spec[0] != '/') {
        term_error("run: --fs wants an absolute PATH:ro or PATH:rw, not '%s'", spec);
        return -1;
    }
    if (len >= sizeof out->path) {
        term_error("run: --fs path too long (at most %d bytes)", TABULA_PATH_MAX - 1);
        return -1;
    }
    memcpy(out->path, spec, len);
    out->path[len] = 0;
    out->mode = TABULA_GRANT_READ | (colon[2] == 'w' ? TABULA_GRANT_WRITE : 0);
    return 0;
}

/* path lies in dir (ignoring ASCII case, as FAT and the kernel's grants
 * do). */
static bool within(const char *path, const char *dir)
{
    size_t n = strlen(dir);

    if (n == 1 && dir[0] == '/')
        return true;
    for (size_t i = 0; i < n; i++) {
        char a = path[i], b = dir[i];

        if (a >= 'A' && a <= 'Z')
            a += 'a' - 'A';
        if (b >= 'A' && b <= 'Z')
            b += 'a' - 'A';
        if (a != b)
            return false;
    }
    return path[n] == 0 || path[n] == '/';
}

/*
 * The grants app's ELF note asks for (TABULA_APP_FS), after out[0..n):
 * the policy of NOTES.md's "The sandbox". Read-only asks are granted,
 * except over /data (other apps' files) or the whole volume; read-write
 * asks are refused unless the user's --fs already grants that much: the
 * person at the prompt decides what an app may change. Each ask is shown
 * with its outcome, and logged. Returns the new count.
 */
static int grant_from_note(const char *base, const char *asks,
                           struct tabula_grant *out, int n)
{
    char own[TABULA_PATH_MAX], why[TABULA_PATH_MAX + 64];
    const char *p = asks;
    bool first = true;

    snprintf(own, sizeof own, "/data/%s", base);
    while (*p) {
        struct tabula_grant g;
        const char *start, *end, *bad, *refused = NULL;
        size_t len;

        while (*p == ' ')
            p++;
        if (!*p)
            break;
        for (start = p, end = p; *end && *end != ' '; end++)
            ;
        len = (size_t)(end - start);
        p = end;
        if (first)
            term_printf("%s[%s asks ", term_style(TERM_DIM), base);
        term_printf("%s%.*s: ", first ? "" : "; ", (int)len, start);
        first = false;
        bad = parse_spec(start, len, &g);
        if (bad) {
            snprintf(why, sizeof why, "refused, %s", bad);
        } else {
            bool covered = within(g.path, own);

            for (int i = 0; i < n && !covered; i++)
                covered = within(g.path, out[i].path) && (out[i].mode & g.mode) == g.mode;
            if (covered) {
                snprintf(why, sizeof why, "granted already");
                g.mode = 0;
            } else if (g.mode & TABULA_GRANT_WRITE) {
                refused = "read-write needs";
            } else if (within(own, g.path) || within(g.path, "/data")) {
                refused = "other apps' data needs";
            } else if (n == TABULA_GRANT_MAX) {
                snprintf(why, sizeof why, "refused, %d grants at most", TABULA_GRANT_MAX);
                g.mode = 0;
            } else {
                snprintf(why, sizeof why, "granted");
                out[n++] = g;
            }
            if (refused)
                snprintf(why, sizeof why, "refused, %s --fs %s:%s", refused, g.path,
                         g.mode & TABULA_GRANT_WRITE ? "rw" : "ro");
        }
        term_printf("%s", why);
        {
            char line[TABULA_LOG_TEXT_MAX];

            snprintf(line, sizeof line, "%s's note asks %.*s: %.*s", base, (int)len, start,
                     (int)(sizeof line / 2), why);
            tabula->log(TABULA_LOG_INFO, line);
        }
    }
    if (!first)
        term_printf("]%s\n", term_style(TERM_RESET));
    return n;
}

int grant_files(const char *app, const struct tabula_grant *fs, int nfs,
                struct tabula_grant out[TABULA_GRANT_MAX])
{
    int n = 0;
    struct tabula_fs_info info;
    struct tabula_app_note note;
    char base[TABULA_NAME_MAX];
    grant_app_name(app, base, sizeof base);
    if (TABULA_HAS(fs_info) && tabula->fs_info(&info) == 0 && info.device[0] && !info.read_only) {
        snprintf(out[0].path, sizeof out[0].path, "/data/%s", base);
        out[0].mode = TABULA_GRANT_READ | TABULA_GRANT_WRITE;
        tabula->mkdir("/data");
        int rc = tabula->mkdir(out[0].path);
        if (rc == 0 || rc == -TABULA_EEXIST)
            n = 1;
        else
            term_error("run: can't make %s: %s", out[0].path, fmt_error(rc));
    }
    for (int i = 0; i < nfs && n < TABULA_GRANT_MAX; i++)
        out[n++] = fs[i];
    if (nfs) {
        term_printf("%s[%s sees", term_style(TERM_DIM), base);
        for (int i = 0; i < n; i++)
            term_printf(" %s:%s", out[i].path, out[i].mode & TABULA_GRANT_WRITE ? "rw" : "ro");
        term_printf("]%s\n", term_style(TERM_RESET));
    }
    /* A spawn that will fail (no such app) says so itself. */
    if (TABULA_HAS(app_note) && tabula->app_note(app, &note) == 0 && note.fs[0]) {
        note.fs[sizeof note.fs - 1] = 0;
        n = grant_from_note(base, note.fs, out, n);
    }
    return n;
}
