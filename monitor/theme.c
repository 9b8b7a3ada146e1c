/*
 * theme.c: the palette (see theme.h).
 */
#include "theme.h"

#include <stdio.h>

#include "cell.h"

struct swatch {
    uint32_t rgb;   /* 0xRRGGBB */
    uint8_t index;  /* the nearest-looking 256-colour entry */
};

static const struct swatch palette[TH_COUNT] = {
    [TH_BG] = {0x0d0a16, 233},
    [TH_PANEL] = {0x1b1530, 235},
    [TH_RAISED] = {0x2c2250, 237},
    [TH_FG] = {0xe8e2f4, 254},
    [TH_DIM] = {0x7a7196, 60},
    [TH_PINK] = {0xff2e97, 198},
    [TH_CYAN] = {0x19f0ff, 51},
    [TH_VIOLET] = {0xa66bff, 135},
    [TH_AMBER] = {0xffb000, 214},
    [TH_RED] = {0xff3b5c, 203},
    [TH_GREEN] = {0x3dff9a, 48},
    [TH_BLUE] = {0x4d7fff, 69},
    [TH_INK] = {0x0d0a16, 233},
};

/* The ANSI colours 0-15 as this theme paints them. */
static const struct swatch ansi[16] = {
    {0x1d1830, 234}, {0xff3b5c, 203}, {0x3dff9a, 48},  {0xffb000, 214},
    {0x4d7fff, 69},  {0xff2e97, 198}, {0x19f0ff, 51},  {0xe8e2f4, 254},
    {0x7a7196, 60},  {0xff7a92, 210}, {0x8affc4, 121}, {0xffd866, 221},
    {0x8aa8ff, 111}, {0xff7ac6, 212}, {0x8ff9ff, 123}, {0xffffff, 231},
};

static enum theme_depth depth = THEME_TRUECOLOR;

void theme_set_depth(enum theme_depth d)
{
    depth = d;
}

enum theme_depth theme_depth(void)
{
    return depth;
}

static uint32_t from_swatch(struct swatch s)
{
    return depth == THEME_TRUECOLOR ? COLOR_HEX(s.rgb) : COLOR_INDEX(s.index);
}

uint32_t theme(enum theme_role role)
{
    return from_swatch(palette[role < TH_COUNT ? role : TH_FG]);
}

uint32_t theme_resolve(uint32_t color, bool foreground)
{
    if (COLOR_KIND(color) == COLOR_KIND_DEFAULT)
        return theme(foreground ? TH_FG : TH_BG);
    if (COLOR_KIND(color) == COLOR_KIND_INDEX && (color & 0xff) < 16)
        return from_swatch(ansi[color & 0xff]);
    return color;
}

const char *theme_sgr(enum theme_role role)
{
    static char codes[TH_COUNT][24];
    static enum theme_depth made_for[TH_COUNT];
    static bool made[TH_COUNT];

    if (role >= TH_COUNT)
        role = TH_FG;
    if (!made[role] || made_for[role] != depth) {
        struct swatch s = palette[role];
        if (depth == THEME_TRUECOLOR)
            snprintf(codes[role], sizeof codes[role], "\033[38;2;%u;%u;%um",
                     (unsigned)(s.rgb >> 16), (unsigned)(s.rgb >> 8 & 0xff),
                     (unsigned)(s.rgb & 0xff));
        else
            snprintf(codes[role], sizeof codes[role], "\033[38;5;%um", (unsigned)s.index);
        made[role] = true;
        made_for[role] = depth;
    }
    return codes[role];
}

uint32_t theme_mix(enum theme_role a, enum theme_role b, int t)
{
    uint32_t x = palette[a].rgb, y = palette[b].rgb;
    t = t < 0 ? 0 : t > 255 ? 255 : t;
    uint32_t r = ((x >> 16) * (255 - t) + (y >> 16) * t) / 255;
    uint32_t g = ((x >> 8 & 0xff) * (255 - t) + (y >> 8 & 0xff) * t) / 255;
    uint32_t bl = ((x & 0xff) * (255 - t) + (y & 0xff) * t) / 255;
    return COLOR_RGB(r, g, bl);
}

uint32_t theme_rgb(enum theme_role role)
{
    return palette[role < TH_COUNT ? role : TH_FG].rgb;
}

/* The xterm 256-colour palette above the 16 ANSI colours: a 6 x 6 x 6
 * cube, then 24 greys. */
static uint32_t xterm_rgb(unsigned n)
{
    static const uint8_t level[6] = {0, 95, 135, 175, 215, 255};
    if (n >= 232) {
        uint32_t g = 8 + 10 * (n - 232);
        return g << 16 | g << 8 | g;
    }
    n -= 16;
    return (uint32_t)level[n / 36] << 16 | (uint32_t)level[n / 6 % 6] << 8 | level[n % 6];
}

uint32_t theme_pixel(uint32_t color, bool foreground)
{
    switch (COLOR_KIND(color)) {
    case COLOR_KIND_RGB:
        return color & 0xffffff;
    case COLOR_KIND_INDEX:
        if ((color & 0xff) < 16)
            return ansi[color & 0xff].rgb;
        for (int r = 0; r < TH_COUNT; r++) /* a theme colour in 256-colour mode */
            if (palette[r].index == (color & 0xff))
                return palette[r].rgb;
        return xterm_rgb(color & 0xff);
    default:
        return palette[foreground ? TH_FG : TH_BG].rgb;
    }
}
