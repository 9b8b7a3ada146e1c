/*
 * tabkeys.c: what keys do in the tabbed console (see tabkeys.h): the
 * bindings (Ctrl-A and its second key, Alt-digit, F1-F12, PgUp and PgDn),
 * then the focused tab's own use of them: the shell's editor, the log's
 * filter, an app's line discipline or its raw keys, closing an ended
 * app's tab.
 */
#include "tabkeys.h"

#include <string.h>

#include "histfile.h"
#include "jobs.h"
#include "logtab.h"
#include "shell.h"
#include "tabbed.h"
#include "tabline.h"
#include "tabs.h"
#include "tabula_app.h"

static bool prefix, help;

bool tabkeys_prefix(void)
{
    return prefix;
}

bool tabkeys_help(void)
{
    return help;
}

static bool is_char(const struct key *k, uint32_t c)
{
    return k->code == KEY_CHAR && k->ch == c && !k->alt;
}

static void close_tab(int i)
{
    const struct tab *t = tabs_get(i);
    if (!t || t->kind != TAB_APP) {
        tabbed_notify("only an app's tab can be closed");
    } else if (t->state != TAB_EXITED && t->state != TAB_FAILED) {
        tabbed_notify("%s is still running: Ctrl-\\ or kill %d ends it", t->name, t->task);
    } else {
        /* Closing the tab in view returns to the shell; closing another
         * keeps the view. */
        bool in_view = i == tabs_focus();
        tabs_close(i);
        tabbed_focus(in_view ? TAB_SHELL_INDEX : tabs_focus());
    }
}

static void prefixed(const struct key *k)
{
    int n = tabs_count(), f = tabs_focus();
    if (k->code == KEY_CHAR && k->ch >= '0' && k->ch <= '9') {
        int i = k->ch == '0' ? 9 : (int)k->ch - '1';
        if (!tabbed_focus(i))
            tabbed_notify("no tab %d", i + 1);
    } else if (is_char(k, 'n') || k->code == KEY_RIGHT) {
        tabbed_focus((f + 1) % n);
    } else if (is_char(k, 'p') || k->code == KEY_LEFT) {
        tabbed_focus((f + n - 1) % n);
    } else if (is_char(k, 'c')) {
        close_tab(f);
    } else if (is_char(k, '?') || is_char(k, 'h')) {
        help = true;
    } else if (is_char(k, 'r') || is_char(k, 'l') || is_char(k, 0x0c)) {
        tabbed_redraw(true);
    } else if (is_char(k, 0x01)) {
        struct tab *t = tabs_get(f);
        if (t->kind == TAB_APP && t->state != TAB_EXITED && t->state != TAB_FAILED)
            job_send_to(t->task, "\x01", 1);
    } else if (!is_char(k, 0x1b)) {
        tabbed_notify("Ctrl-A then: 1-9 0 n p c r ? (Ctrl-A ? for help)");
    }
    tabbed_redraw(false);
}

static void vt_write(void *ctx, const char *buf, size_t len)
{
    vt_feed(ctx, buf, len);
}

/* Draws the line being typed in an app's tab again: from where it began,
 * or, when the app wrote since (a prompt, news), after what it wrote. */
static void app_line(struct tab *t, bool cursor_at_end)
{
    struct surface *s = &t->text;
    if (!t->line_placed) {
        t->line_at = s->scrolled + (uint64_t)s->cy;
        t->line_col = s->cx;
        t->line_placed = true;
    }
    tabline_place(s, t->line_at, t->line_col);
    tabline_text(s, vt_write, &t->vt, &t->line, cursor_at_end);
}

/* An app in cooked mode gets whole lines, edited and echoed here, as a
 * terminal's line discipline would, with the shell's editor: Up recalls
 * lines typed in this tab and in the app's earlier runs (histfile.h). In
 * raw mode it gets the keys. */
