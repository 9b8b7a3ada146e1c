/*
 * placement.c: which hart a new task runs on, and how busy the harts are.
 * Placement is policy, so it lives here and not in the kernel: `run`
 * without --hart puts a task on the hart with the fewest tasks (the
 * Monitor counts on hart 0, so the first app goes elsewhere when there
 * is elsewhere); the kernel only keeps a task where it was put.
 *
 *     harts      each hart: its id, tasks, what it runs, and a load bar
 *                (busy share since the last `harts`, or since it came up)
 */
#include "placement.h"

#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "fmt.h"
#include "tabula_app.h"
#include "term.h"

#define HARTS_MAX 8

static struct tabula_hart_info harts[HARTS_MAX];
static struct tabula_task_info tasks[64];
static uint64_t seen_up[HARTS_MAX], seen_idle[HARTS_MAX]; /* at the last `harts` */

int placement_pick(void)
{
    int n = tabula->hart_list(harts, HARTS_MAX);
    if (n <= 1)
        return 0; /* one hart (or no STATS): the kernel's default, ours */
    int best = 0;
    for (int i = 1; i < n; i++)
        if (harts[i].tasks < harts[best].tasks)
            best = i;
    return (int)harts[best].index + 1;
}

int placement_count(void)
{
    int n = tabula->hart_list(harts, HARTS_MAX);
    return n > 0 ? n : 1;
}

/* Percent of the time from (up0, idle0) to (up, idle) not spent idle. */
static unsigned busy_percent(uint64_t up0, uint64_t idle0, uint64_t up, uint64_t idle)
{
    uint64_t span = up - up0, rest = idle - idle0;
    if (span == 0 || rest >= span)
        return 0;
    return (unsigned)((span - rest) * 100 / span);
}

int cmd_harts(int argc, char **argv)
{
    if (cmd_no_args(argc, argv))
        return 1;
    int n = tabula->hart_list(harts, HARTS_MAX);
    if (n < 0) {
        term_error("harts: %s", fmt_error(n));
        return 1;
    }
    int nt = tabula->task_list(tasks, 64);
    term_printf("HART  ID  TASKS  RUNNING          LOAD\n");
    for (int i = 0; i < n; i++) {
        const struct tabula_hart_info *h = &harts[i];
        unsigned k = h->index < HARTS_MAX ? h->index : 0;
        unsigned pct = busy_percent(seen_up[k], seen_idle[k], h->up_ns, h->idle_ns);
        seen_up[k] = h->up_ns;
        seen_idle[k] = h->idle_ns;
        char bar[11], running[24] = "idle";
        for (int b = 0; b < 10; b++)
            bar[b] = b < (int)(pct + 5) / 10 ? '#' : '.';
        bar[10] = 0;
        for (int t = 0; t < nt && h->running; t++)
            if (tasks[t].id == h->running)
                snprintf(running, sizeof running, "%.15s(%d)", tasks[t].name, tasks[t].id);
        term_printf("%4u %3u %6u  %-15s  [%s] %3u%%\n", h->index, h->id, h->tasks, running,
                    bar, pct);
    }
    return 0;
}
