/*
 * commands.c: the Monitor's commands but mem (memview.c). Each one checks
 * its words, makes the syscalls it needs and prints a table or a sentence;
 * a refused or failed call becomes one line naming the command and why.
 */
#include "commands.h"

#include <stdio.h>
#include <string.h>

#include "fmt.h"
#include "frontend.h"
#include "grant.h"
#include "jobs.h"
#include "parse.h"
#include "tabula_app.h"
#include "term.h"

#define TASKS_MAX 64
#define APPS_MAX 64
#define LOG_BATCH 8
#define LOG_DEFAULT 20
#define LOG_MAX 1000

static struct tabula_task_info tasks[TASKS_MAX];

bool cmd_no_args(int argc, char **argv)
{
    if (argc > 1)
        term_error("%s: takes no arguments", argv[0]);
    return argc > 1;
}

/* Names of tasks that have ended and been reaped, so that log records
 * about them still name them. A ring: the oldest name goes first. */
#define NAMES_KEPT 64
static struct {
    int id;
    char name[TABULA_NAME_MAX];
} names_kept[NAMES_KEPT];
static int names_next;

void cmd_remember_name(int id, const char *name)
{
    for (int k = 0; k < NAMES_KEPT; k++)
        if (names_kept[k].id == id)
            return;
    names_kept[names_next].id = id;
    snprintf(names_kept[names_next].name, TABULA_NAME_MAX, "%s", name);
    names_next = (names_next + 1) % NAMES_KEPT;
}

const char *cmd_task_name(const struct tabula_task_info *list, int count,
                          int id, char *buf, size_t cap)
{
    if (id == 0)
        return "kernel";
    if (id == TABULA_SLOT_DISPLAY)
        return "display";
    for (int i = 0; i < count; i++) {
        if (list[i].id == id) {
            cmd_remember_name(id, list[i].name);
            return list[i].name;
        }
    }
    for (int k = 0; k < NAMES_KEPT; k++)
        if (names_kept[k].id == id)
            return names_kept[k].name;
    snprintf(buf, cap, "task %d", id);
    return buf;
}

/* A table heading, underlined by colour rather than by a row of dashes. */
static void heading(const char *text)
{
    term_printf("%s%s%s\n", term_style(TERM_PINK), text, term_style(TERM_RESET));
}

/* The apps in /bin on the disk, after the archive's: `run NAME` takes the
 * archive's first, so a same-named one on the disk is marked. */
static void disk_apps(const struct tabula_app_info *apps, int n)
{
    static struct tabula_dirent d;
    char file[16];
    bool first = true;
    if (!TABULA_HAS(dir_read))
        return;
    int fd = tabula->file_open("/bin", TABULA_O_DIR);
    if (fd < 0)
        return;
    while (tabula->dir_read(fd, &d) == 1) {
        if (d.st.is_dir)
            continue;
        /* make disk names them NAME.elf; run NAME finds those too. */
        size_t len = strlen(d.name);
        if (len > 4 && strcmp(d.name + len - 4, ".elf") == 0)
            len -= 4;
        bool shadowed = false;
        for (int i = 0; i < n; i++)
            shadowed |= strlen(apps[i].name) == len && strncmp(apps[i].name, d.name, len) == 0;
        if (first)
            heading("ON THE DISK       FILE  RUN AS");
        first = false;
        if (shadowed)
            term_printf("%-15.*s %6s  /bin/%s (the archive's %.*s comes first)\n", (int)len, d.name,
                        fmt_size(file, sizeof file, d.st.size), d.name, (int)len, d.name);
        else
            term_printf("%-15.*s %6s  %.*s or /bin/%s\n", (int)len, d.name,
                        fmt_size(file, sizeof file, d.st.size), (int)len, d.name, d.name);
    }
    tabula->file_close(fd);
}

int cmd_apps(int argc, char **argv)
{
    static struct tabula_app_info apps[APPS_MAX];
    char file[16], mem[16];

    if (cmd_no_args(argc, argv))
        return 1;
    int n = tabula->app_list(apps, APPS_MAX);
    if (n < 0) {
        term_error("apps: %s", fmt_error(n));
        return 1;
    }
    if (n == 0) {
        term_puts("no apps in the archive\n");
        return 0;
    }
    heading("NAME              FILE  MEMORY");
    for (int i = 0; i < n; i++)
        term_printf("%-15.15s %6s  %6s\n", apps[i].name,
                    fmt_size(file, sizeof file, apps[i].file_size),
                    fmt_size(mem, sizeof mem, apps[i].mem_size));
    disk_apps(apps, n);
    return 0;
}

