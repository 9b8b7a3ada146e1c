/*
 * screen.c: the compositor (see screen.h).
 */
#include "screen.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A cell no composed cell equals, so that everything differs. */
#define NEVER 0xffffffu
#define UPPER_HALF 0x2580
#define LOWER_HALF 0x2584
/* Attributes that draw in the foreground colour even on a blank. */
#define INK_ATTRS (ATTR_UNDERLINE | ATTR_REVERSE | ATTR_STRIKE)

/* How far a picture's colour may be from the one sent for it, in each
 * of red, green and blue: a 24-bit colour costs up to 19 bytes, and a
 * scaled picture has few equal neighbours (its pixels are averages). */
#define PIXEL_SLACK 10

/* A blank shows no ink: its foreground colour is not seen. */
static bool inkless(struct cell c)
{
    return c.ch == ' ' && !(c.attr & INK_ATTRS);
}

static int channel_gap(uint32_t a, uint32_t b, int shift)
{
    return abs((int)(a >> shift & 0xff) - (int)(b >> shift & 0xff));
}

/* Whether colour a may be shown as b in a picture. */
static bool close_enough(uint32_t a, uint32_t b)
{
    if (a == b)
        return true;
    if (COLOR_KIND(a) != COLOR_KIND_RGB || COLOR_KIND(b) != COLOR_KIND_RGB)
        return false;
    return channel_gap(a, b, 16) <= PIXEL_SLACK && channel_gap(a, b, 8) <= PIXEL_SLACK &&
           channel_gap(a, b, 0) <= PIXEL_SLACK;
}

/* Whether the terminal showing b (what was sent) may stay for a. */
static bool looks_same(struct cell a, struct cell b)
{
    if (a.attr & b.attr & ATTR_PIXELS)
        return a.ch == b.ch && close_enough(a.bg, b.bg) && (a.ch == ' ' || close_enough(a.fg, b.fg));
    if (inkless(a) && inkless(b))
        return a.attr == b.attr && a.bg == b.bg;
    return cell_same(a, b);
}

static void put(struct screen *s, const char *buf, size_t len)
{
    while (len) {
        size_t room = sizeof s->out - s->out_len;
        size_t n = len < room ? len : room;
        memcpy(s->out + s->out_len, buf, n);
        s->out_len += n;
        buf += n;
        len -= n;
        if (s->out_len == sizeof s->out)
            screen_raw_flush(s);
    }
}

static void puts_(struct screen *s, const char *text)
{
    put(s, text, strlen(text));
}

void screen_raw_flush(struct screen *s)
{
    if (s->out_len && s->write)
        s->write(s->ctx, s->out, s->out_len);
    s->bytes += s->out_len;
    s->out_len = 0;
}

void screen_raw(struct screen *s, const char *buf, size_t len)
{
    put(s, buf, len);
}

static int alloc(struct screen *s, int cols, int rows)
{
    size_t n = (size_t)cols * (size_t)rows;
    struct cell *want = malloc(n * sizeof *want), *sent = malloc(n * sizeof *sent);
    if (!want || !sent) {
        free(want);
        free(sent);
        return -1;
    }
    free(s->want);
    free(s->sent);
    s->want = want;
    s->sent = sent;
    s->cols = cols;
    s->rows = rows;
    screen_clear(s, cell_blank(COLOR_DEFAULT, COLOR_DEFAULT));
    screen_invalidate(s);
    return 0;
}

int screen_init(struct screen *s, int cols, int rows,
                void (*write)(void *ctx, const char *buf, size_t len), void *ctx)
{
    memset(s, 0, sizeof *s);
    s->write = write;
    s->ctx = ctx;
    return cols > 0 && rows > 0 ? alloc(s, cols, rows) : -1;
}

int screen_resize(struct screen *s, int cols, int rows)
{
    if (cols < 1 || rows < 1)
        return -1;
    return alloc(s, cols, rows);
}

void screen_invalidate(struct screen *s)
{
    s->sent_valid = false;
    s->tpen_known = false;
    s->tcursor_known = false;
    s->tx = -1;
}

