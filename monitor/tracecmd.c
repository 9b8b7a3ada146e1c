/*
 * tracecmd.c: the `trace` command, the kernel's event trace as a table:
 *
 *     trace [-n N]     the newest N events, oldest first (default 40)
 *     trace on|off     record events, or stop (recording is cheap: it is on
 *                      from boot)
 *     trace clear      forget the events recorded so far
 *
 * Events name tasks by id; names come from the task list for live tasks
 * and from the spawn events in the trace for those already gone.
 */
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "debugcmd.h"
#include "fmt.h"
#include "parse.h"
#include "tabula_app.h"
#include "term.h"

#define TRACE_DEFAULT 40
#define TRACE_MAX 1024
#define TASKS_MAX 64
#define APPS_MAX 64

static struct tabula_trace_event events[TRACE_MAX];
static struct tabula_task_info tasks[TASKS_MAX];
static struct tabula_app_info apps[APPS_MAX];

/* Syscall names by their index in struct tabula_sys. */
#define SYS(entry) [TABULA_SYS_INDEX(entry)] = #entry
static const char *const sys_names[] = {
    SYS(exit), SYS(yield), SYS(sleep_ns), SYS(time_ns), SYS(read), SYS(write),
    SYS(console_mode), SYS(sbrk), SYS(log), SYS(self), SYS(nop), SYS(spawn),
    SYS(kill), SYS(wait), SYS(reap), SYS(poll), SYS(stream_read),
    SYS(stream_write), SYS(task_list), SYS(mem_stats), SYS(slot_map),
    SYS(app_list), SYS(log_read), SYS(power), SYS(trace_read),
    SYS(trace_control), SYS(debug_crash), SYS(bench), SYS(console_focus),
    SYS(watchdog_set), SYS(canvas_open), SYS(canvas_present), SYS(canvas_read),
    SYS(display_info), SYS(display_flush), SYS(pointer_read), SYS(walltime_ns),
    SYS(cpu_ns), SYS(abort), SYS(hart_list), SYS(file_open), SYS(file_read), SYS(file_write),
    SYS(file_seek), SYS(file_close), SYS(file_stat), SYS(path_stat), SYS(dir_read),
    SYS(mkdir), SYS(rmdir), SYS(unlink), SYS(rename), SYS(file_truncate),
    SYS(file_sync), SYS(chdir), SYS(getcwd), SYS(sync), SYS(fs_info), SYS(grant_list),
    SYS(key_read), SYS(app_note), SYS(file_lock),
};
/* A syscall appended to struct tabula_sys needs its name here: the last
 * entry's index is the table's last. */
_Static_assert(sizeof sys_names / sizeof sys_names[0] ==
                   (sizeof(struct tabula_sys) - offsetof(struct tabula_sys, exit)) /
                       sizeof(void (*)(void)),
               "sys_names must name every entry of struct tabula_sys");

static int ntasks, napps;
static int nevents;

/* "hello(3)", "idle", "kernel" or "task 3" when nothing names it. */
static const char *task_label(char *buf, size_t cap, unsigned id, bool switch_in)
{
    if (id == 0)
        return switch_in ? "idle" : "kernel";
    if (id == TABULA_TRACE_TASK_UNKNOWN)
        return "?";
    for (int i = 0; i < ntasks; i++) {
        if (tasks[i].id == (int)id) {
            snprintf(buf, cap, "%.15s(%u)", tasks[i].name, id);
            return buf;
        }
    }
    for (int i = 0; i < nevents; i++) {
        unsigned app = events[i].arg >> 16;
        if (events[i].type == TABULA_TRACE_SPAWN && events[i].task == id &&
            (int)app < napps) {
            snprintf(buf, cap, "%.15s(%u)", apps[app].name, id);
            return buf;
        }
    }
    snprintf(buf, cap, "task %u", id);
    return buf;
}

static const char *end_name(unsigned how)
{
    switch (how) {
    case TABULA_END_EXIT: return "exit";
    case TABULA_END_CRASH: return "crash";
    case TABULA_END_STACK: return "stack overflow";
    case TABULA_END_KILLED: return "killed";
    case TABULA_END_ABORT: return "aborted";
    }
    return "end";
}

