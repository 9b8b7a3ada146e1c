/*
 * grant.c: the Monitor's capability policy (see grant.h). An app asks for
 * capabilities in its ELF note; the kernel reports the request through
 * app_list. The archive is fixed when the kernel is built, so the list is
 * read once, on the first run that needs it.
 */
#include "grant.h"

#include <stdbool.h>
#include <string.h>

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