/* Reads the size option name (--mem or --stack) at argv[*i], given as
 * "--name SIZE" or "--name=SIZE", into *out. Returns 0 when w is not that
 * option, 1 when it was read, -1 after saying what is wrong. */
static int size_option(const char *name, int argc, char **argv, int *i, uint64_t *out)
{
    const char *w = argv[*i];
    size_t n = strlen(name);
    if (strncmp(w, name, n) != 0 || (w[n] != 0 && w[n] != '='))
        return 0;
    const char *size = w[n] == '=' ? w + n + 1 : *i + 1 < argc ? argv[++*i] : NULL;
    if (!size || !*size) {
        term_error("run: %s needs a size like 64K or 1M", name);
        return -1;
    }
    if (!parse_size(size, out)) {
        term_error("run: %s needs a size like 64K or 1M, not '%s'", name, size);
        return -1;
    }
    return 1;
}

int cmd_run(int argc, char **argv)
{
    const char *args[32], *env[16];
    static struct tabula_grant fs[TABULA_GRANT_MAX - 1];
    int nargs = 0, nenv = 0, nfs = 0, got;
    uint64_t mem = 0, stack = 0;
    bool background = false, options = true;

    if (argc > 1 && strcmp(argv[argc - 1], "&") == 0) {
        background = true;
        argc--;
    }
    /* Options are recognised anywhere until "--"; other words are the app
     * and its arguments, in order. */
    for (int i = 1; i < argc; i++) {
        const char *w = argv[i];
        if (options && strcmp(w, "--") == 0) {
            options = false;
        } else if (options && ((got = size_option("--mem", argc, argv, &i, &mem)) ||
                               (got = size_option("--stack", argc, argv, &i, &stack)))) {
            if (got < 0)
                return 1;
        } else if (options && strcmp(w, "--bg") == 0) {
            background = true;
        } else if (options && strcmp(w, "--fs") == 0) {
            if (i + 1 >= argc || nfs == (int)(sizeof fs / sizeof fs[0])) {
                term_error(i + 1 >= argc ? "run: --fs needs PATH:ro or PATH:rw"
                                         : "run: at most %d --fs grants", nfs);
                return 1;
            }
            if (grant_parse(argv[++i], &fs[nfs]) < 0)
                return 1;
            nfs++;
        } else if (nargs == 0 && parse_env_assignment(w)) {
            if (nenv == (int)(sizeof env / sizeof env[0])) {
                term_error("run: at most %d NAME=value settings", nenv);
                return 1;
            }
            env[nenv++] = w;
        } else if (options && w[0] == '-' && w[1] == '-' && nargs == 0) {
            term_error("run: unknown option '%s' (only --mem SIZE, --stack SIZE, --fs PATH:ro|rw and --bg)", w);
            return 1;
        } else if (nargs < (int)(sizeof args / sizeof args[0])) {
            args[nargs++] = w;
        }
    }
    if (nargs == 0) {
        term_error("run: which app? (run [NAME=value...] APP [ARGS...] [--mem SIZE] [--stack SIZE] [--bg])");
        return 1;
    }
    return job_start(args[0], nargs, args, nenv, env, mem, stack, fs, nfs, background) < 0;
}

int cmd_ps(int argc, char **argv)
{
    char size[16], heap[16];

    if (cmd_no_args(argc, argv))
        return 1;
    int n = tabula->task_list(tasks, TASKS_MAX);
    if (n < 0) {
        term_error("ps: %s", fmt_error(n));
        return 1;
    }
    heading(" ID NAME            STATE     SLOT BASE      SIZE    HEAP  SWITCHES");
    for (int i = 0; i < n; i++) {
        const struct tabula_task_info *t = &tasks[i];
        term_printf("%3d %-15.15s %-9s 0x%-10lx %6s %7s %9lu\n", t->id, t->name,
                    fmt_state(t->state), (unsigned long)t->slot_base,
                    fmt_size(size, sizeof size, t->slot_size),
                    fmt_size(heap, sizeof heap, t->heap_used),
                    (unsigned long)t->switches);
    }
    return 0;
}

