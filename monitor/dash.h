/*
 * dash.h: the status tab, a live dashboard of the machine in the manner of
 * an operator's console: the tasks with their state, memory, CPU share and
 * a row of lamps showing each one's switch counter in binary (the
 * System/360's register lights); the slot map as a coloured bar; the
 * kernel heap; and the last lines of the log.
 */
#ifndef MONITOR_DASH_H
#define MONITOR_DASH_H

#include "ui.h"
#include "vt.h"

/* Redraws the dashboard onto vt's surface from fresh syscalls. */
void dash_refresh(struct vt *vt);
/* The few figures the status line shows: harts, memory, tasks. */
void dash_facts(struct ui_facts *f);

#endif
