/* test_pixels.c: the framebuffer console's rasterizer (monitor/pixels.c)
 * with the generated font table (tools/mkfont.py). */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "font.h"
#include "pixels.h"

#define W 64
#define H 48

static uint32_t buf[W * H] __attribute__((aligned(8))); /* rows start 8-byte aligned */
static struct pix d = {buf, W, H, W};

static int count(uint32_t rgb)
{
    int n = 0;
    for (int i = 0; i < W * H; i++)
        n += buf[i] == rgb;
    return n;
}

TEST(fill_clips_to_the_buffer)
{
    pix_fill(&d, 0, 0, W, H, 0);
    pix_fill(&d, -5, -5, 10, 10, 0xff0000);
    CHECK_EQ(count(0xff0000), 25);
    pix_fill(&d, W - 2, H - 3, 100, 100, 0x00ff00);
    CHECK_EQ(count(0x00ff00), 6);
    pix_fill(&d, W, 0, 5, 5, 0x0000ff); /* wholly outside */
    CHECK_EQ(count(0x0000ff), 0);
}

TEST(mix_and_blend)
{
    CHECK_EQ(pix_mix(0x000000, 0xffffff, 0), 0x000000);
    CHECK_EQ(pix_mix(0x000000, 0xffffff, 256), 0xffffff);
    CHECK_EQ(pix_mix(0x000000, 0x804020, 128), 0x402010);
    pix_fill(&d, 0, 0, W, H, 0x000000);
    pix_blend(&d, 0, 0, 2, 1, 0xff0000, 128);
    CHECK_EQ(buf[0], 0x7f0000);
    CHECK_EQ(buf[2], 0);
}

TEST(font_table_has_ascii_in_both_faces)
{
    const struct font *f = &font_console;
    CHECK(f->width >= 8 && f->height >= 16);
    for (uint32_t c = 0x20; c < 0x7f; c++) {
        CHECK(font_glyph(f, c, false) != NULL);
        CHECK(font_glyph(f, c, true) != NULL);
    }
    CHECK(font_glyph(f, 0x2500, false) != NULL); /* box drawing */
    CHECK(font_glyph(f, 0x10ffff, false) == NULL);
    /* Bold is a different picture of the same letter. */
    int size = f->height * f->row_bytes;
    CHECK(memcmp(font_glyph(f, 'A', false), font_glyph(f, 'A', true), size) != 0);
    /* A space has no ink; an 'M' has plenty. */
    const uint8_t *sp = font_glyph(f, ' ', false), *m = font_glyph(f, 'M', false);
    int ink = 0;
    for (int i = 0; i < size; i++) {
        CHECK_EQ(sp[i], 0);
        ink += __builtin_popcount(m[i]);
    }
    CHECK(ink > 20);
}

/* A glyph cell holds exactly the font's bits: fg where set, bg elsewhere. */
TEST(glyph_matches_the_bitmap)
{
    const struct font *f = &font_console;
    pix_fill(&d, 0, 0, W, H, 0x123456);
    pix_glyph(&d, 3, 2, f, 'g', 0, 0xffffff, 0x000000);
    const uint8_t *g = font_glyph(f, 'g', false);
    for (int y = 0; y < f->height; y++)
        for (int x = 0; x < f->width; x++) {
            bool on = (g[y * f->row_bytes + x / 8] << (x % 8)) & 0x80;
            CHECK_EQ(buf[(2 + y) * W + 3 + x], on ? 0xffffffu : 0u);
        }
    CHECK_EQ(buf[2 * W + 2], 0x123456);           /* left of the cell */
    CHECK_EQ(buf[(2 + f->height) * W + 3], 0x123456); /* below it */
}

TEST(glyph_clipped_at_the_edges_and_styles)
{
    const struct font *f = &font_console;
    pix_fill(&d, 0, 0, W, H, 0);
    pix_glyph(&d, W - 3, H - 4, f, 'M', 0, 0xffffff, 0x000001);
    CHECK_EQ(count(0xffffff) + count(0x000001), 12); /* only the 3 x 4 inside */
    pix_fill(&d, 0, 0, W, H, 0);
    pix_glyph(&d, 0, 0, f, ' ', PIX_UNDERLINE, 0xffffff, 0x000001);
    CHECK_EQ(count(0xffffff), f->width);
    CHECK_EQ(buf[(f->height - 2) * W], 0xffffff);
}

