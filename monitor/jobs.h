/*
 * jobs.h: the Monitor's children. A job is a task the Monitor spawned and
 * has not yet reaped. At most one job is in the foreground: its output goes
 * to the console as it comes and the user's typed lines go to it. Background
 * jobs' output is shown a whole line at a time, each line prefixed with
 * "name[id]: ", without disturbing the prompt. Every job's end is reported
 * in one line, "[hello exited with status 0]" (background jobs are named
 * "hello (task 3)").
 *
 * That is how the plain front-end shows them; the tabbed one gives every
 * job a tab instead, where its output, state and end are shown and from
 * where input reaches it. jobs.c spawns, drains and reaps; the front-end
 * (frontend.h) shows.
 */
#ifndef MONITOR_JOBS_H
#define MONITOR_JOBS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tabula.h"

#define JOB_MAX 16
#define JOB_LINE_MAX 200  /* background output is cut into lines this long */
#define JOB_INPUT_MAX 512 /* typed input waiting for the job */

struct job {
    int id; /* task id; 0 marks a free entry */
    bool background;
    bool eof_pending;
    char app[TABULA_NAME_MAX];
    char label[TABULA_NAME_MAX + 32]; /* how end reports name it */
    char line[JOB_LINE_MAX];          /* for the front-end: a partial line */
    size_t line_len;
    char input[JOB_INPUT_MAX];        /* input not yet taken */
    size_t input_len;
};

/*
 * Spawns app with argv (argv[0] is normally the app's name) and the
 * environment env ("NAME=value"; TERM is added unless given) in a slot of
 * mem bytes and a stack of stack bytes (0: the app's defaults), with the
 * capabilities grant_caps() allows. Prints why on failure and returns -1;
 * otherwise returns the task id.
 */
int job_start(const char *app, int argc, const char *const *argv, int envc,
              const char *const *env, uint64_t mem, uint64_t stack,
              const struct tabula_grant *fs, int nfs, bool background);

/* True while a foreground job runs. */
bool job_foreground(void);

/* True if task id is one of the Monitor's unreaped children. */
bool job_is_child(int id);

/* Queues typed input for the foreground job; sent as it makes room. */
void job_send(const char *text, size_t len);

/*
 * Ends the foreground job's input once the queued text is taken. This uses
 * a zero-length stream_write, which the kernel is asked to treat as end of
 * input; a kernel that does not simply ignores it.
 */
void job_eof(void);

/* Ctrl-C: kills the foreground job; its end is reported as usual. */
void job_interrupt(void);

/* The same for any job, by task id (the tabbed console, where each job
 * has a tab and none is in the foreground). */
void job_send_to(int id, const char *text, size_t len);
void job_eof_to(int id);
void job_kill(int id);

/*
 * Does everything pending for the jobs: shows their new output, passes on
 * queued input, reaps the ones that ended and reports how. Call it whenever
 * poll() returns.
 */
void job_service(void);

#endif
