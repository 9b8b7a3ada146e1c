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
#include "edit.h"
#include "jobs.h"
#include "lined.h"
#include "parse.h"
#include "tabbed.h"
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
    {"run", "run APP [ARGS...] [--mem SIZE] [--stack SIZE] [--bg|&]", "run an app (in its own tab); --bg or & keeps the focus", cmd_run},
    {"ps", "ps", "the tasks: state, slot, heap used, switches", cmd_ps},
    {"kill", "kill ID", "end task ID", cmd_kill},
    {"mem", "mem", "the memory map and totals", cmd_mem},
    {"tabs", "tabs", "the console's tabs and what runs in them", cmd_tabs},
    {"tab", "tab N", "focus tab N", cmd_tab},
    {"close", "close N", "close tab N once its app has ended", cmd_close},
    {"resize", "resize [COLSxROWS]", "ask the terminal its size, or set it", cmd_resize},
    {"watchdog", "watchdog [SECONDS]", "show or set when a task is not responding", cmd_watchdog},
    {"theme", "theme [truecolor|256]", "the console's colour depth", cmd_theme},
    {"display", "display [fx on|off] [bench [N]]", "the framebuffer console: mode, frame rates, effects", cmd_display},
    {"log", "log [-n N]", "the last N kernel log records (default 20)", cmd_log},
    {"uptime", "uptime", "time since boot", cmd_uptime},
    {"trace", "trace [-n N] | on | off | clear", "the kernel's event trace", cmd_trace},
    {"debug", "debug panic|fault", "crash the kernel on purpose (stops the machine)", cmd_debug},
    {"halt", "halt", "power the machine off", cmd_halt},
    {"reboot", "reboot", "restart the machine", cmd_reboot},
};
#define COMMAND_COUNT (sizeof commands / sizeof commands[0])

static struct lined editor;
static struct edit tabbed_editor;
static uint64_t input_line; /* the shell surface's line where the prompt starts */
static int input_col;
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
    if (tabbed_active())
        term_printf("%skeys:%s Ctrl-A 1-9/n/p/c/r/? (tabs, close, redraw, help), Alt-1..9, "
                    "F1-F12, Ctrl-\\ force-quits the app in a tab, PgUp/PgDn scroll\n",
                    term_style(TERM_PINK), term_style(TERM_RESET));
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

/*
 * The tabbed console's input line lives in the shell tab's surface, from
 * where the prompt began: each change redraws it from there, prompt first,
 * with the cursor put back where the editor has it. Lines are counted
 * from the surface's start, so scrolling does not lose the place.
 */
static void input_redraw(bool cursor_at_end)
{
    struct surface *s = tabbed_shell();
    int64_t y = (int64_t)(input_line - s->scrolled);
    surface_goto(s, input_col, y < 0 ? 0 : (int)y);
    surface_erase_screen(s, 0);
    print_prompt();
    size_t at = cursor_at_end ? tabbed_editor.len : tabbed_editor.cursor;
    term_write(tabbed_editor.buf, at);
    uint64_t line = s->scrolled + (uint64_t)s->cy;
    int col = s->cx;
    bool wrap = s->wrap_pending;
    term_write(tabbed_editor.buf + at, tabbed_editor.len - at);
    if (!cursor_at_end && at < tabbed_editor.len) {
        surface_goto(s, col, (int)(line - s->scrolled));
        s->wrap_pending = wrap;
    }
}

static void input_prompt(void)
{
    struct surface *s = tabbed_shell();
    if (s->cx != 0 || s->wrap_pending)
        term_puts("\n");
    input_line = s->scrolled + (uint64_t)s->cy;
    input_col = s->cx;
    input_redraw(false);
}

void shell_init(const char *exec)
{
    lined_reset(&editor);
    edit_init(&tabbed_editor);
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
            if (tabbed_active()) {
                input_prompt();
            } else {
                redraw();
                term_input_line(redraw);
            }
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

/* Tab completes a command name, or an app's name after "run". */
static void complete(void)
{
    static struct tabula_app_info apps[32];
    const char *words[32 + COMMAND_COUNT];
    int n = 0, index;
    size_t len;

    edit_current_word(&tabbed_editor, &len, &index);
    if (index == 0) {
        for (size_t i = 0; i < COMMAND_COUNT; i++)
            words[n++] = commands[i].name;
    } else if (strncmp(tabbed_editor.buf, "run ", 4) == 0 && index == 1) {
        int napps = tabula->app_list(apps, 32);
        for (int i = 0; i < napps; i++)
            if (strcmp(apps[i].name, "monitor") != 0)
                words[n++] = apps[i].name;
    }
    int matches = edit_complete(&tabbed_editor, words, n);
    if (matches > 1 && tabbed_editor.tabs > 1) {
        /* A second Tab lists the candidates under the line. */
        const char *word = edit_current_word(&tabbed_editor, &len, &index);
        input_redraw(true);
        term_puts("\n");
        for (int i = 0; i < n; i++)
            if (strncmp(words[i], word, len) == 0)
                term_printf("%s%s  ", term_style(TERM_CYAN), words[i]);
        term_printf("%s\n", term_style(TERM_RESET));
        input_prompt();
        return;
    }
    input_redraw(false);
}

void shell_key(const struct key *k)
{
    switch (edit_key(&tabbed_editor, k)) {
    case EDIT_CHANGED:
        input_redraw(false);
        break;
    case EDIT_ENTER:
        /* The editor has moved on; draw the entered line as typed. */
        strcpy(tabbed_editor.buf, tabbed_editor.line);
        tabbed_editor.len = tabbed_editor.cursor = strlen(tabbed_editor.buf);
        input_redraw(true);
        edit_clear(&tabbed_editor);
        term_puts("\n");
        prompt_shown = false;
        shell_execute(tabbed_editor.line);
        shell_step();
        break;
    case EDIT_INTERRUPT:
        term_printf("%s^C%s\n", term_style(TERM_DIM), term_style(TERM_RESET));
        prompt_shown = false;
        shell_step();
        break;
    case EDIT_COMPLETE:
        complete();
        break;
    case EDIT_NONE:
        break;
    }
}
