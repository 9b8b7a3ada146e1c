/*
 * frontend.h: the Monitor's face. The shell (shell.c), the jobs (jobs.c)
 * and the commands are the same in every mode; what the user sees and
 * types through is a front-end, chosen once at start (main.c) and reached
 * only through `frontend`. There are two:
 *
 *   plain.c   the line console: output as written, the prompt exactly
 *             "tabula> ", one foreground job at a time, background output
 *             a line at a time; with a display, the same lines on it too
 *   tabbed.c  the tabbed console: a tab per job, keys routed by focus,
 *             frames rendered on the terminal and the display
 *
 * Nothing outside these two asks which one runs: it calls an operation or
 * reads a property here. A third face is a third struct.
 */
#ifndef MONITOR_FRONTEND_H
#define MONITOR_FRONTEND_H

#include <stdbool.h>
#include <stddef.h>

#include "jobs.h"
#include "tabula.h"
#include "term.h"

struct frontend {
    bool banner;            /* greet with the logo (plain output is for scripts) */
    bool unicode;           /* may draw with characters beyond ASCII */
    /* The TERM an app is started with: a tab draws colours and moves the
     * cursor; the plain console promises neither. */
    const char *app_term;
    const char *keys_help;  /* a line on the console's keys for help, or NULL */
    const char *no_tabs;    /* why tab commands do nothing here; NULL: they work */
    const char *no_display; /* what to blame when no framebuffer console runs */

    /* Takes over the console (before the banner), then runs the Monitor:
     * the boot commands exec (or NULL), then the loop. run never returns. */
    void (*init)(void);
    __attribute__((noreturn)) void (*run)(const char *exec);

    /* Shell output, already styled (term.c sends every write here), and
     * the escape sequence that starts a style ("" for none). */
    void (*write)(const char *buf, size_t len);
    const char *(*style)(enum term_style style);
    /* command NULL: shows the prompt and waits for a typed line, which the
     * front-end hands to shell_enter. Otherwise echoes a boot command
     * after the prompt, as if typed. */
    void (*prompt)(const char *command);
    /* A passing message that is nobody's output ("input dropped: ..."). */
    void (*notice)(const char *text);
    /* Shows tab index (the display's tab bar was clicked); false: none. */
    bool (*focus)(int index);
    /* Gives the terminal back before the machine powers off. */
    void (*leave)(void);

    /* Jobs, as jobs.c sees them. job_room: before a spawn; false (said
     * why) when there is nowhere to show another job. job_started returns
     * true when the shell is to wait for the job (the foreground job,
     * whose typed lines go to it). job_state: each service pass, with the
     * task's snapshot. job_ended: text is the end line ("hello exited with
     * status 0"); end is NULL when the task vanished unreaped. jobs_shown:
     * after every service pass. */
    bool (*job_room)(void);
    bool (*job_started)(struct job *j);
    void (*job_output)(struct job *j, const char *buf, size_t len);
    void (*job_state)(struct job *j, const struct tabula_task_info *info);
    void (*job_ended)(struct job *j, const char *text, bool ok, const struct tabula_exit *end);
    void (*jobs_shown)(void);
};

extern const struct frontend frontend_plain, frontend_tabbed;
/* The one in use; set by main.c before anything is printed. */
extern const struct frontend *frontend;

#endif