void screen_clear(struct screen *s, struct cell fill)
{
    for (int i = 0; i < s->cols * s->rows; i++)
        s->want[i] = fill;
}

void screen_set(struct screen *s, int x, int y, struct cell c)
{
    if (x >= 0 && y >= 0 && x < s->cols && y < s->rows)
        s->want[y * s->cols + x] = c;
}

void screen_fill(struct screen *s, int x, int y, int width, struct cell c)
{
    for (int i = 0; i < width; i++)
        screen_set(s, x + i, y, c);
}

uint32_t screen_utf8_next(const char **p)
{
    const unsigned char *u = (const unsigned char *)*p;
    uint32_t cp;
    int extra;

    if (u[0] < 0x80) {
        *p += 1;
        return u[0];
    }
    if ((u[0] & 0xe0) == 0xc0) {
        cp = u[0] & 0x1f;
        extra = 1;
    } else if ((u[0] & 0xf0) == 0xe0) {
        cp = u[0] & 0x0f;
        extra = 2;
    } else if ((u[0] & 0xf8) == 0xf0) {
        cp = u[0] & 0x07;
        extra = 3;
    } else {
        *p += 1;
        return 0xfffd;
    }
    for (int i = 1; i <= extra; i++) {
        if ((u[i] & 0xc0) != 0x80) {
            *p += i;
            return 0xfffd;
        }
        cp = cp << 6 | (u[i] & 0x3f);
    }
    *p += extra + 1;
    return cp;
}

int screen_text(struct screen *s, int x, int y, int limit, const char *utf8,
                uint8_t attr, uint32_t fg, uint32_t bg)
{
    if (limit > s->cols)
        limit = s->cols;
    while (*utf8 && x < limit) {
        struct cell c = {screen_utf8_next(&utf8), attr, fg, bg};
        screen_set(s, x++, y, c);
    }
    return x;
}

int screen_rgb_to_256(uint32_t rgb)
{
    static const int level[6] = {0, 95, 135, 175, 215, 255};
    int c[3] = {(int)(rgb >> 16 & 0xff), (int)(rgb >> 8 & 0xff), (int)(rgb & 0xff)};
    int idx[3], cube_err = 0;
    for (int i = 0; i < 3; i++) {
        int best = 0;
        for (int k = 1; k < 6; k++)
            if (abs(level[k] - c[i]) < abs(level[best] - c[i]))
                best = k;
        idx[i] = best;
        cube_err += (level[best] - c[i]) * (level[best] - c[i]);
    }
    int avg = (c[0] + c[1] + c[2]) / 3;
    int g = avg < 8 ? 0 : avg > 238 ? 23 : (avg - 8 + 5) / 10;
    int gv = 8 + 10 * g, gray_err = 0;
    for (int i = 0; i < 3; i++)
        gray_err += (gv - c[i]) * (gv - c[i]);
    if (gray_err < cube_err)
        return 232 + g;
    return 16 + 36 * idx[0] + 6 * idx[1] + idx[2];
}

static int add_color(struct screen *s, char *buf, int n, uint32_t c, bool fg)
{
    int base = fg ? 30 : 40;
    switch (COLOR_KIND(c)) {
    case COLOR_KIND_INDEX: {
        unsigned i = c & 0xff;
        if (i < 8)
            return n + sprintf(buf + n, ";%u", base + i);
        if (i < 16)
            return n + sprintf(buf + n, ";%u", base + 60 + i - 8);
        return n + sprintf(buf + n, ";%u;5;%u", base + 8, i);
    }
    case COLOR_KIND_RGB:
        if (s->depth == SCREEN_256)
            return n + sprintf(buf + n, ";%u;5;%d", base + 8, screen_rgb_to_256(c & 0xffffff));
        return n + sprintf(buf + n, ";%u;2;%u;%u;%u", base + 8, (unsigned)COLOR_R(c),
                           (unsigned)COLOR_G(c), (unsigned)COLOR_B(c));
    default:
        return n + sprintf(buf + n, ";%u", base + 9);
    }
}