static void app_key(struct tab *t, const struct key *k)
{
    if (t->raw) {
        job_send_to(t->task, k->raw, (size_t)k->len);
        return;
    }
    if (!t->line_recalls) {
        /* Only apps that read lines take a place in the table of
         * histories, not every app run (a game, a donut). */
        edit_set_history(&t->line, histfile_get(t->name));
        t->line_recalls = true;
    }
    char text[EDIT_MAX + 1];
    size_t len;
    switch (edit_key(&t->line, k)) {
    case EDIT_CHANGED:
        app_line(t, false);
        break;
    case EDIT_ENTER:
        /* The editor has moved on; draw the entered line as typed. */
        len = strlen(t->line.line);
        memcpy(t->line.buf, t->line.line, len + 1);
        t->line.len = len;
        app_line(t, true);
        edit_clear(&t->line);
        vt_puts(&t->vt, "\n");
        t->line_placed = false;
        histfile_add(t->name, t->line.line);
        memcpy(text, t->line.line, len);
        text[len] = '\n';
        job_send_to(t->task, text, len + 1);
        break;
    case EDIT_INTERRUPT:
        vt_puts(&t->vt, "^C\n");
        t->line_placed = false;
        job_kill(t->task);
        break;
    case EDIT_EOF:
        job_eof_to(t->task);
        break;
    case EDIT_COMPLETE: /* nothing to complete in an app's line */
    case EDIT_NONE:
        break;
    }
}

static void scroll(struct tab *t, int by)
{
    int to = t->scroll + by;
    t->scroll = to < 0 ? 0 : to > t->text.kept ? t->text.kept : to;
    tabbed_redraw(false);
}

void tabkeys_key(const struct key *k)
{
    struct tab *t = tabs_get(tabs_focus());
    bool live_raw = t->kind == TAB_APP && t->raw && t->state != TAB_EXITED &&
                    t->state != TAB_FAILED;

    if (k->code == KEY_CPR) {
        tabbed_resize(k->col, k->row);
        return;
    }
    if (help) {
        help = false;
        tabbed_redraw(false);
        return;
    }
    if (prefix) {
        prefix = false;
        prefixed(k);
        return;
    }
    if (is_char(k, 0x01)) {
        prefix = true;
        tabbed_redraw(false);
        return;
    }
    if (k->code == KEY_CHAR && k->alt && k->ch >= '1' && k->ch <= '9') {
        if (!tabbed_focus((int)k->ch - '1'))
            tabbed_notify("no tab %d", (int)k->ch - '0');
        return;
    }
    if (k->code >= KEY_F1 && k->code <= KEY_F12) {
        if (!tabbed_focus(k->code - KEY_F1))
            tabbed_notify("no tab %d", k->code - KEY_F1 + 1);
        return;
    }
    if (is_char(k, TABULA_ATTENTION_KEY)) {
        tabbed_notify("Ctrl-\\ force-quits the app in this tab; there is none");
        return;
    }
    if ((k->code == KEY_PGUP || k->code == KEY_PGDN) && !live_raw) {
        /* A canvas covers the app's text (DOOM's last words, an error):
         * the first PgUp shows it, the last PgDn the picture again. */
        if (t->canvas && t->text_view == (k->code == KEY_PGDN) && !t->scroll) {
            t->text_view = k->code == KEY_PGUP;
            tabbed_redraw(false);
            return;
        }
        scroll(t, (k->code == KEY_PGUP ? 1 : -1) * (t->text.rows - 2));
        return;
    }
    if (t->scroll && t->kind != TAB_LOG)
        scroll(t, -t->scroll); /* typing returns to the live screen */
    t->text_view = false;
    switch (t->kind) {
    case TAB_SHELL:
        tabline_key(k);
        break;
    case TAB_LOG:
        logtab_key(&t->vt, k);
        break;
    case TAB_STATUS:
        break;
    case TAB_APP:
        if (t->state != TAB_EXITED && t->state != TAB_FAILED) {
            app_key(t, k);
        } else if (is_char(k, '\r') || is_char(k, '\n') || is_char(k, 'q') ||
                   k->code == KEY_ESC) {
            close_tab(tabs_focus());
        } else if (k->code == KEY_CHAR && k->ch >= ' ' && !k->alt) {
            /* Typing in an ended app's tab is typing to the shell. */
            tabbed_focus(TAB_SHELL_INDEX);
            tabline_key(k);
        }
        break;
    }
}
