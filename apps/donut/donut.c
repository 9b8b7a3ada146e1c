/*
 * donut.c: the spinning torus, after Andy Sloane's donut.c, in neon.
 *
 *   run donut               ASCII shading in colour, sized to its tab
 *   run donut --canvas      the same torus in pixels, on a raster canvas
 *   run donut --frames N    stops after N frames (for tests and timing)
 *
 * Keys: q or Ctrl-C quits, space pauses. Each frame is computed, shown,
 * and followed by a 40 ms sleep, so the donut yields the hart every frame
 * and leaves the others room to animate too.
 *
 * No libm: the sines and cosines come from a rotation recurrence started
 * from a short Taylor series, which is exact enough for a doughnut.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <tabula_app.h>

TABULA_APP_MEMORY(1024 * 1024, 64 * 1024);

#define PI2 6.28318531f
#define FRAME_NS 40000000ull

static int cols = 80, rows = 24;

/* sin and cos of a small angle d. */
static void small_angle(float d, float *s, float *c)
{
    float d2 = d * d;
    *s = d * (1 - d2 / 6 * (1 - d2 / 20));
    *c = 1 - d2 / 2 * (1 - d2 / 12);
}

/* cos and sin of k * step for k = 0 .. n-1. */
static void table(float step, int n, float *cs, float *sn)
{
    float s1, c1, c = 1, s = 0;
    small_angle(step, &s1, &c1);
    for (int k = 0; k < n; k++) {
        cs[k] = c;
        sn[k] = s;
        float nc = c * c1 - s * s1;
        s = s * c1 + c * s1;
        c = nc;
    }
}

/* Points around the tube and around the axis: enough for the text grid
 * by default; a canvas is finer, so it takes more (up to the maximum). */
#define THETA_MAX 240
#define PHI_MAX 720
static int theta_n = 90, phi_n = 314;
static float ct[THETA_MAX], st[THETA_MAX], cp[PHI_MAX], sp[PHI_MAX];

/*
 * Projects the torus rotated by A (about x) and B (about z) onto a w x h
 * grid with x and y scales kx, ky; keeps the nearest point per cell:
 * lum gets its luminance (-1.42 .. 1.42), zbuf 1/z.
 */
static void project(float cA, float sA, float cB, float sB, int w, int h, float kx, float ky,
                    float *zbuf, float *lum)
{
    const float r1 = 1, r2 = 2, k2 = 5;
    memset(zbuf, 0, sizeof *zbuf * (size_t)(w * h));
    for (int i = 0; i < theta_n; i++) {
        float cx = r2 + r1 * ct[i], cy = r1 * st[i];
        for (int j = 0; j < phi_n; j++) {
            float x = cx * (cB * cp[j] + sA * sB * sp[j]) - cy * cA * sB;
            float y = cx * (sB * cp[j] - sA * cB * sp[j]) + cy * cA * cB;
            float ooz = 1 / (k2 + cA * cx * sp[j] + cy * sA);
            int xp = (int)(w / 2 + kx * ooz * x);
            int yp = (int)(h / 2 - ky * ooz * y);
            if (xp < 0 || yp < 0 || xp >= w || yp >= h)
                continue;
            int at = yp * w + xp;
            if (ooz <= zbuf[at])
                continue;
            zbuf[at] = ooz;
            lum[at] = cp[j] * ct[i] * sB - cA * ct[i] * sp[j] - sA * st[i] +
                      cB * (cA * st[i] - ct[i] * sA * sp[j]);
        }
    }
}

/* The neon ramp: deep violet, hot pink, amber, near white; t in 0..1. */
static uint32_t ramp(float t)
{
    static const uint32_t stops[] = {0x2a1050, 0x7a2cc8, 0xff2e97, 0xffb000, 0xfff4d6};
    if (t < 0)
        t = 0;
    if (t > 1)
        t = 1;
    float f = t * 4;
    int i = (int)f;
    if (i >= 4)
        return stops[4];
    float u = f - (float)i;
    uint32_t a = stops[i], b = stops[i + 1], out = 0;
    for (int sh = 0; sh <= 16; sh += 8) {
        float ca = (float)(a >> sh & 0xff), cb = (float)(b >> sh & 0xff);
        out |= (uint32_t)(ca + (cb - ca) * u) << sh;
    }
    return out;
}

static void text_frame(float cA, float sA, float cB, float sB, float *zbuf, float *lum, char *out)
{
    static const char shades[] = ".,-~:;=!*#$@";
    int h = rows - 1;
    float k1 = (float)(cols < 2 * h ? cols : 2 * h) * 5 * 3 / (8 * 3) * 1.25f;
    project(cA, sA, cB, sB, cols, h, k1, k1 / 2, zbuf, lum);
    char *p = out;
    uint32_t pen = 0xffffffff;
    p += sprintf(p, "\033[H");
    for (int y = 0; y < h; y++) {
        for (int x = 0; x < cols; x++) {
            int at = y * cols + x;
            if (zbuf[at] == 0 || lum[at] <= 0) {
                *p++ = zbuf[at] == 0 ? ' ' : '.';
                continue;
            }
            int n = (int)(lum[at] * 8);
            if (n > 11)
                n = 11;
            uint32_t color = ramp((float)n / 11);
            if (color != pen) {
                p += sprintf(p, "\033[38;2;%u;%u;%um", (unsigned)(color >> 16),
                             (unsigned)(color >> 8 & 0xff), (unsigned)(color & 0xff));
                pen = color;
            }
            *p++ = shades[n];
        }
        if (y + 1 < h)
            *p++ = '\n';
    }
    p += sprintf(p, "\033[0m\033[%d;1H\033[38;2;122;113;150mdonut  q quits, space pauses\033[0m\033[K",
                 rows);
    fwrite(out, 1, (size_t)(p - out), stdout);
    fflush(stdout);
}

