/*
 * tabline.h: the shell tab's input line in the tabbed console: the prompt,
 * the line editor (edit.h) with history and completion, drawn into the
 * shell tab. An entered line goes to shell_enter, and to the shell's
 * history (histfile.h), which the editor starts with at boot. Drawing an
 * edited line is shared with apps' tabs in line mode (tabkeys.c).
 */
#ifndef MONITOR_TABLINE_H
#define MONITOR_TABLINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "edit.h"
#include "keys.h"
#include "surface.h"

void tabline_init(void);
/* Starts a new input line where the shell tab's output ends. */
void tabline_prompt(void);
/* Prints the prompt alone (before an echoed boot command). */
void tabline_prompt_text(void);
/* A key typed in the shell tab. */
void tabline_key(const struct key *k);

/* Moves s's cursor to where an edited line begins (line counted from the
 * surface's start, so scrolling does not lose it; col) and erases from
 * there on, before the line is drawn again. */
void tabline_place(struct surface *s, uint64_t line, int col);
/* Writes e's text through write (into s), leaving the cursor where the
 * editor has it, or at the end. */
void tabline_text(struct surface *s, void (*write)(void *ctx, const char *buf, size_t len),
                  void *ctx, const struct edit *e, bool cursor_at_end);

#endif
