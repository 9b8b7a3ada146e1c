/*
 * fbcmd.c: the display command. `display` tells the framebuffer console's
 * mode, font and frame rates; `display fx on|off` switches the scanlines
 * and glow; `display bench [N]` redraws the whole screen N times (60 by
 * default) and reports frames per second, drawing and transfer apart.
 */
#include <string.h>

#include "commands.h"
#include "fbcon.h"
#include "frontend.h"
#include "parse.h"
#include "tabula_app.h"
#include "term.h"

static void info(void)
{
    struct fbcon_stats st;
    fbcon_stats(&st);
    term_printf("display %ux%u, %d x %d cells of %dx%d (Terminus), effects %s\n",
                (unsigned)st.width, (unsigned)st.height, st.cols, st.rows, st.cell_w,
                st.cell_h, st.fx ? "on" : "off");
    term_printf("frames %llu, last second %u; canvas frames in the last second one was shown %u\n",
                (unsigned long long)st.frames, st.fps, st.canvas_fps);
    term_printf("flushed %llu rectangles, %llu pixels (%llu full screens)\n",
                (unsigned long long)st.rects, (unsigned long long)st.pixels,
                (unsigned long long)(st.pixels / ((uint64_t)st.width * st.height)));
}

static void bench(int n)
{
    uint64_t draw, wait;
    fbcon_bench(n, &draw, &wait);
    uint64_t total = draw + wait;
    unsigned long long fps100 = total ? 100ull * 1000000000ull * (uint64_t)n / total : 0;
    term_printf("display bench: %d full redraws in %llu ms: %llu.%02llu frames/s "
                "(drawing %llu us, transfer %llu us a frame)\n",
                n, (unsigned long long)(total / 1000000), fps100 / 100, fps100 % 100,
                (unsigned long long)(draw / (uint64_t)n / 1000),
                (unsigned long long)(wait / (uint64_t)n / 1000));
    fbcon_invalidate();
}

int cmd_display(int argc, char **argv)
{
    if (!fbcon_active()) {
        term_error("display: no framebuffer console (%s)", frontend->no_display);
        return 1;
    }
    if (argc == 1) {
        info();
        return 0;
    }
    if (strcmp(argv[1], "fx") == 0 && argc == 3 &&
        (strcmp(argv[2], "on") == 0 || strcmp(argv[2], "off") == 0)) {
        fbcon_set_fx(strcmp(argv[2], "on") == 0);
        return 0;
    }
    if (strcmp(argv[1], "bench") == 0 && argc <= 3) {
        unsigned long n = 60;
        if (argc == 3 && (!parse_number(argv[2], 10000, &n) || n == 0)) {
            term_error("display: bench wants a number of frames from 1 to 10000, not '%s'", argv[2]);
            return 1;
        }
        bench((int)n);
        return 0;
    }
    term_error("display: usage: display [fx on|off] [bench [N]]");
    return 1;
}
