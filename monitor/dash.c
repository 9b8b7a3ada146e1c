/*
 * dash.c: the status tab (see dash.h). Every refresh rewrites the whole
 * surface; the compositor sends only the cells that changed, so a steady
 * dashboard costs nothing on the wire.
 */
#include "dash.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "fmt.h"
#include "logtab.h"
#include "tabula_app.h"
#include "theme.h"

#define TASKS_MAX 32
#define SLOTS_MAX 64
#define LAMPS 16

static struct tabula_task_info tasks[TASKS_MAX];
static struct tabula_slot_info slots[SLOTS_MAX];
static struct {
    int id;
    uint64_t run_ns;
} before[TASKS_MAX];
static uint64_t before_at;

static void out(struct vt *vt, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void out(struct vt *vt, const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (n > 0)
        vt_feed(vt, buf, (size_t)n < sizeof buf ? (size_t)n : sizeof buf - 1);
}

static const char *c(enum theme_role role)
{
    return theme_sgr(role);
}

/* Ends a line: clear to its end, then down. */
static void eol(struct vt *vt)
{
    out(vt, "\033[0m\033[K\n");
}

static void section(struct vt *vt, const char *title)
{
    int cols = vt->s->cols;
    out(vt, "%s\033[1m %s \033[0m%s", c(TH_PINK), title, c(TH_DIM));
    for (int i = (int)strlen(title) + 2; i < cols - 1; i++)
        out(vt, "\xe2\x94\x80"); /* ─ */
    eol(vt);
}

static enum theme_role task_color(const struct tabula_task_info *t)
{
    if (t->flags & TABULA_TASK_NOT_RESPONDING)
        return TH_AMBER;
    switch (t->state) {
    case TABULA_TASK_RUNNING: case TABULA_TASK_READY: return TH_CYAN;
    case TABULA_TASK_SLEEPING: case TABULA_TASK_BLOCKED: return TH_VIOLET;
    default: return TH_DIM;
    }
}

/* Share of the hart since the last refresh, in percent. */
static unsigned cpu_share(const struct tabula_task_info *t, uint64_t now)
{
    uint64_t span = now - before_at;
    for (int i = 0; i < TASKS_MAX; i++) {
        if (before[i].id == t->id && span && t->run_ns >= before[i].run_ns)
            return (unsigned)((t->run_ns - before[i].run_ns) * 100 / span);
    }
    return 0;
}

static void task_rows(struct vt *vt, int n, int room, uint64_t now)
{
    char slot[16], heap[16];
    out(vt, "%s   ID NAME           STATE          SLOT    HEAP   CPU  LAMPS", c(TH_DIM));
    eol(vt);
    for (int i = 0; i < n && i < room; i++) {
        const struct tabula_task_info *t = &tasks[i];
        const char *state = t->flags & TABULA_TASK_NOT_RESPONDING ? "NOT RESPONDING"
                                                                  : fmt_state(t->state);
        enum theme_role tc = task_color(t);
        out(vt, " %s\xe2\x97\x8f %s%3d %s%-14.14s %s%-14s %s%6s %7s %s%4u%% ", c(tc), c(TH_DIM),
            t->id, c(TH_FG), t->name, c(tc), state, c(TH_FG),
            fmt_size(slot, sizeof slot, t->slot_size), fmt_size(heap, sizeof heap, t->heap_used),
            c(TH_CYAN), cpu_share(t, now));
        /* The switch counter in lamps, most significant first. */
        for (int b = LAMPS - 1; b >= 0; b--) {
            bool lit = t->switches >> b & 1;
            out(vt, "%s%s", c(lit ? tc : TH_RAISED), lit ? "\xe2\x97\x8f" : "\xe2\x97\x8b");
        }
        eol(vt);
    }
    if (n > room) {
        out(vt, "%s   ... and %d more (see ps)", c(TH_DIM), n - room);
        eol(vt);
    }
}

static void slot_bar(struct vt *vt, const struct tabula_mem_stats *st, int nslots)
{
    static const enum theme_role colors[] = {TH_PINK, TH_CYAN, TH_VIOLET, TH_AMBER, TH_GREEN};
    int width = vt->s->cols - 12, cells[256];
    char a[16], b[16], f[16];
    if (width > 256)
        width = 256;
    if (width < 8)
        width = 8;
    fmt_bar(cells, width, st->arena_base, st->arena_size, slots, nslots);
    out(vt, "%s  slots  ", c(TH_VIOLET));
    for (int i = 0; i < width; i++) {
        if (cells[i] < 0) {
            out(vt, "%s\xc2\xb7", c(TH_PANEL)); /* · */
        } else {
            int rank = 0;
            for (int s = 0; s < cells[i]; s++)
                rank += slots[s].task != 0;
            out(vt, "%s\xe2\x96\x88", c(colors[rank % 5])); /* █ */
        }
    }
    eol(vt);
    out(vt, "%s         %s%s%s used of %s, largest free %s", c(TH_DIM), c(TH_FG),
        fmt_size(a, sizeof a, st->arena_used), c(TH_DIM),
        fmt_size(b, sizeof b, st->arena_size),
        fmt_size(f, sizeof f, st->arena_largest_free));
    eol(vt);
}

static void heap_gauge(struct vt *vt, const struct tabula_mem_stats *st)
{
    char a[16], b[16];
    int width = 30;
    int lit = st->heap.size ? (int)((st->heap.used * (uint64_t)width + st->heap.size - 1) / st->heap.size) : 0;
    out(vt, "%s  heap   %s", c(TH_VIOLET), c(TH_CYAN));
    for (int i = 0; i < width; i++)
        out(vt, "%s", i < lit ? "\xe2\x96\xb0" : "\xe2\x96\xb1");
    out(vt, "  %s%s%s of %s, %lu live allocations", c(TH_FG), fmt_size(a, sizeof a, st->heap.used),
        c(TH_DIM), fmt_size(b, sizeof b, st->heap.size), (unsigned long)st->heap.live_allocations);
    eol(vt);
}

/* The disk, when a volume is mounted: space, the cache, device
 * transfers per second since the last refresh. */
static void disk_line(struct vt *vt, uint64_t now)
{
    static uint64_t reads_before, writes_before;
    struct tabula_fs_info fs;
    char used[16], free[16];
    if (!TABULA_HAS(fs_info) || tabula->fs_info(&fs) < 0 || !fs.device[0])
        return;
    uint64_t dt = now - before_at, lookups = fs.cache_hits + fs.cache_misses;
    uint64_t rps = before_at && dt ? (fs.dev_reads - reads_before) * 1000000000u / dt : 0;
    uint64_t wps = before_at && dt ? (fs.dev_writes - writes_before) * 1000000000u / dt : 0;
    reads_before = fs.dev_reads;
    writes_before = fs.dev_writes;
    out(vt, "%s  disk   %s%s %s%s used, %s%s free%s, cache %s%llu%%%s hits, %s%llu%s reads/s, "
        "%s%llu%s writes/s", c(TH_VIOLET), c(TH_CYAN), fs.device, c(TH_FG),
        fmt_size(used, sizeof used, fs.total_bytes - fs.free_bytes), c(TH_FG),
        fmt_size(free, sizeof free, fs.free_bytes), c(TH_DIM), c(TH_FG),
        (unsigned long long)(lookups ? fs.cache_hits * 100 / lookups : 0), c(TH_DIM), c(TH_FG),
        (unsigned long long)rps, c(TH_DIM), c(TH_FG), (unsigned long long)wps, c(TH_DIM));
    eol(vt);
}

void dash_refresh(struct vt *vt)
{
    struct tabula_mem_stats st;
    char up[24], ram[16];
    int rows = vt->s->rows;
    uint64_t now = tabula->time_ns();
    int n = tabula->task_list(tasks, TASKS_MAX);
    int nslots = tabula->slot_map(slots, SLOTS_MAX);
    if (n < 0)
        n = 0;
    if (nslots < 0)
        nslots = 0;
    if (tabula->mem_stats(&st) < 0)
        memset(&st, 0, sizeof st);

    vt_puts(vt, "\033[0m\033[?25l\033[H");
    out(vt, "%s\033[1m SYSTEM %s\xe2\x96\xb8 %s%s %s\xe2\x96\xb8 %s%u hart%s %s\xe2\x96\xb8 %s%s RAM",
        c(TH_PINK), c(TH_DIM), c(TH_FG), st.machine[0] ? st.machine : "tabula", c(TH_DIM),
        c(TH_CYAN), st.harts, st.harts == 1 ? "" : "s", c(TH_DIM), c(TH_CYAN),
        fmt_size(ram, sizeof ram, st.ram_size));
    out(vt, "%s   up %s%s", c(TH_DIM), c(TH_FG), fmt_clock(up, sizeof up, now));
    eol(vt);
    eol(vt);

    /* Rows: 2 header, 2 + tasks, 1, 4 memory, 1, log: the log gets what
     * is left, the tasks at least 3 rows. */
    int task_room = rows - 2 - 2 - 1 - 4 - 1 - 3;
    if (task_room < 3)
        task_room = 3;
    section(vt, "TASKS");
    task_rows(vt, n, n > task_room ? task_room - 1 : task_room, now);
    eol(vt);
    section(vt, "MEMORY");
    slot_bar(vt, &st, nslots);
    heap_gauge(vt, &st);
    disk_line(vt, now);
    eol(vt);
    section(vt, "LOG");
    int used = vt->s->cy;
    for (int i = rows - used - 1; i >= 0; i--) {
        const struct tabula_log_record *r = logtab_recent(i);
        if (!r)
            continue;
        char line[320];
        logtab_format(line, sizeof line, r, vt->s->cols - 1);
        out(vt, " %s", line);
        if (vt->s->cy < rows - 1)
            eol(vt);
    }
    vt_puts(vt, "\033[0m\033[J");

    for (int i = 0; i < TASKS_MAX; i++) {
        before[i].id = i < n ? tasks[i].id : 0;
        before[i].run_ns = i < n ? tasks[i].run_ns : 0;
    }
    before_at = now;
}

void dash_facts(struct ui_facts *f)
{
    struct tabula_mem_stats st;
    static struct tabula_task_info list[64];
    if (tabula->mem_stats(&st) == 0) {
        f->harts = st.harts ? st.harts : 1;
        f->mem_used = st.kernel_size + st.arena_used;
        f->mem_total = st.ram_size;
    }
    int n = tabula->task_list(list, 64);
    f->tasks = n < 0 ? 0 : n;
}
