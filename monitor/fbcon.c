/*
 * fbcon.c: the tabbed console in pixels (see fbcon.h).
 *
 * Layout, for a font of cw x ch pixels: the tab bar is a band ch + 4 tall
 * (the cells one pixel down, a neon rule and its glow under them), the
 * status line the same band at the bottom (rule on top), and the body
 * rows of cells in between; the grid is centred across. ui_compose fills
 * a struct screen of that grid exactly as it does for the terminal; here
 * each cell is compared with what the pixels show (`drawn`) and only the
 * changed ones are painted. A chrome row that changed is painted whole,
 * with its effects, since its slants and rules cross cells.
 */
#include "fbcon.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "font.h"
#include "pixels.h"
#include "screen.h"
#include "frontend.h"
#include "tabs.h"
#include "tabula_app.h"
#include "theme.h"

#define WHEEL_LINES 3

static struct {
    bool on;
    struct tabula_display_info info;
    struct pix pix;
    const struct font *font;
    struct screen scr;       /* composed, never sent to a terminal */
    struct cell *drawn;      /* what the pixels show, where known[] */
    bool *known;
    int cols, rows;          /* the grid, chrome rows included */
    int x0, bar;             /* left margin; height of a chrome band */
    bool cursor_on;
    int cursor_x, cursor_y;  /* the cursor as drawn */
    int raster_tab;          /* the canvas tab drawn in the body, or -1 */
    uint64_t raster_frame;
    struct tabula_rect raster;
    bool everything;         /* repaint all at the next frame */
    bool pending;
    bool fx;
    struct tabula_rect dirty[TABULA_FLUSH_MAX];
    int ndirty;
    bool overflow;
    struct ui_facts facts;   /* the last frame's */
    uint64_t frames, rects, pixels, second;
    unsigned frames_this, canvas_this, fps, canvas_fps;
} fb = {.raster_tab = -1, .fx = true};

static void no_terminal(void *ctx, const char *buf, size_t len)
{
    (void)ctx, (void)buf, (void)len;
}

bool fbcon_active(void)
{
    return fb.on;
}

bool fbcon_pending(void)
{
    return fb.on && (fb.pending || fb.everything);
}

void fbcon_invalidate(void)
{
    fb.everything = true;
}

void fbcon_set_fx(bool on)
{
    fb.fx = on;
    fb.everything = true;
}

/* Sizes the grid for the mode in fb.info. Returns false when out of memory. */
static bool layout(void)
{
    int cw = fb.font->width, ch = fb.font->height;
    fb.pix = (struct pix){fb.info.pixels, (int)fb.info.width, (int)fb.info.height,
                          (int)fb.info.stride};
    fb.bar = ch + 4;
    int cols = (int)fb.info.width / cw, body = ((int)fb.info.height - 2 * fb.bar) / ch;
    if (cols < 20 || body < 4)
        return false;
    int rows = body + UI_CHROME_ROWS;
    if (fb.scr.want ? screen_resize(&fb.scr, cols, rows) < 0
                    : screen_init(&fb.scr, cols, rows, no_terminal, 0) < 0)
        return false;
    struct cell *drawn = realloc(fb.drawn, (size_t)(cols * rows) * sizeof *drawn);
    bool *known = drawn ? realloc(fb.known, (size_t)(cols * rows) * sizeof *known) : 0;
    if (drawn)
        fb.drawn = drawn;
    if (!known)
        return false;
    fb.known = known;
    fb.cols = cols;
    fb.rows = rows;
    fb.x0 = ((int)fb.info.width - cols * cw) / 2;
    fb.everything = true;
    return true;
}

bool fbcon_init(int *cols, int *rows)
{
    if (!TABULA_HAS(display_info) || tabula->display_info(&fb.info) < 0 || !fb.info.width)
        return false;
    fb.font = &font_console;
    if (!layout())
        return false;
    fb.on = true;
    *cols = fb.cols;
    *rows = fb.rows - UI_CHROME_ROWS;
    return true;
}

static int row_y(int r)
{
    if (r == 0)
        return 1;
    if (r == fb.rows - 1)
        return (int)fb.info.height - fb.font->height - 1;
    return fb.bar + (r - 1) * fb.font->height;
}

static void add_rect(int x, int y, int w, int h)
{
    if (fb.ndirty == TABULA_FLUSH_MAX) {
        fb.overflow = true;
        return;
    }
    fb.dirty[fb.ndirty++] = (struct tabula_rect){x, y, w, h};
}

/* Every other pixel row of a painted area a little darker. */
static void scanlines(int x, int y, int w, int h)
{
    if (!fb.fx)
        return;
    for (int r = y | 1; r < y + h; r += 2)
        pix_blend(&fb.pix, x, r, w, 1, 0, PIX_SCANLINE_ALPHA);
}