/* Makes the terminal's pen that of c, with as few parameters as it can. */
static void set_pen(struct screen *s, struct cell c)
{
    static const struct { uint8_t attr; uint8_t code; } codes[] = {
        {ATTR_BOLD, 1}, {ATTR_DIM, 2}, {ATTR_ITALIC, 3}, {ATTR_UNDERLINE, 4},
        {ATTR_BLINK, 5}, {ATTR_REVERSE, 7}, {ATTR_STRIKE, 9},
    };
    char buf[96];
    int n = 0;
    struct cell cur = s->tpen;

    c.attr &= (uint8_t)~ATTR_PIXELS;

    if (s->tpen_known && cur.attr == c.attr && cur.fg == c.fg && cur.bg == c.bg)
        return;
    if (!s->tpen_known || (cur.attr & ~c.attr)) {
        n = sprintf(buf, ";0");
        cur = cell_blank(COLOR_DEFAULT, COLOR_DEFAULT);
    }
    for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++)
        if ((c.attr & codes[i].attr) && !(cur.attr & codes[i].attr))
            n += sprintf(buf + n, ";%u", codes[i].code);
    if (c.fg != cur.fg)
        n = add_color(s, buf, n, c.fg, true);
    if (c.bg != cur.bg)
        n = add_color(s, buf, n, c.bg, false);
    put(s, "\033[", 2);
    put(s, buf + 1, (size_t)n - 1); /* skip the first ';' */
    put(s, "m", 1);
    s->tpen = c;
    s->tpen.ch = ' ';
    s->tpen_known = true;
}

/* How many colours of the pen must change to show fg on bg; with
 * pixels, a colour close to the pen's counts as the pen's. */
static int pen_cost(const struct screen *s, uint32_t fg, uint32_t bg, bool pixels)
{
    if (pixels)
        return !close_enough(fg, s->tpen.fg) + !close_enough(bg, s->tpen.bg);
    return (fg != s->tpen.fg) + (bg != s->tpen.bg);
}

/* How to show c with the fewest colour changes from the terminal's pen.
 * A blank keeps the pen's foreground, unless an attribute going off
 * resets the pen anyway (then its own ink costs the same and is likelier
 * to suit the text after it). A half block is the same picture as the
 * other half block with its colours swapped: a raster's pixel rows often
 * share one colour across a run of cells, upper in one and lower in the
 * next, and the swap keeps the pen. A picture's colours close to the
 * pen's are shown in the pen's. */
static struct cell pen_for(const struct screen *s, struct cell c)
{
    bool pixels = c.attr & ATTR_PIXELS;
    if (!s->tpen_known)
        return c;
    if (inkless(c)) {
        if (!(s->tpen.attr & ~c.attr & ~ATTR_PIXELS))
            c.fg = s->tpen.fg;
        if (pixels && close_enough(c.bg, s->tpen.bg))
            c.bg = s->tpen.bg;
        return c;
    }
    if ((c.ch == UPPER_HALF || c.ch == LOWER_HALF) && !(c.attr & ATTR_REVERSE) &&
        pen_cost(s, c.bg, c.fg, pixels) < pen_cost(s, c.fg, c.bg, pixels)) {
        uint32_t fg = c.fg;
        c.ch = c.ch == UPPER_HALF ? LOWER_HALF : UPPER_HALF;
        c.fg = c.bg;
        c.bg = fg;
    }
    if (pixels && close_enough(c.fg, s->tpen.fg))
        c.fg = s->tpen.fg;
    if (pixels && close_enough(c.bg, s->tpen.bg))
        c.bg = s->tpen.bg;
    return c;
}

/* The cell as composed, from how it was shown: the half block's swap
 * undone, so that the next frame compares like with like. */
static struct cell as_composed(struct cell shown, struct cell want)
{
    if (shown.ch != want.ch && shown.ch != ' ') {
        uint32_t fg = shown.fg;
        shown.ch = want.ch;
        shown.fg = shown.bg;
        shown.bg = fg;
    }
    return shown;
}

