/*
 * ui.h: the serial renderer of the tabbed console. It composes the tab
 * model (tabs.h) and a few facts about the machine into a screen
 * (screen.h) every frame: the tab bar on top, the focused tab's body, the
 * status line at the bottom, and the help box when it is open. The
 * compositor then sends only what changed. A framebuffer renderer reads
 * the same model and facts.
 */
#ifndef MONITOR_UI_H
#define MONITOR_UI_H

#include <stdbool.h>
#include <stdint.h>

#include "screen.h"

struct ui_facts {
    uint64_t uptime_ns;
    unsigned harts;
    uint64_t mem_used, mem_total; /* bytes: kernel and slots, of RAM */
    int tasks;
    const char *notice;   /* a passing message for the status line, or NULL */
    const char *hint;     /* what the keys do in the focused tab */
    bool prefix;          /* Ctrl-A was pressed: waiting for its key */
    bool help;            /* the help box is open */
    bool raster_pixels;   /* the renderer draws a canvas tab's picture
                             itself: compose a blank body under it */
};

/* The rows the tab bar and the status line take from the screen. */
#define UI_CHROME_ROWS 2

void ui_compose(struct screen *scr, const struct ui_facts *facts);

/* The tab the last ui_compose of scr drew at column x of the tab bar, with
 * the columns it spans in [*x0, *x1) (either may be NULL); -1 if none. */
int ui_tab_at(const struct screen *scr, int x, int *x0, int *x1);

#endif
