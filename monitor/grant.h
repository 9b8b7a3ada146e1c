/*
 * grant.h: which capabilities the Monitor gives the apps it runs. The
 * kernel only enforces what a spawner grants; deciding is the Monitor's job.
 */
#ifndef MONITOR_GRANT_H
#define MONITOR_GRANT_H

#include <stddef.h>
#include <stdint.h>

#include "tabula.h"

/*
 * The capabilities app gets: those it declares in its ELF note
 * (TABULA_APP_CAPS), except POWER, which stays with the Monitor so that
 * only the person at the prompt halts the machine. 0 for an app that
 * declares none or is not in the archive.
 */
uint32_t grant_caps(const char *app);

/* Says on the console what app was granted (nothing when it got nothing). */
void grant_report(const char *app, uint32_t granted);

/* The task name app runs as: "/bin/hello.elf" runs as "hello". */
void grant_app_name(const char *app, char *out, size_t cap);

/* Reads run's --fs PATH:ro|rw into out; -1 after saying what is wrong. */
int grant_parse(const char *spec, struct tabula_grant *out);

/*
 * The files app may see: its own /data/NAME read-write (made here on its
 * first run, when a writable volume is mounted), then fs[0..nfs) as the
 * user asked with --fs. Fills out; returns how many. Says what it granted
 * when the user asked for more.
 */
int grant_files(const char *app, const struct tabula_grant *fs, int nfs,
                struct tabula_grant out[TABULA_GRANT_MAX]);

#endif