/* One cell; darkened by scanlines when lines is set (the chrome gets its
 * scanlines once, over its whole band). */
static void paint_cell(int x, int y, struct cell c, bool lines)
{
    uint32_t fg = theme_pixel(c.fg, true), bg = theme_pixel(c.bg, false);
    if (c.attr & ATTR_REVERSE) {
        uint32_t t = fg;
        fg = bg;
        bg = t;
    }
    if (c.attr & ATTR_DIM)
        fg = pix_mix(bg, fg, 150);
    int style = (c.attr & ATTR_BOLD ? PIX_BOLD : 0) | (c.attr & ATTR_UNDERLINE ? PIX_UNDERLINE : 0) |
                (c.attr & ATTR_STRIKE ? PIX_STRIKE : 0);
    if (lines && fb.fx)
        style |= PIX_SCANLINES;
    int px = fb.x0 + x * fb.font->width, py = row_y(y);
    pix_glyph(&fb.pix, px, py, fb.font, c.ch, style, fg, bg);
    if (fb.cursor_on && x == fb.cursor_x && y == fb.cursor_y)
        pix_fill(&fb.pix, px, py + fb.font->height - 2, fb.font->width, 2, theme_rgb(TH_PINK));
}

/* A rule across the screen, fading from a to b, with a dimmer glow line. */
static void rule(int y, int glow_y, enum theme_role a, enum theme_role b)
{
    int w = (int)fb.info.width;
    uint32_t bg = theme_rgb(TH_BG);
    for (int x = 0; x < w; x += 8) {
        uint32_t c = pix_mix(theme_rgb(a), theme_rgb(b), x * 256 / w);
        pix_fill(&fb.pix, x, y, 8, 1, c);
        pix_fill(&fb.pix, x, glow_y, 8, 1, pix_mix(bg, c, fb.fx ? 96 : 0));
    }
}

/* A thin line leaning like '/', one cell tall, its foot at x. */
static void slash(int x, int y, uint32_t rgb)
{
    int cw = fb.font->width, ch = fb.font->height;
    for (int r = 0; r < ch; r++)
        pix_fill(&fb.pix, x + (ch - 1 - r) * (cw / 2) / (ch - 1), y + r, 1, 1, rgb);
}

/* The tab bar or the status line, whole: cells, slanted edges where the
 * background changes, separators between tabs, the rule. */
static void paint_chrome(int r)
{
    int cw = fb.font->width, ch = fb.font->height, y = row_y(r);
    int band = r == 0 ? 0 : (int)fb.info.height - fb.bar;
    struct cell *want = fb.scr.want + r * fb.cols;
    pix_fill(&fb.pix, 0, band, (int)fb.info.width, fb.bar, theme_rgb(TH_PANEL));
    for (int x = 0; x < fb.cols; x++)
        paint_cell(x, r, want[x], false);
    for (int x = 1; x < fb.cols; x++) {
        uint32_t l = theme_pixel(want[x - 1].bg, false), rr = theme_pixel(want[x].bg, false);
        if (l != rr && want[x - 1].ch == ' ' && want[x].ch == ' ')
            pix_slant(&fb.pix, fb.x0 + x * cw - cw / 2, y, cw, ch, 1, l, rr);
    }
    if (r == 0) {
        /* A violet slash after each tab that does not touch the lit one. */
        for (int x = 0, x0, x1, i; x < fb.cols; x++) {
            if ((i = ui_tab_at(&fb.scr, x, &x0, &x1)) < 0)
                continue;
            if (i != tabs_focus() && i + 1 != tabs_focus())
                slash(fb.x0 + x1 * cw, y, theme_rgb(TH_VIOLET));
            x = x1 - 1;
        }
    }
    scanlines(0, band, (int)fb.info.width, fb.bar);
    /* The rules go on top, at full brightness. */
    if (r == 0)
        rule(fb.bar - 3, fb.bar - 2, TH_PINK, TH_VIOLET);
    else
        rule(band + 1, band, TH_VIOLET, TH_CYAN);
    memcpy(fb.drawn + r * fb.cols, want, (size_t)fb.cols * sizeof *want);
    memset(fb.known + r * fb.cols, 1, (size_t)fb.cols);
    add_rect(0, band, (int)fb.info.width, fb.bar);
}

static bool overlaps(const struct tabula_rect *a, int x, int y, int w, int h)
{
    return a->w && x < a->x + a->w && a->x < x + w && y < a->y + a->h && a->y < y + h;
}

