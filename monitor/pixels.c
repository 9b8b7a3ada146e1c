/*
 * pixels.c: the framebuffer console's rasterizer (see pixels.h). The inner
 * loops are whole rows inside one function: app code pays a stack check
 * on every call, so nothing here calls per pixel.
 */
#include "pixels.h"

#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* Clips [x, x+w) x [y, y+h) to d; false when nothing is left. */
static bool clip(const struct pix *d, int *x, int *y, int *w, int *h)
{
    if (*x < 0) {
        *w += *x;
        *x = 0;
    }
    if (*y < 0) {
        *h += *y;
        *y = 0;
    }
    if (*x + *w > d->w)
        *w = d->w - *x;
    if (*y + *h > d->h)
        *h = d->h - *y;
    return *w > 0 && *h > 0;
}

void pix_fill(struct pix *d, int x, int y, int w, int h, uint32_t rgb)
{
    if (!clip(d, &x, &y, &w, &h))
        return;
    for (int r = 0; r < h; r++) {
        uint32_t *p = d->p + (size_t)(y + r) * d->stride + x;
        for (int i = 0; i < w; i++)
            p[i] = rgb;
    }
}

uint32_t pix_mix(uint32_t a, uint32_t b, int t)
{
    uint32_t rb = ((a & 0xff00ff) * (uint32_t)(256 - t) + (b & 0xff00ff) * (uint32_t)t) >> 8;
    uint32_t g = ((a & 0x00ff00) * (uint32_t)(256 - t) + (b & 0x00ff00) * (uint32_t)t) >> 8;
    return (rb & 0xff00ff) | (g & 0x00ff00);
}

void pix_blend(struct pix *d, int x, int y, int w, int h, uint32_t rgb, int alpha)
{
    if (!clip(d, &x, &y, &w, &h))
        return;
    uint32_t rb = (rgb & 0xff00ff) * (uint32_t)alpha, g = (rgb & 0x00ff00) * (uint32_t)alpha;
    uint32_t keep = (uint32_t)(256 - alpha);
    for (int r = 0; r < h; r++) {
        uint32_t *p = d->p + (size_t)(y + r) * d->stride + x;
        for (int i = 0; i < w; i++) {
            uint32_t c = p[i];
            p[i] = ((((c & 0xff00ff) * keep + rb) >> 8) & 0xff00ff) |
                   ((((c & 0x00ff00) * keep + g) >> 8) & 0x00ff00);
        }
    }
}

void pix_hline(struct pix *d, int x, int y, int w, uint32_t rgb)
{
    pix_fill(d, x, y, w, 1, rgb);
}

void pix_vline(struct pix *d, int x, int y, int h, uint32_t rgb)
{
    pix_fill(d, x, y, 1, h, rgb);
}

void pix_slant(struct pix *d, int x, int y, int w, int h, int dir, uint32_t left, uint32_t right)
{
    for (int r = 0; r < h; r++) {
        /* The edge's column on row r, from 0 to w - 1. */
        int e = h > 1 ? (dir > 0 ? (h - 1 - r) : r) * (w - 1) / (h - 1) : 0;
        pix_fill(d, x, y + r, e, 1, left);
        pix_fill(d, x + e, y + r, w - e, 1, right);
    }
}

/*
 * Geometry for characters the font lacks: the block elements U+2580 to
 * U+2590 (eighths from the top, bottom and left), the shades, the halves,
 * and the shapes the console's chrome uses. Returns false if ch is none.
 */
