/*
 * clock.h: the monotonic clock, in nanoseconds since boot, derived from the
 * arch counter (10 MHz on QEMU virt, 62.5 MHz on the Pi 3's generic timer).
 */
#ifndef CLOCK_H
#define CLOCK_H

#include <stdint.h>

/* Makes "now" the clock's zero. The board calls it as early as it can, so
 * that times since boot (uptime, log stamps) include the board's own
 * setup; without it, clock_init does. */
void clock_mark_boot(void);
void clock_init(void);
uint64_t clock_ns(void);
/* clock_ns() at the moment arch_counter() read counter (not before boot). */
uint64_t clock_ns_of(uint64_t counter);
/* The counter value at which clock_ns() reaches ns (saturating). */
uint64_t clock_counter_at(uint64_t ns);

#endif
