/*
 * sysmon.c: a live view of every task: its state, its share of the hart
 * (time on it between two looks, which for a cooperative task is the time
 * between its yields), a history of that share as a sparkline, its slot
 * and its heap.
 *
 *   run sysmon [--every MS] [--rounds N]
 *
 * It reads the task table, so the Monitor grants it the TASKS and STATS
 * capabilities (read-only ones: it spawns nothing, so it can wait on and
 * read from nobody). Keys: q or Ctrl-C quits.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <tabula_app.h>

/* An observer: it reads the task list and memory totals, nothing more.
 * The Monitor grants what this note asks for (TASKS without SPAWN reaches
 * no one's streams). */
TABULA_APP_CAPS(TABULA_CAP_TASKS | TABULA_CAP_STATS);

#define TASKS_MAX 32
#define HISTORY 24

struct track {
    int id;
    uint64_t run_ns;
    unsigned char share[HISTORY]; /* percent, oldest first */
    int seen;                     /* rounds it has been tracked */
};

static struct tabula_task_info tasks[TASKS_MAX];
static struct track tracks[TASKS_MAX];

static struct track *track_of(int id)
{
    struct track *free_slot = NULL;
    for (int i = 0; i < TASKS_MAX; i++) {
        if (tracks[i].id == id)
            return &tracks[i];
        if (!tracks[i].id && !free_slot)
            free_slot = &tracks[i];
    }
    if (free_slot) {
        memset(free_slot, 0, sizeof *free_slot);
        free_slot->id = id;
    }
    return free_slot;
}

static const char *size(char *buf, size_t cap, uint64_t bytes)
{
    if (bytes >= 1 << 20)
        snprintf(buf, cap, "%lu.%luM", (unsigned long)(bytes >> 20),
                 (unsigned long)((bytes & 0xfffff) * 10 >> 20));
    else
        snprintf(buf, cap, "%luK", (unsigned long)((bytes + 1023) >> 10));
    return buf;
}

static const char *state_name(const struct tabula_task_info *t)
{
    static const char *const names[] = {"free", "ready", "running", "sleeping", "blocked", "ended"};
    if (t->flags & TABULA_TASK_NOT_RESPONDING)
        return "HUNG";
    return t->state >= 0 && t->state < 6 ? names[t->state] : "?";
}

static void spark(char *p, const struct track *tr)
{
    static const char *const bars[] = {" ", "\xe2\x96\x81", "\xe2\x96\x82", "\xe2\x96\x83",
                                       "\xe2\x96\x84", "\xe2\x96\x85", "\xe2\x96\x86",
                                       "\xe2\x96\x87", "\xe2\x96\x88"};
    for (int i = 0; i < HISTORY; i++) {
        int v = tr->share[i];
        strcpy(p, bars[v == 0 ? 0 : 1 + (v * 7 + 99) / 100 - (v == 100)]);
        p += strlen(p);
    }
}

static void draw(int n, uint64_t now, uint64_t span, int rows)
{
    struct tabula_mem_stats st;
    char a[32], b[32], line[256];
    tabula->mem_stats(&st);
    printf("\033[H\033[1;38;2;25;240;255m sysmon \033[0;38;2;122;113;150m %d tasks, %u hart%s, "
           "up %lu s   q quits\033[K\n\033[K\n",
           n, st.harts, st.harts == 1 ? "" : "s", (unsigned long)(now / 1000000000u));
    printf("\033[38;2;122;113;150m  ID NAME            STATE      CPU  %-*s   SLOT   HEAP\033[K\n",
           HISTORY, "share, newest right");
    int shown = 0;
    for (int i = 0; i < n && shown < rows - 6; i++, shown++) {
        const struct tabula_task_info *t = &tasks[i];
        struct track *tr = track_of(t->id);
        unsigned share = 0;
        if (tr) {
            if (tr->seen && span && t->run_ns >= tr->run_ns)
                share = (unsigned)((t->run_ns - tr->run_ns) * 100 / span);
            if (share > 100)
                share = 100;
            memmove(tr->share, tr->share + 1, HISTORY - 1);
            tr->share[HISTORY - 1] = (unsigned char)share;
            tr->run_ns = t->run_ns;
            tr->seen++;
        }
        const char *color = t->flags & TABULA_TASK_NOT_RESPONDING ? "255;176;0"
                          : t->state == TABULA_TASK_BLOCKED ? "166;107;255" : "25;240;255";
        spark(line, tr ? tr : &tracks[0]);
        printf("\033[0m %3d %-15.15s \033[38;2;%sm%-9s\033[0m %3u%%  \033[38;2;255;46;151m%s"
               "\033[0m %6s %6s\033[K\n",
               t->id, t->name, color, state_name(t), share, line,
               size(a, sizeof a, t->slot_size), size(b, sizeof b, t->heap_used));
    }
    printf("\033[K\n\033[38;2;166;107;255m memory\033[0m slots %s of %s, kernel heap %s of %s"
           "\033[K\033[J",
           size(a, sizeof a, st.arena_used), size(b, sizeof b, st.arena_size),
           size(line, 32, st.heap.used), size(line + 32, 32, st.heap.size));
    fflush(stdout);
}

int main(int argc, char **argv)
{
    long every_ms = 500, rounds = -1;
    int cols, rows;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--every") == 0 && i + 1 < argc) {
            every_ms = atol(argv[++i]);
        } else if (strcmp(argv[i], "--rounds") == 0 && i + 1 < argc) {
            rounds = atol(argv[++i]);
        } else {
            fprintf(stderr, "sysmon: usage: sysmon [--every MS] [--rounds N]\n");
            return 2;
        }
    }
    if (every_ms < 50)
        every_ms = 50;
    tabula_term_size(&cols, &rows);
    int n = tabula->task_list(tasks, TASKS_MAX);
    if (n < 0) {
        fprintf(stderr, "sysmon: cannot read the task table (%s): run it from the Monitor, "
                        "which grants it TASKS\n", n == -TABULA_EPERM ? "not permitted" : "error");
        return 1;
    }
    tabula->console_mode(TABULA_CONSOLE_RAW | TABULA_CONSOLE_NONBLOCK);
    printf("\033[?25l\033[2J");
    uint64_t before = tabula->time_ns();
    for (long r = 0; rounds < 0 || r < rounds; r++) {
        char c;
        int quit = 0;
        while (tabula->read(&c, 1) == 1)
            quit |= c == 'q' || c == 3;
        if (quit)
            break;
        uint64_t now = tabula->time_ns();
        n = tabula->task_list(tasks, TASKS_MAX);
        draw(n < 0 ? 0 : n, now, now - before, rows);
        before = now;
        tabula->sleep_ns((uint64_t)every_ms * 1000000u);
    }
    printf("\033[0m\033[?25h\n");
    return 0;
}