/* A canvas tab's picture at the largest whole scale that fits the body. */
static void paint_raster(const struct tab *t, int index)
{
    int bx = fb.x0, by = fb.bar, bw = fb.cols * fb.font->width;
    int bh = (fb.rows - UI_CHROME_ROWS) * fb.font->height;
    int rw = t->raster.width, rh = t->raster.height;
    int scale = bw / rw < bh / rh ? bw / rw : bh / rh;
    scale = scale < 1 ? 1 : scale;
    struct tabula_rect r = {bx + (bw - rw * scale) / 2, by + (bh - rh * scale) / 2, rw * scale, rh * scale};
    if (r.x < bx)
        r.x = bx;
    if (r.y < by)
        r.y = by;
    bool moved = memcmp(&r, &fb.raster, sizeof r) != 0 || index != fb.raster_tab;
    if (!moved && t->raster.frame == fb.raster_frame && !fb.everything)
        return;
    /* The scanlines are darkened as the rows are scaled, unless the
     * picture is larger than the body (a canvas at scale 1), where they
     * stop at the body's edge. */
    bool fits = r.w <= bw && r.h <= bh;
    pix_scale(&fb.pix, r.x, r.y, t->raster.pixels, rw, rh, scale, fits && fb.fx);
    if (!fits)
        scanlines(r.x, r.y, r.w < bw ? r.w : bw, r.h < bh ? r.h : bh);
    add_rect(r.x, r.y, r.w, r.h);
    if (moved) /* the cells around it are painted again */
        memset(fb.known + fb.cols, 0, (size_t)(fb.cols * (fb.rows - UI_CHROME_ROWS)));
    fb.raster = r;
    fb.raster_tab = index;
    fb.raster_frame = t->raster.frame;
    fb.canvas_this++;
}

static void paint_body(void)
{
    int cw = fb.font->width, ch = fb.font->height;
    for (int y = 1; y < fb.rows - 1; y++) {
        struct cell *want = fb.scr.want + y * fb.cols, *drawn = fb.drawn + y * fb.cols;
        bool *known = fb.known + y * fb.cols;
        int first = -1, last = -1;
        for (int x = 0; x < fb.cols; x++) {
            bool cursor = (fb.cursor_on && x == fb.cursor_x && y == fb.cursor_y);
            if (fb.raster_tab >= 0 && overlaps(&fb.raster, fb.x0 + x * cw, row_y(y), cw, ch)) {
                known[x] = false;
                continue;
            }
            if (known[x] && cell_same(want[x], drawn[x]) && !cursor)
                continue;
            paint_cell(x, y, want[x], true);
            drawn[x] = want[x];
            known[x] = !cursor; /* the cursor's cell is painted again when it leaves */
            first = first < 0 ? x : first;
            last = x;
        }
        if (first >= 0) {
            add_rect(fb.x0 + first * cw, row_y(y), (last - first + 1) * cw, ch);
        }
    }
}

/* Composes and paints a frame into the framebuffer; returns whether any
 * pixel changed. Nothing is flushed. */
static bool paint(void)
{
    struct ui_facts f = fb.facts;
    f.raster_pixels = true;
    ui_compose(&fb.scr, &f);
    fb.ndirty = 0;
    fb.overflow = false;
    if (fb.everything) {
        /* Cells cover the rest: the margins beside and below the grid. */
        int gw = fb.cols * fb.font->width, gy = row_y(fb.rows - 2) + fb.font->height;
        uint32_t bg = theme_rgb(TH_BG);
        pix_fill(&fb.pix, 0, fb.bar, fb.x0, (int)fb.info.height - 2 * fb.bar, bg);
        pix_fill(&fb.pix, fb.x0 + gw, fb.bar, (int)fb.info.width - fb.x0 - gw,
                 (int)fb.info.height - 2 * fb.bar, bg);
        pix_fill(&fb.pix, 0, gy, (int)fb.info.width, (int)fb.info.height - fb.bar - gy, bg);
        memset(fb.known, 0, (size_t)(fb.cols * fb.rows));
        fb.raster_tab = -1;
        fb.raster = (struct tabula_rect){0, 0, 0, 0};
    }
    /* The old cursor's cell is unknown, so it is painted without it. */
    if (fb.cursor_on && fb.cursor_y < fb.rows)
        fb.known[fb.cursor_y * fb.cols + fb.cursor_x] = false;
    fb.cursor_on = fb.scr.cursor_on;
    fb.cursor_x = fb.scr.cursor_x;
    fb.cursor_y = fb.scr.cursor_y;

    const struct tab *t = tabs_get(tabs_focus());
    if (t && tab_shows_raster(t) && t->raster.width > 0 && !f.help)
        paint_raster(t, tabs_focus());
    else if (fb.raster_tab >= 0) {
        fb.raster_tab = -1;
        fb.raster = (struct tabula_rect){0, 0, 0, 0};
    }
    for (int r = 0; r < fb.rows; r += fb.rows - 1) {
        const struct cell *want = fb.scr.want + r * fb.cols, *drawn = fb.drawn + r * fb.cols;
        bool same = true;
        for (int x = 0; x < fb.cols && same; x++)
            same = fb.known[r * fb.cols + x] && cell_same(want[x], drawn[x]);
        if (!same)
            paint_chrome(r);
    }
    paint_body();
    bool all = fb.everything || fb.overflow;
    fb.everything = false;
    if (all) {
        fb.ndirty = 1;
        fb.dirty[0] = (struct tabula_rect){0, 0, (int)fb.info.width, (int)fb.info.height};
    }
    return fb.ndirty > 0;
}

