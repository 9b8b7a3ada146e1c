/*
 * ui.c: composing the console for a character terminal (see ui.h). The
 * look: a bar of tabs on a dark panel, the brand in hot pink, the focused
 * tab lit cyan, every tab coloured by how its app is doing, and a status
 * line of segments below, like the indicator rows of an operator's
 * console.
 */
#include "ui.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fmt.h"
#include "raster.h"
#include "tabs.h"
#include "theme.h"

/* Writes text at *x on row y and moves *x past it. */
static void seg(struct screen *scr, int *x, int y, const char *text, enum theme_role fg,
                enum theme_role bg, uint8_t attr)
{
    *x = screen_text(scr, *x, y, scr->cols, text, attr, theme(fg), theme(bg));
}

/* Display width of UTF-8 text (one column per character here). */
static int width(const char *text)
{
    int n = 0;
    for (; *text; text++)
        n += ((unsigned char)*text & 0xc0) != 0x80;
    return n;
}

static enum theme_role state_color(enum tab_state s)
{
    switch (s) {
    case TAB_RUNNING: return TH_CYAN;
    case TAB_WAITING: return TH_VIOLET;
    case TAB_HUNG: return TH_AMBER;
    case TAB_EXITED: return TH_DIM;
    case TAB_FAILED: return TH_RED;
    default: return TH_FG;
    }
}

static const char *state_mark(const struct tab *t)
{
    switch (t->state) {
    case TAB_HUNG: return "!";
    case TAB_FAILED: return "\xe2\x9c\x97";  /* ✗ */
    case TAB_EXITED: return "\xe2\x9c\x93";  /* ✓ */
    default: return t->unread ? "\xe2\x80\xa2" : ""; /* • */
    }
}

static void tab_label(char *buf, size_t cap, const struct tab *t, int i, bool name)
{
    if (name)
        snprintf(buf, cap, " %d %s", (i + 1) % 100, t->name);
    else
        snprintf(buf, cap, " %d", (i + 1) % 100);
}

/* Columns tab i takes: its label, its mark, a space, and the gap. */
static int tab_width(int i, bool name)
{
    char label[48];
    const struct tab *t = tabs_get(i);
    tab_label(label, sizeof label, t, i, name);
    return width(label) + width(state_mark(t)) + 2;
}

/* Where the last compose of each screen put the tabs, for ui_tab_at. */
#define UI_SCREENS 2
static struct {
    const struct screen *scr;
    int x0[TAB_MAX], x1[TAB_MAX];
} placed[UI_SCREENS];

static int placed_slot(const struct screen *scr)
{
    for (int k = 0; k < UI_SCREENS; k++)
        if (placed[k].scr == scr || !placed[k].scr) {
            placed[k].scr = scr;
            return k;
        }
    return 0;
}

int ui_tab_at(const struct screen *scr, int x, int *x0, int *x1)
{
    int k = placed_slot(scr);
    for (int i = 0; i < tabs_count() && i < TAB_MAX; i++)
        if (x >= placed[k].x0[i] && x < placed[k].x1[i]) {
            if (x0)
                *x0 = placed[k].x0[i];
            if (x1)
                *x1 = placed[k].x1[i];
            return i;
        }
    return -1;
}

static void draw_tab(struct screen *scr, int *x, int i, bool name)
{
    int k = placed_slot(scr);
    placed[k].x0[i] = *x;
    const struct tab *t = tabs_get(i);
    char label[48];
    const char *mark = state_mark(t);
    bool lit = i == tabs_focus();
    enum theme_role bg = lit ? TH_CYAN : TH_PANEL;
    snprintf(label, sizeof label, " %d", (i + 1) % 100);
    seg(scr, x, 0, label, lit ? TH_INK : TH_PINK, bg, ATTR_BOLD);
    if (name) {
        snprintf(label, sizeof label, " %s", t->name);
        seg(scr, x, 0, label, lit ? TH_INK : state_color(t->state), bg, lit ? ATTR_BOLD : 0);
    }
    if (*mark) {
        enum theme_role mc = t->state == TAB_IDLE || t->state == TAB_RUNNING ||
                                     t->state == TAB_WAITING ? TH_AMBER : state_color(t->state);
        seg(scr, x, 0, mark, lit ? TH_INK : mc, bg, ATTR_BOLD);
    }
    seg(scr, x, 0, " ", TH_FG, bg, 0);
    placed[k].x1[i] = *x;
    seg(scr, x, 0, " ", TH_FG, TH_PANEL, 0);
}

