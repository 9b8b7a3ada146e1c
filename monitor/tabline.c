/*
 * tabline.c: the tabbed console's input line (see tabline.h). It lives in
 * the shell tab's surface, from where the prompt began: each change
 * redraws it from there, prompt first, with the cursor put back where the
 * editor has it. Lines are counted from the surface's start, so scrolling
 * does not lose the place.
 */
#include "tabline.h"

#include <string.h>

#include "commands.h"
#include "edit.h"
#include "histfile.h"
#include "shell.h"
#include "tabbed.h"
#include "tabula_app.h"
#include "term.h"

#define APPS_MAX 32
#define NAMES_MAX 64

static struct edit editor;
static uint64_t input_line; /* the shell surface's line where the prompt starts */
static int input_col;

void tabline_init(void)
{
    edit_init(&editor);
    edit_set_history(&editor, histfile_get(HISTFILE_SHELL));
}

void tabline_prompt_text(void)
{
    term_printf("%s%stabula%s>%s ", term_style(TERM_BOLD), term_style(TERM_PINK),
                term_style(TERM_CYAN), term_style(TERM_RESET));
}

void tabline_place(struct surface *s, uint64_t line, int col)
{
    int64_t y = (int64_t)(line - s->scrolled);
    surface_goto(s, col, y < 0 ? 0 : (int)y);
    surface_erase_screen(s, 0);
}

void tabline_text(struct surface *s, void (*write)(void *ctx, const char *buf, size_t len),
                  void *ctx, const struct edit *e, bool cursor_at_end)
{
    size_t at = cursor_at_end ? e->len : e->cursor;
    write(ctx, e->buf, at);
    uint64_t line = s->scrolled + (uint64_t)s->cy;
    int col = s->cx;
    bool wrap = s->wrap_pending;
    write(ctx, e->buf + at, e->len - at);
    if (!cursor_at_end && at < e->len) {
        surface_goto(s, col, (int)(line - s->scrolled));
        s->wrap_pending = wrap;
    }
}

static void shell_write(void *ctx, const char *buf, size_t len)
{
    (void)ctx;
    term_write(buf, len);
}

static void input_redraw(bool cursor_at_end)
{
    struct surface *s = tabbed_shell();
    tabline_place(s, input_line, input_col);
    tabline_prompt_text();
    tabline_text(s, shell_write, NULL, &editor, cursor_at_end);
}

void tabline_prompt(void)
{
    struct surface *s = tabbed_shell();
    if (s->cx != 0 || s->wrap_pending)
        term_puts("\n");
    input_line = s->scrolled + (uint64_t)s->cy;
    input_col = s->cx;
    input_redraw(false);
}

/* Tab completes a command name, an app's name after "run", or else a
 * path on the disk. */
static void complete(void)
{
    static struct tabula_app_info apps[APPS_MAX];
    const char *words[APPS_MAX + NAMES_MAX];
    int n = 0, index;
    size_t len;

    edit_current_word(&editor, &len, &index);
    if (index == 0) {
        n = shell_command_names(words, NAMES_MAX);
    } else if (strncmp(editor.buf, "run ", 4) == 0 && index == 1) {
        int napps = tabula->app_list(apps, APPS_MAX);
        for (int i = 0; i < napps; i++)
            if (strcmp(apps[i].name, "monitor") != 0)
                words[n++] = apps[i].name;
    } else {
        const char *word = edit_current_word(&editor, &len, &index);
        n = files_complete(word, len, words, FILES_COMPLETE_MAX);
    }
    int matches = edit_complete(&editor, words, n);
    if (matches > 1 && editor.tabs > 1) {
        /* A second Tab lists the candidates under the line. */
        const char *word = edit_current_word(&editor, &len, &index);
        input_redraw(true);
        term_puts("\n");
        for (int i = 0; i < n; i++)
            if (strncmp(words[i], word, len) == 0)
                term_printf("%s%s  ", term_style(TERM_CYAN), words[i]);
        term_printf("%s\n", term_style(TERM_RESET));
        tabline_prompt();
        return;
    }
    input_redraw(false);
}

void tabline_key(const struct key *k)
{
    switch (edit_key(&editor, k)) {
    case EDIT_CHANGED:
        input_redraw(false);
        break;
    case EDIT_ENTER:
        /* The editor has moved on; draw the entered line as typed. */
        strcpy(editor.buf, editor.line);
        editor.len = editor.cursor = strlen(editor.buf);
        input_redraw(true);
        edit_clear(&editor);
        term_puts("\n");
        histfile_add(HISTFILE_SHELL, editor.line);
        shell_enter(editor.line);
        break;
    case EDIT_INTERRUPT:
        term_printf("%s^C%s\n", term_style(TERM_DIM), term_style(TERM_RESET));
        shell_enter(NULL);
        break;
    case EDIT_COMPLETE:
        complete();
        break;
    case EDIT_EOF:
    case EDIT_NONE:
        break;
    }
}