static void flush(void)
{
    if (!fb.ndirty)
        return;
    tabula->display_flush(fb.dirty, fb.ndirty);
    fb.rects += (uint64_t)fb.ndirty;
    for (int i = 0; i < fb.ndirty; i++)
        fb.pixels += (uint64_t)fb.dirty[i].w * (uint64_t)fb.dirty[i].h;
}

static void count_frame(void)
{
    uint64_t second = tabula->time_ns() / 1000000000u;
    if (second != fb.second) {
        fb.fps = second == fb.second + 1 ? fb.frames_this : 0;
        if (second == fb.second + 1 && fb.canvas_this) /* the last second a canvas was shown */
            fb.canvas_fps = fb.canvas_this;
        fb.frames_this = fb.canvas_this = 0;
        fb.second = second;
    }
    fb.frames++;
    fb.frames_this++;
}

void fbcon_render(const struct ui_facts *facts)
{
    if (!fb.on)
        return;
    fb.facts = *facts;
    fb.pending = false;
    count_frame();
    if (paint())
        flush();
}

/* The host asked for another size: new grid, and the tabs follow it. */
static void new_mode(const struct tabula_display_info *info)
{
    fb.info = *info;
    char text[64];
    if (!info->width || !layout()) {
        fb.on = false;
        snprintf(text, sizeof text, "display: no room for a %ux%u console; serial only",
                 (unsigned)info->width, (unsigned)info->height);
        frontend->notice(text);
        return;
    }
    tabs_resize(fb.cols, fb.rows - UI_CHROME_ROWS);
    snprintf(text, sizeof text, "display: %ux%u, %d x %d cells", (unsigned)info->width,
             (unsigned)info->height, fb.cols, fb.rows);
    frontend->notice(text);
    fb.pending = true;
}

static void pointer(const struct tabula_pointer_event *e)
{
    if (e->kind == TABULA_POINTER_BUTTON && e->button == TABULA_BUTTON_LEFT && e->value &&
        e->y < fb.bar) {
        int i = ui_tab_at(&fb.scr, (e->x - fb.x0) / fb.font->width, 0, 0);
        if (i >= 0 && frontend->focus(i))
            fb.pending = true;
    } else if (e->kind == TABULA_POINTER_WHEEL) {
        struct tab *t = tabs_get(tabs_focus());
        int scroll = t->scroll + WHEEL_LINES * e->value;
        scroll = scroll < 0 ? 0 : scroll > t->text.kept ? t->text.kept : scroll;
        if (scroll != t->scroll) {
            t->scroll = scroll;
            tabs_version++;
        }
    }
}

void fbcon_service(void)
{
    struct tabula_display_info info;
    struct tabula_pointer_event ev[16];
    int n;
    /* Without a console on it the display's news is read all the same:
     * poll reports it until then, and a loop waiting in poll would spin. */
    if (!TABULA_HAS(pointer_read))
        return;
    if (tabula->display_info(&info) == 0 && fb.on && info.generation != fb.info.generation)
        new_mode(&info);
    while ((n = tabula->pointer_read(ev, 16)) > 0)
        for (int i = 0; fb.on && i < n; i++)
            pointer(&ev[i]);
}

void fbcon_stats(struct fbcon_stats *out)
{
    memset(out, 0, sizeof *out);
    if (!fb.on)
        return;
    out->width = fb.info.width;
    out->height = fb.info.height;
    out->cols = fb.cols;
    out->rows = fb.rows;
    out->cell_w = fb.font->width;
    out->cell_h = fb.font->height;
    out->frames = fb.frames;
    out->rects = fb.rects;
    out->pixels = fb.pixels;
    out->fps = fb.fps;
    out->canvas_fps = fb.canvas_fps;
    out->fx = fb.fx;
}

void fbcon_bench(int n, uint64_t *draw_ns, uint64_t *flush_ns)
{
    *draw_ns = *flush_ns = 0;
    for (int i = 0; fb.on && i < n; i++) {
        uint64_t t0 = tabula->time_ns();
        fb.everything = true;
        paint();
        uint64_t t1 = tabula->time_ns();
        flush();
        uint64_t t2 = tabula->time_ns();
        *draw_ns += t1 - t0;
        *flush_ns += t2 - t1;
        count_frame();
    }
}