static void canvas_frame(float cA, float sA, float cB, float sB, float *zbuf, float *lum,
                         uint32_t *px, int w, int h)
{
    float k1 = (float)(w < h ? w : h) * 5 * 3 / (8 * 3) * 1.1f;
    project(cA, sA, cB, sB, w, h, k1, k1, zbuf, lum);
    /* A flat night sky: cells of one colour cost the compositor least. */
    const uint32_t sky = 0x0d0a16;
    for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
            int at = y * w + x;
            px[at] = zbuf[at] == 0 ? sky : ramp((lum[at] + 1.0f) / 2.4f);
        }
    }
    tabula->canvas_present();
}

/* Keys, without waiting: returns 1 to quit. */
static int keys(int *paused)
{
    char c;
    while (tabula->read(&c, 1) == 1) {
        if (c == 'q' || c == 3)
            return 1;
        if (c == ' ')
            *paused = !*paused;
    }
    return 0;
}

int main(int argc, char **argv)
{
    int canvas = 0, paused = 0;
    long frames = -1;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--canvas") == 0) {
            canvas = 1;
        } else if (strcmp(argv[i], "--frames") == 0 && i + 1 < argc) {
            frames = atol(argv[++i]);
        } else {
            fprintf(stderr, "donut: usage: donut [--canvas] [--frames N]\n");
            return 2;
        }
    }
    tabula_term_size(&cols, &rows);
    if (cols > 200)
        cols = 200;
    if (rows > 80)
        rows = 80;
    if (rows < 4)
        rows = 4;
    int w = cols, h = canvas ? rows * 2 : rows;
    if (canvas) {
        /* About two points per pixel across the torus's largest span. */
        int span = w > h ? w : h;
        theta_n = span * 2 < THETA_MAX ? (span * 2 > 90 ? span * 2 : 90) : THETA_MAX;
        phi_n = theta_n * 3 < PHI_MAX ? theta_n * 3 : PHI_MAX;
    }
    table(PI2 / (float)theta_n, theta_n, ct, st);
    table(PI2 / (float)phi_n, phi_n, cp, sp);
    float *zbuf = malloc(sizeof *zbuf * (size_t)(w * h));
    float *lum = malloc(sizeof *lum * (size_t)(w * h));
    uint32_t *px = canvas ? malloc(sizeof *px * (size_t)(w * h)) : NULL;
    char *out = canvas ? NULL : malloc((size_t)(cols * rows * 24 + 256));
    if (!zbuf || !lum || (canvas ? !px : !out)) {
        fprintf(stderr, "donut: out of memory for a %dx%d screen\n", cols, rows);
        return 1;
    }
    if (canvas && tabula->canvas_open(px, (uint32_t)w, (uint32_t)h) < 0) {
        fprintf(stderr, "donut: no canvas\n");
        return 1;
    }
    tabula->console_mode(TABULA_CONSOLE_RAW | TABULA_CONSOLE_NONBLOCK);
    printf("\033[?25l\033[2J");
    if (canvas)
        printf("donut: drawing on a %dx%d canvas; q quits\n", w, h);
    fflush(stdout);

    /* The frame's rotation, advanced by a fixed step each frame. */
    float cA = 1, sA = 0, cB = 1, sB = 0, sa, ca, sb, cb;
    small_angle(0.07f, &sa, &ca);
    small_angle(0.03f, &sb, &cb);
    uint64_t busy = 0;
    long n;
    for (n = 0; frames < 0 || n < frames; n++) {
        if (keys(&paused))
            break;
        if (paused) {
            tabula->sleep_ns(FRAME_NS);
            n--;
            continue;
        }
        uint64_t start = tabula->time_ns();
        if (canvas)
            canvas_frame(cA, sA, cB, sB, zbuf, lum, px, w, h);
        else
            text_frame(cA, sA, cB, sB, zbuf, lum, out);
        busy += tabula->time_ns() - start;
        float t = cA * ca - sA * sa;
        sA = sA * ca + cA * sa;
        cA = t;
        t = cB * cb - sB * sb;
        sB = sB * cb + cB * sb;
        cB = t;
        /* Rounding makes c^2 + s^2 drift from 1; one Newton step for
         * 1/sqrt pulls it back. */
        t = (3 - (cA * cA + sA * sA)) / 2;
        cA *= t;
        sA *= t;
        t = (3 - (cB * cB + sB * sB)) / 2;
        cB *= t;
        sB *= t;
        tabula->sleep_ns(FRAME_NS);
    }
    printf("\033[0m\033[?25h\ndonut: %ld frames, %lu ms each to draw (%d x %d points)\n", n,
           n ? (unsigned long)(busy / (uint64_t)n / 1000000u) : 0ul, theta_n, phi_n);
    return 0;
}
