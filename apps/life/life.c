/*
 * life.c: Conway's Game of Life on a torus, sized to its tab.
 *
 *   run life [PATTERN]           in text, two cells per character (half
 *                                blocks), coloured by age
 *   run life --canvas [PATTERN]  on a raster canvas, one cell per pixel
 *   PATTERN: random (default), glider, gun, rpent, acorn
 *   --gens N                     stops after N generations
 *
 * Keys: q or Ctrl-C quits, space pauses, r reseeds at random.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <tabula_app.h>

TABULA_APP_MEMORY(512 * 1024, 64 * 1024);

#define STEP_NS 80000000ull
#define AGE_MAX 40

static int w, h;                      /* the world, in cells */
static unsigned char *world, *next;   /* 0 dead, else age (1 = newborn) */

struct pattern {
    const char *name;
    const char *const *rows; /* 'O' alive */
};

static const char *const glider[] = {".O.", "..O", "OOO", 0};
static const char *const rpent[] = {".OO", "OO.", ".O.", 0};
static const char *const acorn[] = {".O.....", "...O...", "OO..OOO", 0};
static const char *const gun[] = {
    "........................O...........",
    "......................O.O...........",
    "............OO......OO............OO",
    "...........O...O....OO............OO",
    "OO........O.....O...OO..............",
    "OO........O...O.OO....O.O...........",
    "..........O.....O.......O...........",
    "...........O...O....................",
    "............OO......................",
    0,
};
static const struct pattern patterns[] = {
    {"glider", glider}, {"gun", gun}, {"rpent", rpent}, {"acorn", acorn},
};

static unsigned long seed = 0x2545f491;
static unsigned rnd(void)
{
    seed ^= seed << 13;
    seed ^= seed >> 7;
    seed ^= seed << 17;
    return (unsigned)seed;
}

static void place(const struct pattern *p)
{
    int ph = 0, pw = (int)strlen(p->rows[0]);
    while (p->rows[ph])
        ph++;
    memset(world, 0, (size_t)(w * h));
    int x0 = (w - pw) / 2, y0 = (h - ph) / 2;
    if (x0 < 0)
        x0 = 0;
    if (y0 < 0)
        y0 = 0;
    for (int y = 0; y < ph && y0 + y < h; y++)
        for (int x = 0; x < pw && x0 + x < w; x++)
            if (p->rows[y][x] == 'O')
                world[(y0 + y) * w + x0 + x] = 1;
}

static void randomize(void)
{
    seed ^= (unsigned long)tabula->time_ns();
    for (int i = 0; i < w * h; i++)
        world[i] = rnd() % 100 < 28;
}

static int step(void)
{
    int alive = 0;
    for (int y = 0; y < h; y++) {
        int up = (y + h - 1) % h * w, mid = y * w, down = (y + 1) % h * w;
        for (int x = 0; x < w; x++) {
            int l = (x + w - 1) % w, r = (x + 1) % w;
            int n = !!world[up + l] + !!world[up + x] + !!world[up + r] + !!world[mid + l] +
                    !!world[mid + r] + !!world[down + l] + !!world[down + x] + !!world[down + r];
            unsigned char age = world[mid + x];
            unsigned char out = 0;
            if (age ? n == 2 || n == 3 : n == 3)
                out = age < AGE_MAX ? age + 1 : AGE_MAX;
            next[mid + x] = out;
            alive += out != 0;
        }
    }
    unsigned char *t = world;
    world = next;
    next = t;
    return alive;
}

/* Newborns hot pink, then violet, settling into cyan. */
static uint32_t color(unsigned char age)
{
    static const uint32_t ages[] = {0x0d0a16, 0xff2e97, 0xe040c0, 0xa66bff, 0x6f8cff, 0x19f0ff};
    if (!age)
        return ages[0];
    return ages[age < 5 ? age : age < 12 ? 4 : 5];
}

