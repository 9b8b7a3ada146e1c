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

int grant_files(const char *app, const struct tabula_grant *fs, int nfs,
                struct tabula_grant out[TABULA_GRANT_MAX])
{
    int n = 0;
    struct tabula_fs_info info;
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
    return n;
}