TEST(shapes_the_font_lacks)
{
    const struct font *f = &font_console;
    int cell = f->width * f->height;
    pix_fill(&d, 0, 0, W, H, 0);
    pix_glyph(&d, 0, 0, f, 0x2588, 0, 0xffffff, 0x000001); /* full block */
    CHECK_EQ(count(0xffffff), cell);
    pix_glyph(&d, 0, 0, f, 0x2580, 0, 0xffffff, 0x000001); /* upper half */
    CHECK_EQ(count(0xffffff), f->width * (f->height / 2));
    CHECK_EQ(buf[0], 0xffffff);
    CHECK_EQ(buf[(f->height - 1) * W], 0x000001);
    pix_glyph(&d, 0, 0, f, 0x258c, 0, 0xffffff, 0x000001); /* left half */
    CHECK_EQ(count(0xffffff), f->height * (f->width / 2));
    pix_glyph(&d, 0, 0, f, 0x25c6, 0, 0xffffff, 0x000001); /* diamond */
    CHECK(count(0xffffff) > 10);
    pix_glyph(&d, 0, 0, f, 0xe000, 0, 0xffffff, 0x000001); /* unknown: a box */
    CHECK(count(0xffffff) > 0 && count(0xffffff) < cell / 2);
}

TEST(scale_blows_up_pixels)
{
    uint32_t src[6] = {1, 2, 3, 4, 5, 6}; /* 3 x 2 */
    pix_fill(&d, 0, 0, W, H, 0);
    pix_scale(&d, 1, 1, src, 3, 2, 4, false);
    CHECK_EQ(buf[1 * W + 1], 1);
    CHECK_EQ(buf[4 * W + 4], 1);
    CHECK_EQ(buf[4 * W + 5], 2);
    CHECK_EQ(buf[5 * W + 12], 6);
    CHECK_EQ(buf[9 * W + 12], 0);
    CHECK_EQ(count(5), 16);
    /* Partly off the left and top edges: the rest lands in place. */
    pix_fill(&d, 0, 0, W, H, 0);
    pix_scale(&d, -2, -3, src, 3, 2, 4, false);
    CHECK_EQ(buf[0], 1);
    CHECK_EQ(buf[2], 2);
    CHECK_EQ(buf[1 * W], 4);
    CHECK_EQ(count(1), 2 * 1);
}

/* Scanlines folded into the scale give exactly the pixels a scale and
 * then a blend of the odd rows gave: the picture a user sees is the same. */
TEST(scale_with_scanlines_is_scale_then_blend)
{
    uint32_t src[15]; /* 5 x 3: an odd width, for the two-pixel stores */
    for (int i = 0; i < 15; i++)
        src[i] = 0x102030u * (uint32_t)(i + 1) ^ 0xa5c3e1u;
    static const int xs[] = {-4, -1, 1, 2, 50};
    for (int scale = 1; scale <= 4; scale++) {
        for (int y = -3; y <= 2; y++) {
            for (unsigned k = 0; k < sizeof xs / sizeof xs[0]; k++) {
                static uint32_t want[W * H];
                int x = xs[k];
                pix_fill(&d, 0, 0, W, H, 0x123456);
                pix_scale(&d, x, y, src, 5, 3, scale, false);
                /* The plain scale, pixel by pixel. */
                for (int r = 0; r < H; r++)
                    for (int c = 0; c < W; c++) {
                        int sr = r - y, sc = c - x;
                        bool in = sr >= 0 && sc >= 0 && sr < 3 * scale && sc < 5 * scale;
                        CHECK_EQ(buf[r * W + c], in ? src[sr / scale * 5 + sc / scale] : 0x123456u);
                    }
                for (int r = (y < 0 ? 0 : y) | 1; r < y + 3 * scale; r += 2)
                    pix_blend(&d, x, r, 5 * scale, 1, 0, PIX_SCANLINE_ALPHA);
                memcpy(want, buf, sizeof want);
                pix_fill(&d, 0, 0, W, H, 0x123456);
                pix_scale(&d, x, y, src, 5, 3, scale, true);
                CHECK(memcmp(want, buf, sizeof want) == 0);
            }
        }
    }
}

TEST(slant_leans_the_right_way)
{
    pix_fill(&d, 0, 0, W, H, 0);
    pix_slant(&d, 0, 0, 8, 8, 1, 0x111111, 0x222222); /* like '/' */
    CHECK_EQ(buf[0 * W + 0], 0x111111);  /* top row: mostly left colour */
    CHECK_EQ(buf[0 * W + 7], 0x222222);
    CHECK_EQ(buf[7 * W + 0], 0x222222);  /* bottom row: all right colour */
    pix_slant(&d, 0, 0, 8, 8, -1, 0x111111, 0x222222); /* like '\' */
    CHECK_EQ(buf[0 * W + 0], 0x222222);
    CHECK_EQ(buf[7 * W + 6], 0x111111);
}