static bool shape(struct pix *d, int x, int y, int w, int h, uint32_t ch, uint32_t fg, uint32_t bg)
{
    if (ch >= 0x2580 && ch <= 0x259f) {
        pix_fill(d, x, y, w, h, bg);
        if (ch == 0x2580)
            pix_fill(d, x, y, w, h / 2, fg);
        else if (ch <= 0x2588)                          /* lower eighths */
            pix_fill(d, x, y + h - h * (int)(ch - 0x2580) / 8, w, h * (int)(ch - 0x2580) / 8, fg);
        else if (ch <= 0x258f)                          /* left eighths */
            pix_fill(d, x, y, w * (int)(0x2590 - ch) / 8, h, fg);
        else if (ch == 0x2590)
            pix_fill(d, x + w / 2, y, w - w / 2, h, fg);
        else if (ch <= 0x2593) {                        /* shades: 1, 2, 3 quarters */
            int t = 64 * (int)(ch - 0x2590);
            pix_fill(d, x, y, w, h, pix_mix(bg, fg, t));
        } else if (ch == 0x2594)
            pix_fill(d, x, y, w, (h + 7) / 8, fg);
        else if (ch == 0x2595)
            pix_fill(d, x + w - (w + 7) / 8, y, (w + 7) / 8, h, fg);
        else
            return true; /* quadrants: left blank */
        return true;
    }
    switch (ch) {
    case 0x25c6: /* ◆ */
    case 0x25c7: /* ◇ */
        pix_fill(d, x, y, w, h, bg);
        for (int r = 0; r < w; r++) {
            int half = r < w / 2 ? r : w - 1 - r;
            int top = y + (h - w) / 2;
            pix_fill(d, x + w / 2 - half - 1, top + r, 2 * half + 2, 1, fg);
            if (ch == 0x25c7 && half > 0)
                pix_fill(d, x + w / 2 - half + 1, top + r, 2 * half - 2, 1, bg);
        }
        return true;
    case 0x25b0: /* ▰ */
    case 0x25b1: { /* ▱ */
        int top = y + h / 4, hh = h / 2, skew = w / 3;
        pix_fill(d, x, y, w, h, bg);
        for (int r = 0; r < hh; r++) {
            int off = hh > 1 ? (hh - 1 - r) * skew / (hh - 1) : 0;
            int len = w - skew - 1;
            bool edge = r == 0 || r == hh - 1 || ch == 0x25b0;
            pix_fill(d, x + off, top + r, edge ? len : 1, 1, fg);
            if (!edge)
                pix_fill(d, x + off + len - 1, top + r, 1, 1, fg);
        }
        return true;
    }
    case 0x2713: /* ✓ */
        pix_fill(d, x, y, w, h, bg);
        for (int i = 0; i < w - 2; i++) {
            int yy = i < w / 3 ? y + h / 2 + i : y + h / 2 + w / 3 - (i - w / 3) * 2;
            pix_fill(d, x + 1 + i, yy, 1, 2, fg);
        }
        return true;
    }
    return false;
}

void pix_glyph(struct pix *d, int x, int y, const struct font *f, uint32_t ch, int style,
               uint32_t fg, uint32_t bg)
{
    int w = f->width, h = f->height;
    const uint8_t *g = font_glyph(f, ch, style & PIX_BOLD);
    if (!g) {
        if (!shape(d, x, y, w, h, ch, fg, bg)) {
            pix_fill(d, x, y, w, h, bg);
            pix_fill(d, x + 2, y + h / 4, w - 4, h / 2, fg);
            pix_fill(d, x + 3, y + h / 4 + 1, w - 6, h / 2 - 2, bg);
        }
    } else if (x >= 0 && y >= 0 && x + w <= d->w && y + h <= d->h) {
        /* The common case, whole on screen: no clipping per pixel. Odd
         * rows take the darker pair when scanlines are on: the effect
         * costs nothing extra. */
        uint32_t pair[2][2] = {{bg, fg ^ bg}, {bg, fg ^ bg}};
        if (style & PIX_SCANLINES) {
            uint32_t dbg = pix_mix(bg, 0, PIX_SCANLINE_ALPHA), dfg = pix_mix(fg, 0, PIX_SCANLINE_ALPHA);
            pair[1][0] = dbg;
            pair[1][1] = dfg ^ dbg;
        }
        for (int r = 0; r < h; r++, g += f->row_bytes) {
            uint32_t base = pair[(y + r) & 1][0], diff = pair[(y + r) & 1][1];
            uint32_t bits = (uint32_t)g[0] << 24 | (f->row_bytes > 1 ? (uint32_t)g[1] << 16 : 0) |
                            (f->row_bytes > 2 ? (uint32_t)g[2] << 8 : 0);
            uint32_t *p = d->p + (size_t)(y + r) * d->stride + x;
            for (int i = 0; i < w; i++, bits <<= 1)
                p[i] = base ^ (diff & (uint32_t)-(int32_t)(bits >> 31));
        }
    } else {
        for (int r = 0; r < h; r++, g += f->row_bytes)
            for (int i = 0; i < w; i++)
                pix_fill(d, x + i, y + r, 1, 1, (g[i / 8] << (i % 8)) & 0x80 ? fg : bg);
    }
    if (style & PIX_UNDERLINE)
        pix_hline(d, x, y + h - 2, w, fg);
    if (style & PIX_STRIKE)
        pix_hline(d, x, y + h / 2, w, fg);
}

