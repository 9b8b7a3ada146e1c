/*
 * shell.c: the prompt, the editing of typed input, the boot commands and
 * the dispatch table. The shell is a small state machine driven by the main
 * loop: either a foreground job runs (typed lines go to it), or the prompt
 * is shown (typed lines are commands), or boot commands are still queued.
 */
#include "shell.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "debug.h"
#include "jobs.h"
#include "lined.h"
#include "parse.h"
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
    {"run", "run APP [ARGS...] [--mem SIZE] [&]", "run an app; & keeps the prompt", cmd_run},
    {"ps", "ps", "the tasks: state, slot, heap used, switches", cmd_ps},
    {"kill", "kill ID", "end task ID", cmd_kill},
    {"mem", "mem", "the memory map and totals", cmd_mem},
    {"log", "log [-n N]", "the last N kernel log records (default 20)", cmd_log},
    {"uptime", "uptime", "time since boot", cmd_uptime},
    {"trace", "trace [-n N] | on | off | clear", "the kernel's event trace", cmd_trace},
    {"debug", "debug panic|fault", "crash the kernel on purpose (stops the machine)", cmd_debug},
    {"halt", "halt", "power the machine off", cmd_halt},
    {"reboot", "reboot", "restart the machine", cmd_reboot},
};
#define COMMAND_COUNT (sizeof commands / sizeof commands[0])

static struct lined editor;
static bool prompt_shown;
static bool was_foreground;
static char boot_commands[1024];
static char *boot_cursor; /* the next boot command; NULL when done */

static int cmd_help(int argc, char **argv)
{
    if (cmd_no_args(argc, argv))
        return 1;
    for (size_t i = 0; i < COMMAND_COUNT; i++)
        term_printf("  %s%-36s%s %s\n", term_style(TERM_CYAN), commands[i].usage,
                    term_style(TERM_RESET), commands[i].summary);
    return 0;
}

static void print_prompt(void)
{
    if (term_plain())
        term_puts("tabula> ");
    else
        term_printf("%s%stabula%s>%s ", term_style(TERM_BOLD),
                    term_style(TERM_PINK), term_style(TERM_CYAN),
                    term_style(TERM_RESET));
}

/* Draws the prompt and the text typed so far. */
static void redraw(void)
{
    print_prompt();
    term_puts(editor.buf);
}

void shell_init(const char *exec)
{
    lined_reset(&editor);
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
        if (was_foreground) {
            /* Half-typed input for a job that ended is no command. */
            lined_reset(&editor);
            was_foreground = false;
        }
        if (prompt_shown)
            return;
        /* News the last command caused (a kill, a quick child) goes first. */
        job_service();
        char *command = boot_cursor ? parse_next_command(&boot_cursor) : NULL;
        if (!command) {
            redraw();
            term_input_line(redraw);
            prompt_shown = true;
            return;
        }
        print_prompt();
        term_printf("%s\n", command);
        shell_execute(command);
    }
    was_foreground = true;
}

/* Enter: the line is a command at the prompt, else input for the job. */
static void enter(void)
{
    term_puts("\n");
    if (job_foreground()) {
        char text[LINED_MAX + 1];
        size_t len = strlen(editor.line);
        memcpy(text, editor.line, len);
        text[len] = '\n';
        job_send(text, len + 1);
        return;
    }
    prompt_shown = false;
    term_input_line(NULL);
    shell_execute(editor.line);
    shell_step(); /* the next prompt now, before any typed-ahead line */
}

static void interrupt(void)
{
    term_puts("^C\n");
    if (job_foreground()) {
        job_interrupt();
        return;
    }
    prompt_shown = false;
    term_input_line(NULL);
    shell_step();
}

void shell_input(const char *buf, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        switch (lined_feed(&editor, (unsigned char)buf[i])) {
        case LINED_INSERT:
            term_write(&editor.buf[editor.len - 1], 1);
            break;
        case LINED_ERASE:
            for (size_t k = 0; k < editor.erased; k++)
                term_puts("\b \b");
            break;
        case LINED_ENTER:
            enter();
            break;
        case LINED_INTERRUPT:
            interrupt();
            break;
        case LINED_EOF:
            if (job_foreground() && editor.len == 0)
                job_eof();
            break;
        case LINED_NONE:
            break;
        }
    }
}
