/*
 * main.c: the Monitor, tabula's privileged shell task. The kernel spawns it
 * first, with every capability, its console connected to the UART, and the
 * boot arguments as argv[1]. Two words there matter to it:
 *
 *   plain      line-oriented output: no colours, no cursor movement, and
 *              the prompt exactly "tabula> " (for scripts and tests)
 *   exec=REST  everything after "exec=" is a ';'-separated list of commands
 *              to run first, each echoed after the prompt as if typed
 *
 * The first chooses the front-end (frontend.h), plain or tabbed, which
 * runs the Monitor from there on.
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "frontend.h"
#include "tabula_app.h"
#include "term.h"

/* The tabbed console keeps a screen and every tab's scrollback. */
TABULA_APP_MEMORY(8 * 1024 * 1024, 64 * 1024);

struct options {
    bool plain;
    const char *exec; /* NULL: no boot commands */
};

/* Joins argv[1..] with spaces, in case the kernel ever splits the line. */
static void parse_options(int argc, char **argv, struct options *opt)
{
    /* Longer than shell.c's boot_commands, so that it can say when the
     * exec= list is too long. */
    static char line[4096];
    size_t len = 0;

    for (int i = 1; i < argc && argv[i]; i++) {
        if (i > 1 && len + 1 < sizeof line)
            line[len++] = ' ';
        for (const char *s = argv[i]; *s && len + 1 < sizeof line; s++)
            line[len++] = *s;
    }
    line[len] = 0;
    memset(opt, 0, sizeof *opt);
    for (char *p = line; *p;) {
        while (*p == ' ' || *p == '\t')
            p++;
        if (strncmp(p, "exec=", 5) == 0) {
            opt->exec = p + 5;
            return;
        }
        char *word = p;
        while (*p && *p != ' ' && *p != '\t')
            p++;
        if ((size_t)(p - word) == 5 && strncmp(word, "plain", 5) == 0)
            opt->plain = true;
    }
}

static void banner(void)
{
    static const char *const art[] = {
        " _        _           _",
        "| |_ __ _| |__  _   _| | __ _",
        "| __/ _` | '_ \\| | | | |/ _` |",
        "| || (_| | |_) | |_| | | (_| |",
        " \\__\\__,_|_.__/ \\__,_|_|\\__,_|",
    };
    static const enum term_style shades[] = {
        TERM_PINK, TERM_PINK, TERM_VIOLET, TERM_VIOLET, TERM_CYAN,
    };

    term_puts("\n");
    for (size_t i = 0; i < sizeof art / sizeof art[0]; i++)
        term_printf("  %s%s\n", term_style(shades[i]), art[i]);
    term_printf("%s  one address space, cooperative tasks, no virtual memory\n",
                term_style(TERM_DIM));
    term_printf("  type %shelp%s for commands%s\n\n", term_style(TERM_CYAN),
                term_style(TERM_DIM), term_style(TERM_RESET));
}

const struct frontend *frontend;

int main(int argc, char **argv)
{
    struct options opt;

    parse_options(argc, argv, &opt);
    frontend = opt.plain ? &frontend_plain : &frontend_tabbed;
    if (tabula->abi_version != TABULA_ABI_VERSION)
        term_error("monitor: built for ABI %d, the kernel has %u; expect trouble",
                   TABULA_ABI_VERSION, (unsigned)tabula->abi_version);
    if (tabula->console_mode(TABULA_CONSOLE_NONBLOCK) < 0)
        term_error("monitor: no non-blocking console; input may stall");
    frontend->init();
    if (frontend->banner)
        banner();
    frontend->run(opt.exec);
}