static void put_char(struct screen *s, uint32_t cp)
{
    char b[4];
    if (cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0) || cp > 0x10ffff)
        cp = cp ? 0xfffd : ' ';
    if (cp < 0x80) {
        b[0] = (char)cp;
        put(s, b, 1);
    } else if (cp < 0x800) {
        b[0] = (char)(0xc0 | cp >> 6);
        b[1] = (char)(0x80 | (cp & 0x3f));
        put(s, b, 2);
    } else if (cp < 0x10000) {
        b[0] = (char)(0xe0 | cp >> 12);
        b[1] = (char)(0x80 | (cp >> 6 & 0x3f));
        b[2] = (char)(0x80 | (cp & 0x3f));
        put(s, b, 3);
    } else {
        b[0] = (char)(0xf0 | cp >> 18);
        b[1] = (char)(0x80 | (cp >> 12 & 0x3f));
        b[2] = (char)(0x80 | (cp >> 6 & 0x3f));
        b[3] = (char)(0x80 | (cp & 0x3f));
        put(s, b, 4);
    }
}

/* Rewriting a short run of unchanged cells is cheaper than a cursor
 * motion, when they are plain ASCII in the pen already set. */
static bool can_overwrite(const struct screen *s, int y, int from, int to)
{
    if (to - from > 4 || !s->tpen_known)
        return false;
    for (int x = from; x < to; x++) {
        struct cell c = s->sent[y * s->cols + x];
        if (c.ch >= 0x80 || c.ch < 0x20 || c.attr != s->tpen.attr ||
            (c.fg != s->tpen.fg && !inkless(c)) || c.bg != s->tpen.bg)
            return false;
    }
    return true;
}

static void move(struct screen *s, int x, int y)
{
    char buf[40];
    if (s->tx == x && s->ty == y)
        return;
    if (s->tx >= 0 && s->ty == y && x > s->tx && can_overwrite(s, y, s->tx, x)) {
        for (int i = s->tx; i < x; i++)
            put_char(s, s->sent[y * s->cols + i].ch);
    } else if (s->tx >= 0 && s->ty == y && x > s->tx) {
        put(s, buf, (size_t)sprintf(buf, x - s->tx == 1 ? "\033[C" : "\033[%dC", x - s->tx));
    } else if (s->tx >= 0 && s->ty == y && x == 0) {
        put(s, "\r", 1);
    } else if (s->tx >= 0 && s->ty + 1 == y && x == 0) {
        put(s, "\r\n", 2); /* never at the bottom row: y exists below */
    } else if (x == 0) {
        put(s, buf, (size_t)sprintf(buf, "\033[%dH", y + 1));
    } else {
        put(s, buf, (size_t)sprintf(buf, "\033[%d;%dH", y + 1, x + 1));
    }
    s->tx = x;
    s->ty = y;
}

size_t screen_flush(struct screen *s)
{
    uint64_t before = s->bytes + s->out_len;

    if (!s->sent_valid) {
        for (int i = 0; i < s->cols * s->rows; i++)
            s->sent[i].ch = NEVER;
        s->sent_valid = true;
    }
    for (int y = 0; y < s->rows; y++) {
        for (int x = 0; x < s->cols; x++) {
            struct cell *w = &s->want[y * s->cols + x], *t = &s->sent[y * s->cols + x];
            if (looks_same(*w, *t))
                continue;
            move(s, x, y);
            struct cell shown = pen_for(s, *w);
            set_pen(s, shown);
            put_char(s, shown.ch);
            *t = as_composed(shown, *w);
            /* In the last column the terminal's cursor waits to wrap:
             * where it is now depends on the terminal. */
            s->tx = x + 1 < s->cols ? x + 1 : -1;
        }
    }
    if (s->cursor_on)
        move(s, s->cursor_x, s->cursor_y);
    if (!s->tcursor_known || s->tcursor_on != s->cursor_on) {
        puts_(s, s->cursor_on ? "\033[?25h" : "\033[?25l");
        s->tcursor_on = s->cursor_on;
        s->tcursor_known = true;
    }
    screen_raw_flush(s);
    return (size_t)(s->bytes - before);
}
