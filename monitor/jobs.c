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

#include "commands.h"
#include "fmt.h"
#include "frontend.h"
#include "grant.h"
#include "tabula_app.h"
#include "term.h"

#define DRAIN_ROUNDS 16   /* bounds one service pass on a chatty child */

static struct job jobs[JOB_MAX];
static struct job *fg;

static struct job *find(int id)
{
    for (int i = 0; i < JOB_MAX; i++)
        if (jobs[i].id == id && id != 0)
            return &jobs[i];
    return NULL;
}

int job_start(const char *app, int argc, const char *const *argv, int envc,
              const char *const *env, uint64_t mem, uint64_t stack,
              const struct tabula_grant *fs, int nfs, bool background)
{
    const char *envp[20];
    int nenv = 0;
    bool has_term = false;
    for (int i = 0; i < envc && nenv < 19; i++) {
        has_term |= strncmp(env[i], "TERM=", 5) == 0;
        envp[nenv++] = env[i];
    }
    if (!has_term)
        envp[nenv++] = frontend->app_term;
    struct job *j = NULL;
    for (int i = 0; i < JOB_MAX && !j; i++)
        if (jobs[i].id == 0)
            j = &jobs[i];
    if (!j) {
        term_error("run: too many jobs (%d); wait for one or kill it", JOB_MAX);
        return -1;
    }
    if (!frontend->job_room())
        return -1;

    static struct tabula_grant grants[TABULA_GRANT_MAX];
    int ngrants = grant_files(app, fs, nfs, grants);
    struct tabula_spawn req = {
        .app = app, .argc = argc, .argv = argv, .mem_size = mem,
        .caps = grant_caps(app), .envc = nenv, .envp = envp, .stack_size = stack,
        .ngrants = ngrants, .grants = grants, .cwd = ngrants ? grants[0].path : NULL,
    };
    int id = tabula->spawn(&req);
    if (id < 0) {
        req.error[sizeof req.error - 1] = 0;
        term_error("run: %s", req.error[0] ? req.error : fmt_error(id));
        return -1;
    }

    char name[TABULA_NAME_MAX];
    grant_app_name(app, name, sizeof name);
    cmd_remember_name(id, name);
    grant_report(app, req.caps);
    memset(j, 0, sizeof *j);
    j->id = id;
    j->background = background;
    snprintf(j->app, sizeof j->app, "%.15s", name); /* TABULA_NAME_MAX - 1 */
    snprintf(j->label, sizeof j->label, "%.15s", name);
    if (frontend->job_started(j))
        fg = j;
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
    if (fg)
        job_send_to(fg->id, text, len);
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
        char text[TABULA_NAME_MAX + 40];
        snprintf(text, sizeof text, "input dropped: %s is not reading it", j->app);
        frontend->notice(text);
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

/* Shows a job's new output; all of it once the job has ended. */
static void drain(struct job *j, bool ended)
{
    char buf[256];

    for (int round = 0; ended || round < DRAIN_ROUNDS; round++) {
        long n = tabula->stream_read(j->id, buf, sizeof buf);
        if (n <= 0)
            return;
        frontend->job_output(j, buf, (size_t)n);
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
    if (r < 0)
        snprintf(text, sizeof text, "%s vanished: %s", j->label, fmt_error(r));
    else
        fmt_end(text, sizeof text, j->label, j->app, &end);

    bool ok = r >= 0 && end.how == TABULA_END_EXIT && end.status == 0;
    if (j == fg)
        fg = NULL;
    frontend->job_ended(j, text, ok, r >= 0 ? &end : NULL);
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
        pass_input(j);
        if (info)
            frontend->job_state(j, info);
        if (ended)
            finish(j);
    }
    frontend->jobs_shown();
}
