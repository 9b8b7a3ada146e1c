/*
 * tabs.h: the tab model of the tabbed console. Tabs are, in order: status
 * (the live dashboard), log (the kernel log), shell, then one per app run
 * from the shell, which stays after the app ends, showing how it ended,
 * until it is closed. Each tab is a text surface fed by its VT
 * interpreter, and an app's tab may also hold a raster (its canvas).
 * This is state only: renderers (ui.c for the serial terminal) draw it,
 * and the controller (tabbed.c) changes it.
 */
#ifndef MONITOR_TABS_H
#define MONITOR_TABS_H

#include <stdbool.h>
#include <stdint.h>

#include "edit.h"
#include "raster.h"
#include "surface.h"
#include "tabula.h"
#include "vt.h"

#define TAB_MAX 16
#define TAB_STATUS_INDEX 0
#define TAB_LOG_INDEX 1
#define TAB_SHELL_INDEX 2

enum tab_kind { TAB_STATUS, TAB_LOG, TAB_SHELL, TAB_APP };

/* How an app's tab is drawn in the tab bar. */
enum tab_state {
    TAB_IDLE,       /* the Monitor's own tabs */
    TAB_RUNNING,    /* on the hart or ready for it */
    TAB_WAITING,    /* sleeping or blocked */
    TAB_HUNG,       /* marked not responding by the kernel */
    TAB_EXITED,     /* ended with status 0 */
    TAB_FAILED,     /* crashed, killed, or a non-zero status */
};

struct tab {
    enum tab_kind kind;
    char name[TABULA_NAME_MAX];
    int task;           /* the app's task id; 0 for the Monitor's tabs */
    enum tab_state state;
    bool unread;        /* news arrived while another tab had focus */
    bool raw;           /* the app asked for raw keys */
    bool canvas;        /* it has a canvas: show the raster */
    struct surface text;
    struct vt vt;
    struct raster raster;
    struct edit line;   /* the app's line discipline, in cooked mode */
    bool line_recalls;  /* line holds the app's history (from its first key) */
    bool line_placed;   /* line_at and line_col say where the line is drawn */
    int line_col;
    uint64_t line_at;   /* the surface's line (from its start) where it begins */
    int scroll;         /* lines scrolled back from the live bottom */
    bool text_view;     /* a canvas tab showing its text instead (PgUp) */
    char end[160];      /* how the app ended, once it has */
};

/* Body size for every tab's surface. Returns 0, or -1 out of memory. */
int tabs_init(int cols, int rows);
int tabs_count(void);
struct tab *tabs_get(int index);  /* NULL when out of range */
int tabs_focus(void);
/* Focuses tab index; clears its unread mark. False when there is none. */
bool tabs_set_focus(int index);
/* Adds an app's tab at the end; returns its index, or -1 when TAB_MAX are
 * open or memory is short. */
int tabs_add_app(const char *name, int task);
/* Closes an app's tab (the Monitor's own cannot be closed). */
bool tabs_close(int index);
/* The tab showing task id, or -1. */
int tabs_find_task(int task);
/* Gives every tab's surface a new size. */
void tabs_resize(int cols, int rows);
/* Changes to any tab bump this, so the renderer knows to compose. */
extern uint64_t tabs_version;

/* Whether the tab shows its canvas rather than its text. */
static inline bool tab_shows_raster(const struct tab *t)
{
    return t->canvas && t->raster.pixels && !t->scroll && !t->text_view;
}

#endif
