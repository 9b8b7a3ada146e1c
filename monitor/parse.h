/*
 * parse.h: turning what the user typed into values: sizes, numbers, words
 * and ';'-separated command lists. Pure functions with no I/O, so they also
 * build on the host for unit tests.
 */
#ifndef MONITOR_PARSE_H
#define MONITOR_PARSE_H

#include <stdbool.h>
#include <stdint.h>

/*
 * Parses a memory size: decimal digits ("1048576"), hex ("0x100000"), or
 * decimal with a binary suffix K, M or G in either case ("64K", "1m"). Returns
 * false for an empty string, trailing junk, zero, or a value over 2^63.
 */
bool parse_size(const char *text, uint64_t *out);

/* Parses a plain decimal number no larger than max; no sign, no junk. */
bool parse_number(const char *text, unsigned long max, unsigned long *out);

/*
 * Splits line in place into at most max words, separated by spaces or tabs.
 * A word may be quoted with '...' or "..." to hold spaces; the quotes are
 * removed. Returns the number of words, or -1 with *error set to a short
 * reason ("too many words", "unterminated quote").
 */
int parse_words(char *line, char **words, int max, const char **error);

/*
 * Returns the next command from a ';'-separated list starting at *cursor,
 * with surrounding blanks trimmed, and moves *cursor past it. Writes a NUL
 * over the ';'. A ';' inside '...' or "..." belongs to the command. Empty
 * commands are skipped; NULL means the list is done.
 */
char *parse_next_command(char **cursor);

/* True when word is an environment assignment, NAME=value: a name of
 * letters, digits and '_' not starting with a digit, then '='. */
bool parse_env_assignment(const char *word);

#endif