/*
 * The tab bar. When the tabs do not fit, unfocused tabs lose their names;
 * when they still do not, the bar shows a window of tabs around the
 * focused one, with arrows for those beyond its ends.
 */
static void tab_bar(struct screen *scr, const struct ui_facts *f)
{
    int x = 0, n = tabs_count(), focus = tabs_focus();
    int k = placed_slot(scr);
    for (int i = 0; i < TAB_MAX; i++)
        placed[k].x0[i] = placed[k].x1[i] = -1;

    screen_fill(scr, 0, 0, scr->cols, cell_blank(theme(TH_PANEL), theme(TH_PANEL)));
    seg(scr, &x, 0, " \xe2\x97\x86 TABULA ", TH_INK, TH_PINK, ATTR_BOLD); /* ◆ */
    seg(scr, &x, 0, "\xe2\x96\x8c", TH_PINK, TH_PANEL, 0);               /* ▌ */
    int room = scr->cols - x - (f->prefix ? 9 : 0);
    int all_named = 0, focus_named = 0;
    for (int i = 0; i < n; i++) {
        all_named += tab_width(i, true);
        focus_named += tab_width(i, i == focus);
    }
    bool names = all_named <= room;
    int first = 0, last = n - 1;
    if (!names && focus_named > room) {
        /* Grow a window from the focused tab, leaving room for arrows. */
        int used = tab_width(focus, true) + 4;
        first = last = focus;
        for (bool grew = true; grew;) {
            grew = false;
            if (last + 1 < n && used + tab_width(last + 1, false) <= room) {
                used += tab_width(++last, false);
                grew = true;
            }
            if (first > 0 && used + tab_width(first - 1, false) <= room) {
                used += tab_width(--first, false);
                grew = true;
            }
        }
    }
    if (first > 0)
        seg(scr, &x, 0, "\xe2\x97\x82 ", TH_AMBER, TH_PANEL, ATTR_BOLD); /* ◂ */
    for (int i = first; i <= last; i++)
        draw_tab(scr, &x, i, names || i == focus);
    if (last < n - 1)
        seg(scr, &x, 0, " \xe2\x96\xb8", TH_AMBER, TH_PANEL, ATTR_BOLD); /* ▸ */
    if (f->prefix) {
        int px = scr->cols - 8;
        seg(scr, &px, 0, " ^A \xe2\x80\xa6 ", TH_INK, TH_AMBER, ATTR_BOLD);
    }
}

/* A small gauge of `cells` blocks: filled for used of total. */
static void gauge(char *buf, size_t cap, int cells, uint64_t used, uint64_t total)
{
    int lit = total ? (int)((used * (uint64_t)cells + total - 1) / total) : 0;
    size_t n = 0;
    for (int i = 0; i < cells && n + 4 < cap; i++) {
        const char *g = i < lit ? "\xe2\x96\xb0" : "\xe2\x96\xb1"; /* ▰ ▱ */
        memcpy(buf + n, g, 3);
        n += 3;
    }
    buf[n] = 0;
}