/* Two pixels in one 64-bit store (both ISAs are little-endian: the
 * first pixel is the low word). */
typedef uint64_t __attribute__((may_alias, aligned(8))) pix_pair;

static inline uint64_t pair(uint32_t a, uint32_t b)
{
    return (uint64_t)a | (uint64_t)b << 32;
}

/* A whole source row of n pixels, each as scale copies, into p. Scales 2
 * and 3 (DOOM's 320x200 at 640x400 and 960x600) go two pixels to a store
 * when p is 8-byte aligned. */
static void spread(uint32_t *p, const uint32_t *s, int n, int scale)
{
    if (scale == 2 && !((uintptr_t)p & 7)) {
        pix_pair *q = (pix_pair *)p;
        for (int i = 0; i < n; i++)
            q[i] = pair(s[i], s[i]);
        return;
    }
    if (scale == 3 && !((uintptr_t)p & 7)) {
        pix_pair *q = (pix_pair *)p;
        int i = 0;
        for (; i + 1 < n; i += 2, q += 3) {
            uint32_t a = s[i], b = s[i + 1];
            q[0] = pair(a, a);
            q[1] = pair(a, b);
            q[2] = pair(b, b);
        }
        p = (uint32_t *)q;
        if (i < n)
            p[0] = p[1] = p[2] = s[i];
        return;
    }
    for (int i = 0; i < n; i++)
        for (int k = 0; k < scale; k++)
            *p++ = s[i];
}

/* One destination row from source row s, clipped: from source column sx
 * on, the first pixel with `left` of its scale copies still to go. */
static void scale_row(uint32_t *p, const uint32_t *s, int sx, int left, int w, int scale)
{
    if (left == scale && w % scale == 0) {
        spread(p, s + sx, w / scale, scale);
        return;
    }
    for (int i = 0; i < w;) {
        uint32_t c = s[sx++];
        int run = left < w - i ? left : w - i;
        for (int k = 0; k < run; k++)
            p[i + k] = c;
        i += run;
        left = scale;
    }
}

void pix_scale(struct pix *d, int x, int y, const uint32_t *src, int sw, int sh, int scale,
               bool scanlines)
{
    /* A source row darkened for the scanlines, once per source pixel
     * rather than once per copy. */
    static uint32_t dark[PIX_SCALE_MAX_W];
    int w = sw * scale, h = sh * scale, x0 = x, y0 = y;
    if (scale < 1 || sw > PIX_SCALE_MAX_W || !clip(d, &x, &y, &w, &h))
        return;
    int sx = (x - x0) / scale, left = scale - (x - x0) % scale;
    /* Rows repeat: a source row gives scale destination rows, and with
     * scanlines only two kinds of them (even, odd). Each kind is scaled
     * once and copied to its other rows, a whole-row memcpy. made[k] is
     * the last destination row of kind k built for the source row
     * `built`. */
    int built = -1, made[2] = {-1, -1};
    for (int r = 0; r < h; r++) {
        int sr = (y + r - y0) / scale, kind = scanlines && ((y + r) & 1);
        uint32_t *p = d->p + (size_t)(y + r) * d->stride + x;
        const uint32_t *s = src + (size_t)sr * sw;
        if (sr != built) {
            built = sr;
            made[0] = made[1] = -1;
        }
        if (made[kind] >= 0) {
            memcpy(p, d->p + (size_t)made[kind] * d->stride + x, (size_t)w * sizeof *p);
        } else if (kind) {
            for (int i = sx; i < sw; i++)
                dark[i] = pix_mix(s[i], 0, PIX_SCANLINE_ALPHA);
            scale_row(p, dark, sx, left, w, scale);
        } else {
            scale_row(p, s, sx, left, w, scale);
        }
        made[kind] = y + r;
    }
}
