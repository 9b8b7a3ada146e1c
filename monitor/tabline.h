/*
 * tabline.h: the shell tab's input line in the tabbed console: the prompt,
 * the line editor (edit.h) with history and completion, drawn into the
 * shell tab. An entered line goes to shell_enter.
 */
#ifndef MONITOR_TABLINE_H
#define MONITOR_TABLINE_H

#include "keys.h"

void tabline_init(void);
/* Starts a new input line where the shell tab's output ends. */
void tabline_prompt(void);
/* Prints the prompt alone (before an echoed boot command). */
void tabline_prompt_text(void);
/* A key typed in the shell tab. */
void tabline_key(const struct key *k);

#endif
