/*
 * theme.h: the console's palette, in one place. Neon on near-black: hot
 * pink, cyan, violet and amber, after the consoles of Paradise Killer and
 * the lamps of an IBM System/360 panel. Each colour is given in 24-bit and
 * as a hand-picked entry of the 256-colour palette, for terminals without
 * true colour. Apps' 16 ANSI colours are mapped onto the same palette, as
 * a terminal's colour scheme would.
 */
#ifndef MONITOR_THEME_H
#define MONITOR_THEME_H

#include <stdbool.h>
#include <stdint.h>

enum theme_role {
    TH_BG,      /* the body: near-black with a violet cast */
    TH_PANEL,   /* bars and frames, a step lighter */
    TH_RAISED,  /* the focused tab, selections */
    TH_FG,      /* ordinary text */
    TH_DIM,     /* secondary text, rules */
    TH_PINK,    /* the brand: headings, the prompt */
    TH_CYAN,    /* values, the focused tab, running */
    TH_VIOLET,  /* labels, waiting */
    TH_AMBER,   /* warnings, new output, not responding */
    TH_RED,     /* errors, crashes */
    TH_GREEN,   /* good news */
    TH_BLUE,
    TH_INK,     /* text on a bright background */
    TH_COUNT
};

enum theme_depth {
    THEME_TRUECOLOR, /* 24-bit SGR */
    THEME_256,       /* the 256-colour palette only */
};

void theme_set_depth(enum theme_depth depth);
enum theme_depth theme_depth(void);

/* A role's colour as a cell colour (cell.h) for the current depth. */
uint32_t theme(enum theme_role role);

/* What an app's colour becomes on screen: the default foreground and
 * background become the theme's, the 16 ANSI colours its neon versions. */
uint32_t theme_resolve(uint32_t color, bool foreground);

/* The SGR sequence setting role as the foreground ("\033[38;...m"). */
const char *theme_sgr(enum theme_role role);

/* 24-bit colours for pixels: a role's, and what any cell colour (default,
 * palette index or RGB) looks like on screen, the 16 ANSI colours and the
 * defaults as this theme paints them. */
uint32_t theme_rgb(enum theme_role role);
uint32_t theme_pixel(uint32_t color, bool foreground);

/* A colour between a and b (24-bit, t from 0 to 255), for gradients. */
uint32_t theme_mix(enum theme_role a, enum theme_role b, int t);

#endif