int cmd_kill(int argc, char **argv)
{
    unsigned long id;

    if (argc != 2) {
        term_error("kill: usage: kill ID");
        return 1;
    }
    if (!parse_number(argv[1], 0x7fffffff, &id) || id == 0) {
        term_error("kill: '%s' is not a task id (see ps)", argv[1]);
        return 1;
    }
    if ((int)id == tabula->self()) {
        term_error("kill: task %lu is the Monitor itself", id);
        return 1;
    }
    int r = tabula->kill((int)id);
    if (r == -TABULA_ESRCH) {
        term_error("kill: no task %lu", id);
        return 1;
    }
    if (r < 0) {
        term_error("kill: task %lu: %s", id, fmt_error(r));
        return 1;
    }
    /* The Monitor's own children get an end report when reaped. */
    if (!job_is_child((int)id))
        term_printf("task %lu killed\n", id);
    return 0;
}

static void print_record(const struct tabula_log_record *r, int ntasks)
{
    static const enum term_style colours[] = {TERM_RED, TERM_YELLOW, TERM_RESET, TERM_DIM};
    char when[32], name[24];
    enum term_style colour = r->level < 4 ? colours[r->level] : TERM_RESET;

    term_printf("%s%12s %-5s %-15s %.*s%s\n", term_style(colour),
                fmt_seconds(when, sizeof when, r->time_ns), fmt_level(r->level),
                cmd_task_name(tasks, ntasks, r->task, name, sizeof name),
                (int)sizeof r->text, r->text, term_style(TERM_RESET));
}

/*
 * The log is read oldest first, so finding the last N takes two passes: the
 * first remembers the sequence numbers of the newest N, the second starts
 * reading at the oldest of those.
 */
int cmd_log(int argc, char **argv)
{
    static uint64_t seqs[LOG_MAX];
    struct tabula_log_record batch[LOG_BATCH];
    unsigned long want = LOG_DEFAULT;
    uint64_t next = 0, seen = 0;

    if (argc == 3 && strcmp(argv[1], "-n") == 0) {
        if (!parse_number(argv[2], LOG_MAX, &want) || want == 0) {
            term_error("log: -n needs a count from 1 to %d, not '%s'", LOG_MAX, argv[2]);
            return 1;
        }
    } else if (argc != 1) {
        term_error("log: usage: log [-n N]");
        return 1;
    }
    for (int n; (n = tabula->log_read(&next, batch, LOG_BATCH)) != 0; seen += (uint64_t)n) {
        if (n < 0) {
            term_error("log: %s", fmt_error(n));
            return 1;
        }
        for (int i = 0; i < n; i++)
            seqs[(seen + (uint64_t)i) % want] = batch[i].seq;
    }
    if (seen == 0) {
        term_puts("the log is empty\n");
        return 0;
    }
    int ntasks = tabula->task_list(tasks, TASKS_MAX);
    if (ntasks < 0)
        ntasks = 0;
    next = seen > want ? seqs[seen % want] : seqs[0];
    for (unsigned long shown = 0; shown < want;) {
        int n = tabula->log_read(&next, batch, LOG_BATCH);
        if (n <= 0)
            break;
        for (int i = 0; i < n && shown < want; i++, shown++)
            print_record(&batch[i], ntasks);
    }
    return 0;
}

int cmd_uptime(int argc, char **argv)
{
    char clock[32], secs[32];

    if (cmd_no_args(argc, argv))
        return 1;
    uint64_t now = tabula->time_ns();
    term_printf("up %s (%s s)\n", fmt_clock(clock, sizeof clock, now),
                fmt_seconds(secs, sizeof secs, now));
    return 0;
}

static int power(int argc, char **argv, int how, const char *goodbye)
{
    if (cmd_no_args(argc, argv))
        return 1;
    frontend->leave(); /* the goodbye goes to the terminal's own screen */
    term_printf("%s%s%s\n", term_style(TERM_VIOLET), goodbye, term_style(TERM_RESET));
    int r = tabula->power(how);
    term_error("%s: %s", argv[0], fmt_error(r));
    return 1;
}

int cmd_halt(int argc, char **argv)
{
    return power(argc, argv, TABULA_POWER_HALT, "halting. bye!");
}

int cmd_reboot(int argc, char **argv)
{
    return power(argc, argv, TABULA_POWER_REBOOT, "rebooting. see you soon.");
}
