/*
 * shell.c: the prompt, the editing of typed input, the boot commands and
 * the dispatch table. The shell is a small state machine driven by the main
 * loop: either a foreground job runs (typed lines go to it), or the prompt
 * is shown (typed lines are commands), or boot commands are still queued.
 * How the prompt looks and how a line is edited is the front-end's.
 */
#include "shell.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "debugcmd.h"
#include "frontend.h"
#include "jobs.h"
#include "lined.h"
#include "parse.h"
#include "placement.h"
#include "tabula_app.h"
#include "term.h"

#define WORDS_MAX 32

struct command {
    const char *name;
    const char *usage;
    const char *summary;
    int (*run)(int argc, char **argv);
};

static int cmd_help(int argc, char **argv);

static const struct command commands[] = {
    {"help", "help", "this list", cmd_help},
    {"apps", "apps", "the apps in the archive, file size, default memory", cmd_apps},
    {"run", "run [NAME=value...] APP [ARGS...] [--mem SIZE] [--stack SIZE] [--hart N] [--bg|&]", "run an app (in its own tab) with those environment settings, on hart N or the least loaded; --bg or & keeps the focus", cmd_run},
    {"ps", "ps", "the tasks: state, slot, heap used, switches", cmd_ps},
    {"kill", "kill ID", "end task ID", cmd_kill},
    {"harts", "harts", "the harts: tasks on each, what runs, load", cmd_harts},
    {"mem", "mem", "the memory map and totals", cmd_mem},
    {"tabs", "tabs", "the console's tabs and what runs in them", cmd_tabs},
    {"tab", "tab N", "focus tab N", cmd_tab},
    {"close", "close N", "close tab N once its app has ended", cmd_close},
    {"resize", "resize [COLSxROWS]", "ask the terminal its size, or set it", cmd_resize},
    {"watchdog", "watchdog [SECONDS]", "show or set when a task is not responding", cmd_watchdog},
    {"theme", "theme [truecolor|256]", "the console's colour depth", cmd_theme},
    {"raster", "raster", "canvas frames sent to the terminal: count, bytes, time", cmd_raster},
    {"display", "display [fx on|off] [bench [N]]", "the framebuffer console: mode, frame rates, effects", cmd_display},
    {"log", "log [-n N | --count]", "the last N kernel log records (default 20), or how many were logged and dropped", cmd_log},
    {"uptime", "uptime", "time since boot", cmd_uptime},
    {"date", "date", "the date and time (UTC)", cmd_date},
    {"ls", "ls [-l] [PATH]", "the files in a directory (-l: sizes and dates)", cmd_ls},
    {"cat", "cat FILE", "print a file", cmd_cat},
    {"hexdump", "hexdump FILE", "a file's bytes in hex", cmd_hexdump},
    {"cp", "cp FROM TO", "copy a file", cmd_cp},
    {"mv", "mv FROM TO", "rename or move a file or directory", cmd_mv},
    {"rm", "rm FILE", "delete a file", cmd_rm},
    {"mkdir", "mkdir DIR", "make a directory", cmd_mkdir},
    {"rmdir", "rmdir DIR", "remove an empty directory", cmd_rmdir},
    {"cd", "cd [DIR]", "change the Monitor's working directory", cmd_cd},
    {"pwd", "pwd", "the Monitor's working directory", cmd_pwd},
    {"df", "df", "the volume's size and free space, the block cache", cmd_df},
    {"sync", "sync", "write everything cached back to the disk", cmd_sync},
    {"grant", "grant ID", "the files task ID may see", cmd_grant},
    {"trace", "trace [-n N] | on | off | clear", "the kernel's event trace", cmd_trace},
    {"debug", "debug panic|fault", "crash the kernel on purpose (stops the machine)", cmd_debug},
    {"halt", "halt", "power the machine off", cmd_halt},
    {"reboot", "reboot", "restart the machine", cmd_reboot},
};
#define COMMAND_COUNT (sizeof commands / sizeof commands[0])

static bool prompt_shown;
static char boot_commands[1024];
static char *boot_cursor; /* the next boot command; NULL when done */

static int cmd_help(int argc, char **argv)
{
    if (cmd_no_args(argc, argv))
        return 1;
    for (size_t i = 0; i < COMMAND_COUNT; i++)
        term_printf("  %s%-36s%s %s\n", term_style(TERM_CYAN), commands[i].usage,
                    term_style(TERM_RESET), commands[i].summary);
    if (frontend->keys_help)
        term_printf("%skeys:%s %s\n", term_style(TERM_PINK), term_style(TERM_RESET),
                    frontend->keys_help);
    return 0;
}

void shell_init(const char *exec)
{
    if (exec) {
        if (strlen(exec) >= sizeof boot_commands)
            term_error("monitor: exec= list too long; running the first %lu bytes",
                       (unsigned long)sizeof boot_commands - 1);
        snprintf(boot_commands, sizeof boot_commands, "%s", exec);
        boot_cursor = boot_commands;
    }
}

void shell_execute(const char *line)
{
    char copy[LINED_MAX];
    char *words[WORDS_MAX];
    const char *error = "";

    snprintf(copy, sizeof copy, "%s", line);
    int n = parse_words(copy, words, WORDS_MAX, &error);
    if (n < 0) {
        term_error("can't read that line: %s", error);
        return;
    }
    if (n == 0)
        return;
    for (size_t i = 0; i < COMMAND_COUNT; i++) {
        if (strcmp(words[0], commands[i].name) == 0) {
            commands[i].run(n, words);
            return;
        }
    }
    term_error("unknown command '%s' (type help)", words[0]);
}

void shell_step(void)
{
    while (!job_foreground()) {
        if (prompt_shown)
            return;
        /* News the last command caused (a kill, a quick child) goes first. */
        job_service();
        char *command = boot_cursor ? parse_next_command(&boot_cursor) : NULL;
        if (!command) {
            prompt_shown = true;
            frontend->prompt(NULL);
            return;
        }
        frontend->prompt(command);
        shell_execute(command);
    }
}

void shell_enter(const char *line)
{
    prompt_shown = false;
    if (line)
        shell_execute(line);
    shell_step(); /* the next prompt now, before any typed-ahead line */
}

int shell_command_names(const char **names, int max)
{
    int n = 0;
    for (size_t i = 0; i < COMMAND_COUNT && n < max; i++)
        names[n++] = commands[i].name;
    return n;
}
