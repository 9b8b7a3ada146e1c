/*
 * walltime.h: the wall clock. The kernel's monotonic clock (clock.h) plus
 * an offset, set once at boot from the board's RTC where there is one (the
 * goldfish RTC on virt) or later by whoever learns the date (the Pi has no
 * RTC: the storage stack sets it from the newest timestamp on the disk).
 */
#ifndef WALLTIME_H
#define WALLTIME_H

#include <stdint.h>

struct platform_info;

/* Reads the board's RTC, if it has one. After clock_init. */
void walltime_init(const struct platform_info *p);

/* Nanoseconds since 1970-01-01 UTC, or 0 when the machine has no clock
 * and nothing has set it yet. */
uint64_t walltime_ns(void);

/* Sets the clock (the Pi has no RTC: the storage stack sets it from the
 * newest timestamp on the disk, if that is later than what it has). */
void walltime_set_ns(uint64_t ns);

#endif