static void describe(char *buf, size_t cap, const struct tabula_trace_event *e)
{
    char other[32];
    unsigned arg = e->arg;

    switch (e->type) {
    case TABULA_TRACE_SWITCH:
        snprintf(buf, cap, "switch in, from %s", task_label(other, sizeof other, arg, true));
        break;
    case TABULA_TRACE_SPAWN:
        snprintf(buf, cap, "spawn, by %s", task_label(other, sizeof other, arg & 0xffff, false));
        break;
    case TABULA_TRACE_EXIT:
        if ((arg & 0xff) == TABULA_END_EXIT)
            snprintf(buf, cap, "exit, status %d", (int)arg >> 8);
        else
            snprintf(buf, cap, "%s", end_name(arg & 0xff));
        break;
    case TABULA_TRACE_TIMER:
        snprintf(buf, cap, "timer interrupt");
        break;
    case TABULA_TRACE_IRQ:
        snprintf(buf, cap, "interrupt %u", arg);
        break;
    case TABULA_TRACE_SYSCALL:
        if (arg < sizeof sys_names / sizeof sys_names[0] && sys_names[arg])
            snprintf(buf, cap, "syscall %s", sys_names[arg]);
        else
            snprintf(buf, cap, "syscall #%u", arg);
        break;
    case TABULA_TRACE_FAULT:
        snprintf(buf, cap, "fault, cause %u", arg);
        break;
    default:
        snprintf(buf, cap, "event %u, arg 0x%x", e->type, arg);
        break;
    }
}

static int show(unsigned long want)
{
    char when[32], who[32], what[64];

    nevents = tabula->trace_read(events, (int)want);
    if (nevents < 0) {
        term_error("trace: %s", fmt_error(nevents));
        return 1;
    }
    ntasks = tabula->task_list(tasks, TASKS_MAX);
    napps = tabula->app_list(apps, APPS_MAX);
    if (ntasks < 0)
        ntasks = 0;
    if (napps < 0)
        napps = 0;
    if (nevents == 0) {
        term_puts(tabula->trace_control(TABULA_TRACE_STATUS) > 0
                      ? "the trace is empty\n"
                      : "the trace is empty (off: trace on starts it)\n");
        return 0;
    }
    term_printf("%s        TIME HART TASK             EVENT%s\n", term_style(TERM_PINK),
                term_style(TERM_RESET));
    for (int i = 0; i < nevents; i++) {
        const struct tabula_trace_event *e = &events[i];
        describe(what, sizeof what, e);
        term_printf("%12s %4u %-16s %s\n", fmt_seconds(when, sizeof when, e->time_ns),
                    e->hart, task_label(who, sizeof who, e->task, e->type == TABULA_TRACE_SWITCH),
                    what);
    }
    return 0;
}

int cmd_trace(int argc, char **argv)
{
    static const struct {
        const char *word;
        int op;
        const char *said;
    } ops[] = {
        {"on", TABULA_TRACE_ON, "tracing is on"},
        {"off", TABULA_TRACE_OFF, "tracing is off"},
        {"clear", TABULA_TRACE_CLEAR, "trace cleared"},
    };
    unsigned long want = TRACE_DEFAULT;

    if (!TABULA_HAS(trace_control)) {
        term_error("trace: this kernel has no event trace");
        return 1;
    }
    if (argc == 2) {
        for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++) {
            if (strcmp(argv[1], ops[i].word) == 0) {
                int r = tabula->trace_control(ops[i].op);
                if (r < 0) {
                    term_error("trace: %s", fmt_error(r));
                    return 1;
                }
                term_printf("%s\n", ops[i].said);
                return 0;
            }
        }
    }
    if (argc == 3 && strcmp(argv[1], "-n") == 0) {
        if (!parse_number(argv[2], TRACE_MAX, &want) || want == 0) {
            term_error("trace: -n needs a count from 1 to %d, not '%s'", TRACE_MAX, argv[2]);
            return 1;
        }
    } else if (argc != 1) {
        term_error("trace: usage: trace [-n N] | trace on|off|clear");
        return 1;
    }
    return show(want);
}
