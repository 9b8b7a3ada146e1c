/*
 * tabcmds.c: the commands of the tabbed console: tabs, tab, close, resize,
 * theme, and watchdog (which works in plain mode too). In plain mode the
 * others say they need the tabbed console.
 */
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "fmt.h"
#include "parse.h"
#include "frontend.h"
#include "tabbed.h"
#include "tabs.h"
#include "tabula_app.h"
#include "term.h"
#include "theme.h"

static uint64_t watchdog_ns = TABULA_WATCHDOG_DEFAULT_NS;

static bool need_tabs(const char *name)
{
    if (!frontend->no_tabs)
        return true;
    term_error("%s: only in the tabbed console (%s)", name, frontend->no_tabs);
    return false;
}

static bool tab_number(int argc, char **argv, int *index)
{
    unsigned long n;
    if (argc != 2) {
        term_error("%s: usage: %s N (see tabs)", argv[0], argv[0]);
        return false;
    }
    if (!parse_number(argv[1], TAB_MAX, &n) || n == 0 || (int)n > tabs_count()) {
        term_error("%s: no tab '%s' (see tabs)", argv[0], argv[1]);
        return false;
    }
    *index = (int)n - 1;
    return true;
}

int cmd_tabs(int argc, char **argv)
{
    static const char *const states[] = {
        [TAB_IDLE] = "", [TAB_RUNNING] = "running", [TAB_WAITING] = "waiting",
        [TAB_HUNG] = "not responding", [TAB_EXITED] = "ended", [TAB_FAILED] = "ended",
    };
    if (cmd_no_args(argc, argv) || !need_tabs(argv[0]))
        return 1;
    term_printf("%s TAB NAME            TASK  STATE%s\n", term_style(TERM_PINK),
                term_style(TERM_RESET));
    for (int i = 0; i < tabs_count(); i++) {
        const struct tab *t = tabs_get(i);
        char task[16] = "-";
        if (t->task)
            snprintf(task, sizeof task, "%d", t->task);
        term_printf("%s%4d%s %-15s %5s  %s%s%s\n", i == tabs_focus() ? term_style(TERM_CYAN) : "",
                    i + 1, term_style(TERM_RESET), t->name, task,
                    t->state == TAB_HUNG ? term_style(TERM_YELLOW) : "",
                    t->end[0] ? t->end : states[t->state], term_style(TERM_RESET));
    }
    return 0;
}

int cmd_tab(int argc, char **argv)
{
    int i;
    if (!need_tabs(argv[0]) || !tab_number(argc, argv, &i))
        return 1;
    tabbed_focus(i);
    return 0;
}

int cmd_close(int argc, char **argv)
{
    int i;
    if (!need_tabs(argv[0]) || !tab_number(argc, argv, &i))
        return 1;
    const struct tab *t = tabs_get(i);
    if (t->kind != TAB_APP) {
        term_error("close: tab %d (%s) belongs to the Monitor", i + 1, t->name);
        return 1;
    }
    if (t->state != TAB_EXITED && t->state != TAB_FAILED) {
        term_error("close: %s is still running (kill %d, or Ctrl-\\ in its tab)", t->name,
                   t->task);
        return 1;
    }
    bool in_view = i == tabs_focus();
    tabs_close(i);
    tabbed_focus(in_view ? TAB_SHELL_INDEX : tabs_focus());
    return 0;
}

/* "120x40" */
static bool parse_dimensions(const char *text, int *cols, int *rows)
{
    char buf[32];
    unsigned long c, r;
    snprintf(buf, sizeof buf, "%s", text);
    char *x = strchr(buf, 'x');
    if (!x)
        return false;
    *x = 0;
    if (!parse_number(buf, 1000, &c) || !parse_number(x + 1, 1000, &r))
        return false;
    *cols = (int)c;
    *rows = (int)r;
    return true;
}

int cmd_resize(int argc, char **argv)
{
    int cols, rows;
    if (!need_tabs(argv[0]))
        return 1;
    if (argc == 1) {
        tabbed_query_size();
        term_puts("resize: asked the terminal for its size\n");
        return 0;
    }
    if (argc != 2 || !parse_dimensions(argv[1], &cols, &rows)) {
        term_error("resize: usage: resize [COLSxROWS], e.g. resize 120x40");
        return 1;
    }
    if (cols < 40 || rows < 10) {
        term_error("resize: %dx%d is too small (at least 40x10)", cols, rows);
        return 1;
    }
    tabbed_resize(cols, rows);
    tabbed_size(&cols, &rows);
    term_printf("resize: %dx%d\n", cols, rows);
    return 0;
}

int cmd_watchdog(int argc, char **argv)
{
    char secs[32];
    uint64_t ms;
    if (argc == 1) {
        term_printf("a task is not responding after %s s without yielding\n",
                    fmt_seconds(secs, sizeof secs, watchdog_ns));
        return 0;
    }
    /* Seconds with up to three decimals: "2", "0.5". */
    const char *dot = strchr(argv[1], '.');
    unsigned long whole = 0, frac = 0;
    char head[16];
    snprintf(head, sizeof head, "%.*s", dot ? (int)(dot - argv[1]) : 15, argv[1]);
    bool ok = argc == 2 && (head[0] ? parse_number(head, 3600, &whole) : dot != NULL);
    if (ok && dot) {
        size_t digits = strlen(dot + 1);
        ok = digits >= 1 && digits <= 3 && parse_number(dot + 1, 999, &frac);
        for (size_t i = digits; ok && i < 3; i++)
            frac *= 10;
    }
    ms = (uint64_t)whole * 1000 + frac;
    if (!ok || ms < 10) {
        term_error("watchdog: usage: watchdog [SECONDS], from 0.01 to 3600");
        return 1;
    }
    int r = tabula->watchdog_set(ms * 1000000ull);
    if (r < 0) {
        term_error("watchdog: %s", fmt_error(r));
        return 1;
    }
    watchdog_ns = ms * 1000000ull;
    term_printf("a task is now not responding after %s s without yielding\n",
                fmt_seconds(secs, sizeof secs, watchdog_ns));
    return 0;
}

int cmd_raster(int argc, char **argv)
{
    struct tabbed_raster_stats st;
    if (cmd_no_args(argc, argv) || !need_tabs(argv[0]))
        return 1;
    tabbed_raster_stats(&st);
    uint64_t n = st.frames ? st.frames : 1;
    term_printf("raster: %llu canvas frames to the terminal, %llu bytes a frame (last %llu), "
                "%llu us writing a frame; last second %u frames\n",
                (unsigned long long)st.frames, (unsigned long long)(st.bytes / n),
                (unsigned long long)st.last_bytes, (unsigned long long)(st.write_ns / n / 1000),
                st.last_second);
    return 0;
}

int cmd_theme(int argc, char **argv)
{
    if (!need_tabs(argv[0]))
        return 1;
    if (argc == 1) {
        term_printf("colours: %s (theme truecolor or theme 256 to change)\n",
                    theme_depth() == THEME_TRUECOLOR ? "24-bit" : "256-colour palette");
        return 0;
    }
    if (argc != 2 || (strcmp(argv[1], "truecolor") != 0 && strcmp(argv[1], "256") != 0)) {
        term_error("theme: usage: theme [truecolor|256]");
        return 1;
    }
    tabbed_set_depth(strcmp(argv[1], "truecolor") == 0);
    term_printf("colours: %s\n", argv[1]);
    return 0;
}
