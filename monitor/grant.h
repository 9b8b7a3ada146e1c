/*
 * grant.h: which capabilities the Monitor gives the apps it runs. The
 * kernel only enforces what a spawner grants; deciding is the Monitor's job.
 */
#ifndef MONITOR_GRANT_H
#define MONITOR_GRANT_H

#include <stdint.h>

/*
 * The capabilities app gets: those it declares in its ELF note
 * (TABULA_APP_CAPS), except POWER, which stays with the Monitor so that
 * only the person at the prompt halts the machine. 0 for an app that
 * declares none or is not in the archive.
 */
uint32_t grant_caps(const char *app);

/* Says on the console what app was granted (nothing when it got nothing). */
void grant_report(const char *app, uint32_t granted);

#endif
