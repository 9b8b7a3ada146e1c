/*
 * history.h: lines typed at a prompt, kept for Up and Down. A history is a
 * fixed list of the last HISTORY_LINES lines, oldest first. The Monitor
 * keeps one per app name (and one for its own shell) in a small table, so
 * a new tab of the same app starts with what the last run was given; the
 * table's least recently used name makes room for a new one.
 *
 * The file format (histfile.c saves it on the disk): one line per entry,
 * each ended by "\n", oldest first. Parsing keeps only lines a person could
 * have typed: printable ASCII, shorter than HISTORY_LINE_MAX, not empty,
 * not starting with a space. Anything else is junk and skipped, never an
 * error: a history file is a convenience.
 *
 * Pure (no system calls), so the host tests link it.
 */
#ifndef MONITOR_HISTORY_H
#define MONITOR_HISTORY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define HISTORY_LINES 32
#define HISTORY_LINE_MAX 256 /* with the NUL */
#define HISTORY_NAMES 8      /* app names remembered in one boot */
#define HISTORY_NAME_MAX 16  /* TABULA_NAME_MAX */

struct history {
    int count; /* lines kept, newest last */
    char lines[HISTORY_LINES][HISTORY_LINE_MAX];
};

/*
 * Whether a line belongs in a history: not empty, printable ASCII, fits,
 * and does not start with a space (a line typed with a space first is
 * kept out on purpose, as bash's HISTCONTROL=ignorespace does: a password,
 * a secret).
 */
bool history_wanted(const char *line, size_t len);

/* Adds line, unless it is unwanted or repeats the newest; the oldest goes
 * when the list is full. True when it was added. */
bool history_add(struct history *h, const char *line);

/*
 * Adds the lines of a history file's text, len bytes, to h. The text may
 * start in the middle of a line (the tail of a long file): with
 * mid_line, everything up to the first "\n" is dropped. A last line
 * without its "\n" counts (a write cut short). Returns how many lines
 * were skipped as junk.
 */
int history_parse(struct history *h, const char *text, size_t len, bool mid_line);

/* Writes h as a history file's text into out (cap bytes); returns the
 * length, at most HISTORY_LINES * HISTORY_LINE_MAX. */
size_t history_format(const struct history *h, char *out, size_t cap);

/* The table of histories by name. */
struct history_named {
    char name[HISTORY_NAME_MAX]; /* empty: a free entry */
    uint64_t used;               /* when last asked for, for the LRU */
    bool loaded;                 /* its file has been read (histfile.c) */
    uint32_t file_bytes;         /* how long its file is, as far as we know */
    struct history h;
};

/* The entry for name; a new, empty one (loaded false) when it has none,
 * in a free entry or else in place of the least recently used. */
struct history_named *history_named(const char *name);

#endif
