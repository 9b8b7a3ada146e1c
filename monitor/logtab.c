/*
 * logtab.c: the log tab (see logtab.h). Records are read with a cursor, so
 * each is read once; a change of filter replays what the kernel still
 * keeps.
 */
#include "logtab.h"

#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "fmt.h"
#include "tabula_app.h"
#include "theme.h"

#define BATCH 8

static uint64_t next_seq;
static int shown_level = TABULA_LOG_DEBUG; /* the least severe level shown */
static struct tabula_log_record recent[LOGTAB_RECENT];
static int recent_count, recent_head;
static struct tabula_task_info tasks[64];
static int ntasks;
/* Names outlive their tasks here, so a record about a task that has
 * ended and been reaped still names it. */
static struct {
    int id;
    char name[TABULA_NAME_MAX];
} names[64];
static int names_next;

void logtab_name(int id, const char *name)
{
    for (int k = 0; k < 64; k++)
        if (names[k].id == id)
            return;
    names[names_next].id = id;
    snprintf(names[names_next].name, TABULA_NAME_MAX, "%s", name);
    names_next = (names_next + 1) % 64;
}

static void remember_names(void)
{
    for (int i = 0; i < ntasks; i++)
        logtab_name(tasks[i].id, tasks[i].name);
}

static const char *name_of(int id, char *buf, size_t cap)
{
    for (int k = 0; id && k < 64; k++)
        if (names[k].id == id)
            return names[k].name;
    return cmd_task_name(tasks, ntasks, id, buf, cap);
}

static enum theme_role level_color(int level)
{
    static const enum theme_role colors[] = {TH_RED, TH_AMBER, TH_CYAN, TH_DIM};
    return level >= 0 && level < 4 ? colors[level] : TH_FG;
}

void logtab_format(char *buf, size_t cap, const struct tabula_log_record *r, int width)
{
    char when[32], name[24];
    int text_width = width - 12 - 6 - 10;
    if (text_width < 10)
        text_width = 10;
    fmt_seconds(when, sizeof when, r->time_ns);
    snprintf(buf, cap, "%s%11.11s %s%-5s %s%-9.9s %s%.*s\033[0m", theme_sgr(TH_DIM), when,
             theme_sgr(level_color(r->level)), fmt_level(r->level), theme_sgr(TH_VIOLET),
             name_of(r->task, name, sizeof name),
             theme_sgr(r->level <= TABULA_LOG_WARN ? level_color(r->level) : TH_FG),
             text_width < (int)sizeof r->text ? text_width : (int)sizeof r->text, r->text);
}

static void show(struct vt *vt, const struct tabula_log_record *r)
{
    char line[320];
    logtab_format(line, sizeof line, r, vt->s->cols);
    vt_puts(vt, "\n");
    vt_puts(vt, line);
}

static int read_new(struct vt *vt, bool keep_recent)
{
    struct tabula_log_record batch[BATCH];
    int n, serious = 0;
    ntasks = tabula->task_list(tasks, 64);
    if (ntasks < 0)
        ntasks = 0;
    remember_names();
    while ((n = tabula->log_read(&next_seq, batch, BATCH)) > 0) {
        for (int i = 0; i < n; i++) {
            if (batch[i].level <= shown_level)
                show(vt, &batch[i]);
            if (batch[i].level <= TABULA_LOG_WARN)
                serious++;
            if (keep_recent) {
                recent[recent_head] = batch[i];
                recent_head = (recent_head + 1) % LOGTAB_RECENT;
                if (recent_count < LOGTAB_RECENT)
                    recent_count++;
            }
        }
    }
    return serious;
}

static void replay(struct vt *vt, bool keep_recent)
{
    surface_reset(vt->s);
    vt_puts(vt, theme_sgr(TH_PINK));
    vt_puts(vt, "\033[1mKERNEL LOG\033[0m");
    next_seq = 0;
    read_new(vt, keep_recent);
}

void logtab_init(struct vt *vt)
{
    replay(vt, true);
}

int logtab_poll(struct vt *vt)
{
    return read_new(vt, true);
}

void logtab_key(struct vt *vt, const struct key *k)
{
    static const char keys[] = "ewid";
    const char *at = k->code == KEY_CHAR && k->ch < 0x80 ? strchr(keys, (int)k->ch) : NULL;
    if (!at || !k->ch)
        return;
    shown_level = (int)(at - keys);
    replay(vt, false);
}

const char *logtab_hint(void)
{
    static const char *const hints[] = {
        "errors only  e w i d: level  PgUp scrolls",
        "warnings and worse  e w i d: level  PgUp scrolls",
        "info and worse  e w i d: level  PgUp scrolls",
        "everything  e w i d: level  PgUp scrolls",
    };
    return hints[shown_level];
}

const struct tabula_log_record *logtab_recent(int i)
{
    if (i < 0 || i >= recent_count)
        return NULL;
    return &recent[(recent_head - 1 - i + 2 * LOGTAB_RECENT) % LOGTAB_RECENT];
}