static void status_line(struct screen *scr, const struct ui_facts *f)
{
    int y = scr->rows - 1, x = 0;
    char buf[96], a[16], b[16], bar[64];

    screen_fill(scr, 0, y, scr->cols, cell_blank(theme(TH_PANEL), theme(TH_PANEL)));
    snprintf(buf, sizeof buf, " \xe2\x96\xb2 %s ", fmt_clock(a, sizeof a, f->uptime_ns)); /* ▲ */
    seg(scr, &x, y, buf, TH_INK, TH_VIOLET, ATTR_BOLD);
    snprintf(buf, sizeof buf, " %u hart%s ", f->harts, f->harts == 1 ? "" : "s");
    seg(scr, &x, y, buf, TH_CYAN, TH_PANEL, 0);
    seg(scr, &x, y, "\xe2\x94\x82", TH_DIM, TH_PANEL, 0); /* │ */
    seg(scr, &x, y, " ", TH_DIM, TH_PANEL, 0);
    gauge(bar, sizeof bar, 6, f->mem_used, f->mem_total);
    seg(scr, &x, y, bar, TH_PINK, TH_PANEL, 0);
    snprintf(buf, sizeof buf, " %s/%s ", fmt_size(a, sizeof a, f->mem_used),
             fmt_size(b, sizeof b, f->mem_total));
    seg(scr, &x, y, buf, TH_FG, TH_PANEL, 0);
    seg(scr, &x, y, "\xe2\x94\x82", TH_DIM, TH_PANEL, 0);
    snprintf(buf, sizeof buf, " %d task%s ", f->tasks, f->tasks == 1 ? "" : "s");
    seg(scr, &x, y, buf, TH_CYAN, TH_PANEL, 0);

    const struct tab *t = tabs_get(tabs_focus());
    if (t && t->kind == TAB_APP && !f->notice) {
        static const char *const words[] = {
            [TAB_IDLE] = "", [TAB_RUNNING] = "running", [TAB_WAITING] = "waiting",
            [TAB_HUNG] = "NOT RESPONDING", [TAB_EXITED] = "exited", [TAB_FAILED] = "ended",
        };
        seg(scr, &x, y, "\xe2\x94\x82 ", TH_DIM, TH_PANEL, 0);
        snprintf(buf, sizeof buf, "%s ", t->name);
        seg(scr, &x, y, buf, TH_FG, TH_PANEL, ATTR_BOLD);
        snprintf(buf, sizeof buf, "%s ", words[t->state]);
        seg(scr, &x, y, buf, state_color(t->state), TH_PANEL, t->state == TAB_HUNG ? ATTR_BOLD : 0);
    }
    /* The right end: a notice if there is one (cut at the screen's edge
     * when long), else the key hints if they fit. */
    if (f->notice) {
        int rx = scr->cols - width(f->notice) - 2;
        if (rx < x + 1)
            rx = x + 1;
        snprintf(buf, sizeof buf, " %s ", f->notice);
        seg(scr, &rx, y, buf, TH_INK, TH_AMBER, ATTR_BOLD);
    } else if (f->hint && width(f->hint) + 2 <= scr->cols - x) {
        int rx = scr->cols - width(f->hint) - 2;
        snprintf(buf, sizeof buf, " %s ", f->hint);
        seg(scr, &rx, y, buf, TH_DIM, TH_PANEL, 0);
    }
}

static void text_body(struct screen *scr, const struct tab *t, bool focused)
{
    const struct surface *s = &t->text;
    int rows = scr->rows - UI_CHROME_ROWS;
    /* A surface taller than this screen (sized for the framebuffer's) is
     * shown from where its cursor stays in view. */
    int top = s->rows > rows ? s->cy - rows + 1 : 0;
    top = top < 0 ? 0 : top > s->rows - rows && s->rows > rows ? s->rows - rows : top;
    for (int y = 0; y < rows; y++) {
        const struct cell *row = y + top < s->rows ? surface_row_c(s, y + top - t->scroll) : 0;
        for (int x = 0; x < scr->cols; x++) {
            struct cell c = cell_blank(theme(TH_BG), theme(TH_BG));
            if (row && x < s->cols) {
                c = row[x];
                c.fg = theme_resolve(c.fg, true);
                c.bg = theme_resolve(c.bg, false);
            }
            screen_set(scr, x, y + 1, c);
        }
    }
    if (t->scroll) {
        char buf[32];
        snprintf(buf, sizeof buf, " \xe2\x86\x91 %d of %d ", t->scroll, s->kept); /* ↑ */
        int x = scr->cols - width(buf);
        seg(scr, &x, 1, buf, TH_INK, TH_AMBER, ATTR_BOLD);
    }
    bool live = t->kind == TAB_SHELL || (t->kind == TAB_APP && t->state != TAB_EXITED &&
                                          t->state != TAB_FAILED);
    if (focused && live && !t->scroll && s->cursor_visible && s->lines) {
        scr->cursor_on = true;
        scr->cursor_x = s->cx;
        scr->cursor_y = s->cy - top + 1;
    }
}

