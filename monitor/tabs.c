/*
 * tabs.c: the tab list (see tabs.h). Scrollback is sized per kind: the
 * shell keeps the most, the log about what the kernel's ring holds.
 */
#include "tabs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define HISTORY_SHELL 400
#define HISTORY_LOG 300
#define HISTORY_APP 200

static struct tab tabs[TAB_MAX];
static int count, focus = TAB_SHELL_INDEX;
static int body_cols, body_rows;
uint64_t tabs_version;

static int open_tab(enum tab_kind kind, const char *name, int task, int history)
{
    if (count == TAB_MAX)
        return -1;
    struct tab *t = &tabs[count];
    memset(t, 0, sizeof *t);
    if (surface_init(&t->text, body_cols, body_rows, history) < 0 &&
        surface_init(&t->text, body_cols, body_rows, 0) < 0)
        return -1;
    t->kind = kind;
    snprintf(t->name, sizeof t->name, "%s", name);
    t->task = task;
    t->state = kind == TAB_APP ? TAB_RUNNING : TAB_IDLE;
    vt_init(&t->vt, &t->text, 0, 0);
    edit_init(&t->line);
    tabs_version++;
    return count++;
}

int tabs_init(int cols, int rows)
{
    body_cols = cols;
    body_rows = rows;
    if (open_tab(TAB_STATUS, "status", 0, 0) < 0 || open_tab(TAB_LOG, "log", 0, HISTORY_LOG) < 0 ||
        open_tab(TAB_SHELL, "shell", 0, HISTORY_SHELL) < 0)
        return -1;
    focus = TAB_SHELL_INDEX;
    return 0;
}

int tabs_count(void)
{
    return count;
}

struct tab *tabs_get(int index)
{
    return index >= 0 && index < count ? &tabs[index] : 0;
}

int tabs_focus(void)
{
    return focus;
}

bool tabs_set_focus(int index)
{
    if (index < 0 || index >= count)
        return false;
    focus = index;
    tabs[index].unread = false;
    tabs_version++;
    return true;
}

int tabs_add_app(const char *name, int task)
{
    return open_tab(TAB_APP, name, task, HISTORY_APP);
}

bool tabs_close(int index)
{
    if (index < 0 || index >= count || tabs[index].kind != TAB_APP)
        return false;
    surface_free(&tabs[index].text);
    free(tabs[index].raster.pixels);
    memmove(&tabs[index], &tabs[index + 1], (size_t)(count - index - 1) * sizeof tabs[0]);
    count--;
    /* The surfaces moved: their interpreters must follow. */
    for (int i = index; i < count; i++)
        tabs[i].vt.s = &tabs[i].text;
    if (focus > index || focus >= count)
        focus = focus > index ? focus - 1 : count - 1;
    tabs_version++;
    return true;
}

int tabs_find_task(int task)
{
    for (int i = 0; i < count; i++)
        if (task && tabs[i].task == task)
            return i;
    return -1;
}

void tabs_resize(int cols, int rows)
{
    body_cols = cols;
    body_rows = rows;
    for (int i = 0; i < count; i++) {
        surface_resize(&tabs[i].text, cols, rows);
        tabs[i].scroll = 0;
    }
    tabs_version++;
}