static void draw_text(char *out, long gen, int alive)
{
    char *p = out;
    uint32_t fg = 0xffffffff, bg = 0xffffffff;
    p += sprintf(p, "\033[H\033[38;2;255;46;151m\033[1m life \033[0m\033[38;2;122;113;150m"
                    " gen %ld  alive %d  q quits, space pauses, r reseeds\033[K\n",
                 gen, alive);
    for (int y = 0; y < h; y += 2) {
        for (int x = 0; x < w; x++) {
            uint32_t top = color(world[y * w + x]);
            uint32_t bottom = y + 1 < h ? color(world[(y + 1) * w + x]) : color(0);
            /* Two dead (or equal) cells are a blank in the background
             * colour: a byte instead of three, and no new foreground. */
            if (top == bottom && bottom == bg) {
                *p++ = ' ';
                continue;
            }
            if (top != fg || bottom != bg) {
                p += sprintf(p, "\033[38;2;%u;%u;%u;48;2;%u;%u;%um", (unsigned)(top >> 16),
                             (unsigned)(top >> 8 & 0xff), (unsigned)(top & 0xff),
                             (unsigned)(bottom >> 16), (unsigned)(bottom >> 8 & 0xff),
                             (unsigned)(bottom & 0xff));
                fg = top;
                bg = bottom;
            }
            p += sprintf(p, "\xe2\x96\x80"); /* ▀ */
        }
        if (y + 2 < h)
            p += sprintf(p, "\033[0m\n");
        fg = bg = 0xffffffff;
    }
    p += sprintf(p, "\033[0m");
    fwrite(out, 1, (size_t)(p - out), stdout);
    fflush(stdout);
}

static void draw_canvas(uint32_t *px)
{
    for (int i = 0; i < w * h; i++)
        px[i] = color(world[i]);
    tabula->canvas_present();
}

int main(int argc, char **argv)
{
    int canvas = 0, cols, rows, paused = 0;
    long gens = -1;
    const struct pattern *start = 0;
    for (int i = 1; i < argc; i++) {
        bool known = false;
        if (strcmp(argv[i], "--canvas") == 0) {
            canvas = 1;
            known = true;
        } else if (strcmp(argv[i], "--gens") == 0 && i + 1 < argc) {
            gens = atol(argv[++i]);
            known = true;
        } else if (strcmp(argv[i], "random") == 0) {
            known = true;
        }
        for (size_t k = 0; k < sizeof patterns / sizeof patterns[0]; k++) {
            if (strcmp(argv[i], patterns[k].name) == 0) {
                start = &patterns[k];
                known = true;
            }
        }
        if (!known) {
            fprintf(stderr, "life: unknown '%s'; usage: life [--canvas] [--gens N] "
                            "[random|glider|gun|rpent|acorn]\n", argv[i]);
            return 2;
        }
    }
    tabula_term_size(&cols, &rows);
    if (cols > 200)
        cols = 200;
    if (rows > 80)
        rows = 80;
    w = cols;
    h = canvas ? rows * 2 : (rows - 1) * 2;
    world = malloc((size_t)(w * h));
    next = malloc((size_t)(w * h));
    uint32_t *px = canvas ? malloc(sizeof *px * (size_t)(w * h)) : NULL;
    char *out = canvas ? NULL : malloc((size_t)(w * h / 2 * 48 + 256));
    if (!world || !next || (canvas ? !px : !out)) {
        fprintf(stderr, "life: out of memory for a %dx%d world\n", w, h);
        return 1;
    }
    if (start)
        place(start);
    else
        randomize();
    if (canvas && tabula->canvas_open(px, (uint32_t)w, (uint32_t)h) < 0) {
        fprintf(stderr, "life: no canvas\n");
        return 1;
    }
    tabula->console_mode(TABULA_CONSOLE_RAW | TABULA_CONSOLE_NONBLOCK);
    printf("\033[?25l\033[2J");
    fflush(stdout);
    int alive = 0;
    for (long gen = 0; gens < 0 || gen < gens;) {
        char c;
        while (tabula->read(&c, 1) == 1) {
            if (c == 'q' || c == 3)
                gens = 0;
            else if (c == ' ')
                paused = !paused;
            else if (c == 'r')
                randomize();
        }
        if (gens == 0)
            break;
        if (canvas)
            draw_canvas(px);
        else
            draw_text(out, gen, alive);
        if (!paused) {
            alive = step();
            gen++;
        }
        tabula->sleep_ns(STEP_NS);
    }
    printf("\033[0m\033[?25h\n");
    return 0;
}
