/*
 * edit.h: the shell's line editor in the tabbed console, fed keys (keys.h)
 * rather than bytes. Left and right, Home and End (not Ctrl-A and Ctrl-E:
 * Ctrl-A is the console's prefix key), Backspace and Delete,
 * Ctrl-U (to the start), Ctrl-K (to the end), Ctrl-W (the word before the
 * cursor), Up and Down through the history, Tab for completion (the caller
 * completes, see edit_complete), Enter, Ctrl-C to abandon the line and
 * Ctrl-D on an empty line to end the input. Drawing is the caller's: it
 * redraws the line when told it changed. An app's tab in line mode edits
 * with it too (tabkeys.c).
 */
#ifndef MONITOR_EDIT_H
#define MONITOR_EDIT_H

#include <stdbool.h>
#include <stddef.h>

#include "history.h"
#include "keys.h"

#define EDIT_MAX HISTORY_LINE_MAX

enum edit_event {
    EDIT_NONE,      /* nothing to redraw */
    EDIT_CHANGED,   /* the text or the cursor moved: redraw */
    EDIT_ENTER,     /* a line is done: see line; the editor is empty again */
    EDIT_INTERRUPT, /* Ctrl-C: the editor is empty again */
    EDIT_COMPLETE,  /* Tab: complete the word before the cursor */
    EDIT_EOF,       /* Ctrl-D on an empty line: the end of the input */
};

struct edit {
    char buf[EDIT_MAX];
    size_t len, cursor;
    char line[EDIT_MAX];                 /* the last line entered */
    struct history history;              /* entered lines, for Up and Down */
    int browse;                          /* history line shown, history.count when none */
    char draft[EDIT_MAX];                /* the line being typed before browsing */
    int tabs;                            /* Tab presses in a row */
    bool after_cr;                       /* the last key was CR: a LF now is its CRLF */
};

void edit_init(struct edit *e);
/* Clears the line (keeps the history). */
void edit_clear(struct edit *e);
/* Starts the history over as h (an app's last run, a file). */
void edit_set_history(struct edit *e, const struct history *h);
enum edit_event edit_key(struct edit *e, const struct key *k);
/* Inserts text at the cursor. */
void edit_insert(struct edit *e, const char *text);

/*
 * Completion: the word before the cursor (from the last space) is looked
 * up among candidates. Returns how many match; when one or more do, their
 * longest common extension is inserted (with a space after a unique
 * match).
 */
int edit_complete(struct edit *e, const char *const *candidates, int count);
/* The word before the cursor and its index among the line's words. */
const char *edit_current_word(const struct edit *e, size_t *len, int *index);

#endif
