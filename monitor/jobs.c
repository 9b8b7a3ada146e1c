/*
 * jobs.c: spawning, watching and reaping the Monitor's children.
 *
 * A child's output must never be lost, even on another hart: job_service
 * first takes a snapshot of task states, then drains each child's stream,
 * and reaps only children that had already ended at the snapshot, since an
 * ended task writes nothing more. Reaping frees the stream, so the reverse
 * order could drop the last bytes a child wrote just before it ended.
 */
#include "jobs.h"

#include <stdio.h>
#include <string.h>

#include "fmt.h"
#include "grant.h"
#include "tabbed.h"
#include "tabula_app.h"
#include "term.h"

#define JOB_LINE_MAX 200  /* background output is cut into lines this long */
#define JOB_INPUT_MAX 512 /* typed input waiting for the foreground job */
#define DRAIN_ROUNDS 16   /* bounds one service pass on a chatty child */

struct job {
    int id; /* task id; 0 marks a free entry */
    bool background;
    bool tabbed; /* shown in a tab of the tabbed console */
    bool eof_pending;
    char app[TABULA_NAME_MAX];
    char label[TABULA_NAME_MAX + 32]; /* how end reports name it */
    char line[JOB_LINE_MAX];          /* background: a partial line */
    size_t line_len;
    char input[JOB_INPUT_MAX];        /* foreground: input not yet taken */
    size_t input_len;
};

static struct job jobs[JOB_MAX];
static struct job *fg;
/* Set once background output has moved the input line aside in this pass. */
static bool async_open;

static struct job *find(int id)
{
    for (int i = 0; i < JOB_MAX; i++)
        if (jobs[i].id == id && id != 0)
            return &jobs[i];
    return NULL;
}

int job_start(const char *app, int argc, const char *const *argv,
              uint64_t mem, uint64_t stack, bool background)
{
    struct job *j = NULL;
    for (int i = 0; i < JOB_MAX && !j; i++)
        if (jobs[i].id == 0)
            j = &jobs[i];
    if (!j) {
        term_error("run: too many jobs (%d); wait for one or kill it", JOB_MAX);
        return -1;
    }
    if (tabbed_active() && !tabbed_make_room())
        return -1;

    struct tabula_spawn req = {
        .app = app, .argc = argc, .argv = argv, .mem_size = mem,
        .caps = grant_caps(app), .stack_size = stack,
    };
    int id = tabula->spawn(&req);
    if (id < 0) {
        req.error[sizeof req.error - 1] = 0;
        term_error("run: %s", req.error[0] ? req.error : fmt_error(id));
        return -1;
    }

    grant_report(app, req.caps);
    memset(j, 0, sizeof *j);
    j->id = id;
    j->background = background;
    snprintf(j->app, sizeof j->app, "%.15s", app); /* TABULA_NAME_MAX - 1 */
    if (tabbed_active()) {
        j->tabbed = true;
        snprintf(j->label, sizeof j->label, "%.15s", app);
        tabbed_job_started(id, j->app, background);
    } else if (background) {
        snprintf(j->label, sizeof j->label, "%.15s (task %d)", app, id);
        term_printf("%s[%s started as task %d]%s\n", term_style(TERM_DIM),
                    j->app, id, term_style(TERM_RESET));
    } else {
        snprintf(j->label, sizeof j->label, "%.15s", app);
        fg = j;
        tabula->console_focus(id); /* the attention key ends it */
    }
    return id;
}

bool job_foreground(void)
{
    return fg != NULL;
}

bool job_is_child(int id)
{
    return find(id) != NULL;
}

void job_send(const char *text, size_t len)
{
    if (!fg)
        return;
    if (len > sizeof fg->input - fg->input_len) {
        term_error("[input dropped: %s is not reading it]", fg->app);
        return;
    }
    memcpy(fg->input + fg->input_len, text, len);
    fg->input_len += len;
}

void job_eof(void)
{
    if (fg)
        fg->eof_pending = true;
}

void job_interrupt(void)
{
    if (fg)
        job_kill(fg->id);
}

void job_send_to(int id, const char *text, size_t len)
{
    struct job *j = find(id);
    if (!j)
        return;
    if (len > sizeof j->input - j->input_len) {
        tabbed_notify("input dropped: %s is not reading it", j->app);
        return;
    }
    memcpy(j->input + j->input_len, text, len);
    j->input_len += len;
}

