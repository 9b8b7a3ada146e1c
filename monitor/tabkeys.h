/*
 * tabkeys.h: the tabbed console's keys. Every key the terminal sends goes
 * through tabkeys_key: the console's bindings first, then the focused tab.
 */
#ifndef MONITOR_TABKEYS_H
#define MONITOR_TABKEYS_H

#include <stdbool.h>

#include "keys.h"

void tabkeys_key(const struct key *k);
/* Ctrl-A was pressed and waits for its second key. */
bool tabkeys_prefix(void);
/* The help box is open (any key closes it). */
bool tabkeys_help(void);

#endif
