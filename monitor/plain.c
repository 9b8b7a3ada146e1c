/*
 * plain.c: the plain front-end (frontend.h), the line console scripts and
 * tests drive. Output goes to the Monitor's console stream as written, with
 * no colours and no cursor movement (the kernel's console turns "\n" into
 * "\r\n"); the prompt is exactly "tabula> ". One job at a time holds the
 * foreground: its output streams out and typed lines go to it, and its end
 * is one line. Background jobs' output is shown a whole line at a time,
 * "name[id]: " first, with the input line (prompt and typed text) moved out
 * of its way and drawn again after.
 *
 * With a display, the same lines are shown on it: the shell tab of the tab
 * model, drawn by fbcon.c, fed everything the console gets. The display's
 * events (mode changes, the pointer) are read after every wait, or poll
 * would report them forever.
 */
#include <stdio.h>
#include <string.h>

#include "dash.h"
#include "fbcon.h"
#include "fmt.h"
#include "frontend.h"
#include "lined.h"
#include "shell.h"
#include "tabs.h"
#include "tabula_app.h"

/*
 * A bound on each wait: events wake the Monitor sooner, and the bound makes
 * sure a missed one delays nothing for long.
 */
#define POLL_NS 250000000ull
#define FRAME_NS 33000000ull /* the display: at most ~30 frames a second */

static struct lined editor;
static bool input_shown;  /* the prompt and the typed text are on screen */
static bool async_open;   /* background output has moved the input line aside */
static bool display;      /* the shell is shown on the framebuffer too */
static uint64_t frame_at, drawn_version = ~0ull, drawn_tabs = ~0ull, drawn_second = ~0ull;

static void write_console(const char *buf, size_t len)
{
    size_t done = 0;
    if (display) {
        struct tab *t = tabs_get(TAB_SHELL_INDEX);
        t->scroll = 0;
        vt_feed(&t->vt, buf, len);
    }
    while (done < len) {
        long n = tabula->write(buf + done, len - done);
        if (n <= 0)
            break; /* nowhere to report it: the console is the report */
        done += (size_t)n;
    }
}

static const char *no_style(enum term_style style)
{
    (void)style;
    return "";
}

/* Draws the prompt and the text typed so far. */
static void redraw(void)
{
    term_puts("tabula> ");
    term_puts(editor.buf);
}

static void prompt(const char *command)
{
    if (command) {
        term_printf("tabula> %s\n", command);
        return;
    }
    redraw();
    input_shown = true;
}

/* Output that arrives on its own (background jobs, notices) goes on lines
 * of its own, and the input line comes back under it. */
static void async_begin(void)
{
    if (!async_open)
        term_end_line();
    async_open = true;
}

static void async_end(void)
{
    if (!async_open)
        return;
    async_open = false;
    term_end_line();
    if (input_shown)
        redraw();
}

static void notice(const char *text)
{
    async_begin();
    term_error("[%s]", text);
    async_end();
}

static bool no_tabs(int index)
{
    (void)index;
    return false;
}

static void leave(void)
{
}

/* ---- typed input ------------------------------------------------------- */

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
    input_shown = false;
    shell_enter(editor.line);
}

static void interrupt(void)
{
    term_puts("^C\n");
    if (job_foreground()) {
        job_interrupt();
        return;
    }
    input_shown = false;
    shell_enter(NULL);
}

static void input(const char *buf, size_t len)
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

/* ---- jobs -------------------------------------------------------------- */

static bool always_room(void)
{
    return true;
}

static bool job_started(struct job *j)
{
    if (j->background) {
        snprintf(j->label, sizeof j->label, "%.15s (task %d)", j->app, j->id);
        term_printf("[%s started as task %d]\n", j->app, j->id);
        return false;
    }
    tabula->console_focus(j->id); /* the attention key ends it */
    return true;
}

static void show_line(struct job *j)
{
    async_begin();
    term_printf("%s[%d]: ", j->app, j->id);
    term_write(j->line, j->line_len);
    term_puts("\n");
    j->line_len = 0;
}

static void job_output(struct job *j, const char *buf, size_t len)
{
    if (!j->background) {
        term_write(buf, len);
        return;
    }
    for (size_t i = 0; i < len; i++) {
        if (buf[i] == '\n') {
            show_line(j);
            continue;
        }
        if (j->line_len == sizeof j->line)
            show_line(j);
        j->line[j->line_len++] = buf[i];
    }
}

static void job_state(struct job *j, const struct tabula_task_info *info)
{
    if (info->flags & TABULA_TASK_CANVAS) {
        /* Nowhere to show a canvas here; take the frame so that poll
         * stops reporting it. */
        struct tabula_canvas_info canvas;
        tabula->canvas_read(j->id, &canvas, NULL, 0);
    }
}

/* The end line; ok does not show, with no colours to tell it by. */
static void job_ended(struct job *j, const char *text, bool ok, const struct tabula_exit *end)
{
    char line[256];
    (void)ok;
    if (j->line_len)
        show_line(j);
    if (j->background) {
        async_begin();
    } else {
        term_end_line();
        tabula->console_focus(0);
        lined_reset(&editor); /* half-typed input for a job that ended is no command */
    }
    term_printf("[%s]\n", text);
    for (unsigned i = 0; end && fmt_report_line(line, sizeof line, j->app, end, i); i++)
        term_printf("%s\n", line);
}

/* ---- the display ------------------------------------------------------- */

static void display_init(void)
{
    int cols, rows;
    display = fbcon_init(&cols, &rows) && tabs_init(cols, rows) == 0;
}

static void render(void)
{
    struct ui_facts facts = {.hint = "plain console", .harts = 1};
    if (!display || !fbcon_active())
        return;
    uint64_t now = tabula->time_ns();
    uint64_t version = tabs_get(TAB_SHELL_INDEX)->text.version;
    if (now < frame_at)
        return;
    if (version == drawn_version && tabs_version == drawn_tabs &&
        now / 1000000000u == drawn_second && !fbcon_pending())
        return;
    dash_facts(&facts);
    facts.uptime_ns = now;
    fbcon_render(&facts);
    frame_at = now + FRAME_NS;
    drawn_version = version;
    drawn_tabs = tabs_version;
    drawn_second = now / 1000000000u;
}

/* ---- the loop ---------------------------------------------------------- */

__attribute__((noreturn)) static void run(const char *exec)
{
    char buf[64];

    lined_reset(&editor);
    shell_init(exec);
    for (;;) {
        shell_step();
        render();
        uint64_t wait = POLL_NS;
        if (display && frame_at > tabula->time_ns() && frame_at - tabula->time_ns() < wait)
            wait = frame_at - tabula->time_ns();
        tabula->poll(wait);
        long n;
        while ((n = tabula->read(buf, sizeof buf)) > 0)
            input(buf, (size_t)n);
        fbcon_service();
        job_service();
    }
}

const struct frontend frontend_plain = {
    .banner = false,
    .unicode = false,
    .app_term = "TERM=dumb",
    .keys_help = NULL,
    .no_tabs = "this is plain mode",
    .no_display = "plain mode",
    .init = display_init,
    .run = run,
    .write = write_console,
    .style = no_style,
    .prompt = prompt,
    .notice = notice,
    .focus = no_tabs,
    .leave = leave,
    .job_room = always_room,
    .job_started = job_started,
    .job_output = job_output,
    .job_state = job_state,
    .job_ended = job_ended,
    .jobs_shown = async_end,
};
