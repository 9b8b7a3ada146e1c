/*
 * memview.c: the mem command. It draws the task arena as a bar, one letter
 * per slot (A, B, C... in address order, '.' for free), then a legend with
 * each slot's base, size and owner, then the totals. Plain mode keeps to
 * ASCII; the neon mode colours each slot and dots the free space.
 */
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "fmt.h"
#include "frontend.h"
#include "tabula_app.h"
#include "term.h"

#define BAR_WIDTH 64
#define SLOTS_MAX 64
#define TASKS_MAX 64

static const char letters[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

static struct tabula_slot_info slots[SLOTS_MAX];
static struct tabula_task_info tasks[TASKS_MAX];

/* Slot s's place among the used slots, which names it in the legend. */
static int rank_of(int s)
{
    int rank = 0;
    for (int i = 0; i < s; i++)
        rank += slots[i].task != 0;
    return rank;
}

static char letter_of(int s)
{
    int rank = rank_of(s);
    return rank < (int)sizeof letters - 1 ? letters[rank] : '#';
}

static const char *colour_of(int s)
{
    static const enum term_style palette[] = {TERM_PINK, TERM_CYAN, TERM_VIOLET};
    return term_style(palette[rank_of(s) % 3]);
}

static void draw_bar(const struct tabula_mem_stats *st, int nslots)
{
    int cells[BAR_WIDTH];
    char from[16], to[16];

    fmt_bar(cells, BAR_WIDTH, st->arena_base, st->arena_size, slots, nslots);
    term_puts("[");
    for (int i = 0; i < BAR_WIDTH; i++) {
        if (cells[i] < 0)
            term_printf("%s%s", term_style(TERM_DIM), frontend->unicode ? "\xc2\xb7" : ".");
        else
            term_printf("%s%c", colour_of(cells[i]), letter_of(cells[i]));
    }
    term_printf("%s]\n", term_style(TERM_RESET));
    snprintf(from, sizeof from, "0x%lx", (unsigned long)st->arena_base);
    snprintf(to, sizeof to, "0x%lx", (unsigned long)(st->arena_base + st->arena_size));
    /* The arena's first and end addresses under the bar's two ends. */
    term_printf("%s%-*s%s%s\n", term_style(TERM_DIM),
                BAR_WIDTH + 2 - (int)strlen(to), from, to, term_style(TERM_RESET));
}

static void draw_legend(int nslots, int ntasks)
{
    char size[16], name[24];

    for (int s = 0; s < nslots; s++) {
        const struct tabula_slot_info *slot = &slots[s];
        if (slot->task == 0) {
            term_printf("%s .%s 0x%-10lx %7s  free\n", term_style(TERM_DIM),
                        term_style(TERM_RESET), (unsigned long)slot->base,
                        fmt_size(size, sizeof size, slot->size));
        } else {
            term_printf(" %s%c%s 0x%-10lx %7s  %s (task %d)\n", colour_of(s),
                        letter_of(s), term_style(TERM_RESET),
                        (unsigned long)slot->base,
                        fmt_size(size, sizeof size, slot->size),
                        cmd_task_name(tasks, ntasks, slot->task, name, sizeof name),
                        slot->task);
        }
    }
}

static void draw_totals(const struct tabula_mem_stats *st)
{
    char a[16], b[16], c[16], d[16];
    const char *label = term_style(TERM_VIOLET), *reset = term_style(TERM_RESET);

    term_printf("%sRAM  %s %s at 0x%lx, kernel %s\n", label, reset,
                fmt_size(a, sizeof a, st->ram_size), (unsigned long)st->ram_base,
                fmt_size(b, sizeof b, st->kernel_size));
    term_printf("%sheap %s used %s, free %s, largest %s, live %lu (of %s)\n", label,
                reset, fmt_size(a, sizeof a, st->heap.used),
                fmt_size(b, sizeof b, st->heap.free),
                fmt_size(c, sizeof c, st->heap.largest_free),
                (unsigned long)st->heap.live_allocations,
                fmt_size(d, sizeof d, st->heap.size));
    uint64_t free = st->arena_size - st->arena_used;
    term_printf("%sarena%s used %s, free %s, largest free %s (of %s)\n", label,
                reset, fmt_size(a, sizeof a, st->arena_used),
                fmt_size(b, sizeof b, free),
                fmt_size(c, sizeof c, st->arena_largest_free),
                fmt_size(d, sizeof d, st->arena_size));
}

int cmd_mem(int argc, char **argv)
{
    struct tabula_mem_stats st;

    if (cmd_no_args(argc, argv))
        return 1;
    int r = tabula->mem_stats(&st);
    int nslots = r < 0 ? r : tabula->slot_map(slots, SLOTS_MAX);
    if (r < 0 || nslots < 0) {
        term_error("mem: %s", fmt_error(r < 0 ? r : nslots));
        return 1;
    }
    int ntasks = tabula->task_list(tasks, TASKS_MAX);
    if (ntasks < 0)
        ntasks = 0;
    draw_bar(&st, nslots);
    draw_legend(nslots, ntasks);
    draw_totals(&st);
    return 0;
}