static void raster_body(struct screen *scr, const struct tab *t, bool pixels)
{
    static struct cell *cells;
    static int have;
    int cols = scr->cols, rows = scr->rows - UI_CHROME_ROWS;
    if (pixels) {
        /* The pixel renderer paints the picture itself: a blank body. */
        for (int y = 0; y < rows; y++)
            screen_fill(scr, 0, y + 1, cols, cell_blank(theme(TH_BG), theme(TH_BG)));
    } else if (cols * rows > have) {
        struct cell *more = realloc(cells, (size_t)(cols * rows) * sizeof *cells);
        if (!more)
            return;
        cells = more;
        have = cols * rows;
    }
    if (!pixels) {
        raster_cells(&t->raster, cells, cols, rows, theme(TH_BG));
        for (int y = 0; y < rows; y++)
            for (int x = 0; x < cols; x++)
                screen_set(scr, x, y + 1, cells[y * cols + x]);
    }
    /* The last frame stays; how the app ended goes over its foot. */
    if (t->end[0]) {
        char buf[200];
        int x = 0;
        snprintf(buf, sizeof buf, " [%s]  Enter closes ", t->end);
        screen_fill(scr, 0, rows, cols, cell_blank(theme(TH_PANEL), theme(TH_PANEL)));
        seg(scr, &x, rows, buf, t->state == TAB_EXITED ? TH_VIOLET : TH_RED, TH_PANEL, ATTR_BOLD);
    }
}

static void help_box(struct screen *scr)
{
    static const char *const lines[] = {
        "Ctrl-A 1..9, 0   tab 1..10         Alt-1..9  tab 1..9",
        "Ctrl-A n / p     next / previous   F1..F12   tab 1..12",
        "Ctrl-A c         close an ended tab",
        "Ctrl-A r         redraw the screen Ctrl-A ?  this help",
        "Ctrl-A Ctrl-A    send Ctrl-A to the app",
        "Ctrl-\\           force-quit the app in this tab",
        "Ctrl-C           interrupt an app in line mode",
        "PgUp / PgDn      scroll back and forth (a canvas: its text)",
        "in the log tab   e w i d: errors, warnings, info, all",
        "",
        "commands: tabs, tab N, close N, resize, run APP --bg",
    };
    int n = sizeof lines / sizeof lines[0], w = 60, h = n + 4;
    int x0 = (scr->cols - w) / 2, y0 = 1 + (scr->rows - UI_CHROME_ROWS - h) / 2;
    if (x0 < 0)
        x0 = 0;
    if (y0 < 1)
        y0 = 1;
    struct cell fill = cell_blank(theme(TH_PANEL), theme(TH_PANEL));
    for (int y = 0; y < h; y++)
        screen_fill(scr, x0, y0 + y, w, fill);
    struct cell edge = {0x2502, 0, theme(TH_VIOLET), theme(TH_PANEL)}; /* │ */
    for (int y = 1; y < h - 1; y++) {
        screen_set(scr, x0, y0 + y, edge);
        screen_set(scr, x0 + w - 1, y0 + y, edge);
    }
    struct cell rule = {0x2500, 0, theme(TH_VIOLET), theme(TH_PANEL)}; /* ─ */
    screen_fill(scr, x0 + 1, y0, w - 2, rule);
    screen_fill(scr, x0 + 1, y0 + h - 1, w - 2, rule);
    struct cell corner = {0x256d, 0, theme(TH_VIOLET), theme(TH_PANEL)}; /* ╭ ╮ ╰ ╯ */
    screen_set(scr, x0, y0, corner);
    corner.ch = 0x256e;
    screen_set(scr, x0 + w - 1, y0, corner);
    corner.ch = 0x2570;
    screen_set(scr, x0, y0 + h - 1, corner);
    corner.ch = 0x256f;
    screen_set(scr, x0 + w - 1, y0 + h - 1, corner);
    int x = x0 + 2;
    seg(scr, &x, y0, " KEYS ", TH_INK, TH_PINK, ATTR_BOLD);
    for (int i = 0; i < n; i++) {
        x = x0 + 3;
        seg(scr, &x, y0 + 2 + i, lines[i], i < n - 2 ? TH_FG : TH_DIM, TH_PANEL, 0);
    }
    x = x0 + w - 20;
    seg(scr, &x, y0 + h - 1, " any key closes ", TH_DIM, TH_PANEL, 0);
}

void ui_compose(struct screen *scr, const struct ui_facts *f)
{
    const struct tab *t = tabs_get(tabs_focus());
    scr->cursor_on = false;
    tab_bar(scr, f);
    if (t && tab_shows_raster(t))
        raster_body(scr, t, f->raster_pixels);
    else if (t)
        text_body(scr, t, true);
    status_line(scr, f);
    if (f->help) {
        help_box(scr);
        scr->cursor_on = false;
    }
}