void job_eof_to(int id)
{
    struct job *j = find(id);
    if (j)
        j->eof_pending = true;
}

void job_kill(int id)
{
    int r = tabula->kill(id);
    if (r < 0)
        term_error("kill: %s", fmt_error(r));
}

/* Background output appears between the lines of the input line's owner. */
static void async_open_once(void)
{
    if (!async_open) {
        term_async_begin();
        async_open = true;
    }
}

static void show_line(struct job *j)
{
    async_open_once();
    term_printf("%s%s[%d]:%s ", term_style(TERM_DIM), j->app, j->id,
                term_style(TERM_RESET));
    term_write(j->line, j->line_len);
    term_puts("\n");
    j->line_len = 0;
}

static void show_background(struct job *j, const char *buf, size_t len)
{
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

/* Shows a job's new output; all of it once the job has ended. */
static void drain(struct job *j, bool ended)
{
    char buf[256];

    for (int round = 0; ended || round < DRAIN_ROUNDS; round++) {
        long n = tabula->stream_read(j->id, buf, sizeof buf);
        if (n <= 0)
            return;
        if (j->tabbed)
            tabbed_job_output(j->id, buf, (size_t)n);
        else if (j->background)
            show_background(j, buf, (size_t)n);
        else
            term_write(buf, (size_t)n);
    }
}

static void pass_input(struct job *j)
{
    if (j->input_len) {
        long n = tabula->stream_write(j->id, j->input, j->input_len);
        if (n > 0) {
            j->input_len -= (size_t)n;
            memmove(j->input, j->input + n, j->input_len);
        }
    }
    if (j->eof_pending && j->input_len == 0) {
        tabula->stream_write(j->id, j->input, 0);
        j->eof_pending = false;
    }
}

/* Reaps an ended job and says how it ended. */
static void finish(struct job *j)
{
    struct tabula_exit end;
    char text[256];

    int r = tabula->reap(j->id, &end);
    if (r == -TABULA_EBUSY)
        return;
    if (j->line_len)
        show_line(j);
    if (r < 0)
        snprintf(text, sizeof text, "%s vanished: %s", j->label, fmt_error(r));
    else
        fmt_end(text, sizeof text, j->label, j->app, &end);

    bool ok = r >= 0 && end.how == TABULA_END_EXIT && end.status == 0;
    if (j->tabbed) {
        tabbed_job_ended(j->id, text, ok);
        j->id = 0;
        return;
    }
    if (j == fg) {
        term_end_line();
        fg = NULL;
        tabula->console_focus(0);
    } else {
        async_open_once();
    }
    term_printf("%s[%s]%s\n", term_style(ok ? TERM_VIOLET : TERM_RED), text,
                term_style(TERM_RESET));
    for (unsigned i = 0; r >= 0 && fmt_report_line(text, sizeof text, j->app, &end, i); i++)
        term_printf("%s%s%s\n", term_style(TERM_DIM), text, term_style(TERM_RESET));
    j->id = 0;
}

static const struct tabula_task_info *info_of(const struct tabula_task_info *tasks, int n,
                                             int id)
{
    for (int i = 0; i < n; i++)
        if (tasks[i].id == id)
            return &tasks[i];
    return NULL;
}

void job_service(void)
{
    static struct tabula_task_info tasks[64];
    int n = tabula->task_list(tasks, 64);

    for (int i = 0; i < JOB_MAX; i++) {
        struct job *j = &jobs[i];
        if (j->id == 0)
            continue;
        /* Without a snapshot nobody is known to have ended: wait a pass. */
        const struct tabula_task_info *info = n >= 0 ? info_of(tasks, n, j->id) : NULL;
        int state = n < 0 ? TABULA_TASK_READY : info ? info->state : -1;
        bool ended = state == TABULA_TASK_ENDED || state < 0;
        drain(j, ended);
        if (!j->tabbed && info && (info->flags & TABULA_TASK_CANVAS)) {
            /* Nowhere to show a canvas here; take the frame so that poll
             * stops reporting it. */
            struct tabula_canvas_info canvas;
            tabula->canvas_read(j->id, &canvas, NULL, 0);
        }
        if (j == fg || j->tabbed)
            pass_input(j);
        if (j->tabbed && info)
            tabbed_job_info(info);
        if (ended)
            finish(j);
    }
    if (async_open) {
        term_async_end();
        async_open = false;
    }
}
