/*
 * clock.c: counter ticks to nanoseconds without 128-bit division. The
 * conversion splits ticks into whole seconds and a remainder so the
 * multiplication cannot overflow for any counter value below 2^64 at
 * frequencies up to ~18 GHz.
 */
#include "clock.h"

#include "arch.h"

static uint64_t counter_hz = 1;
static uint64_t counter_at_boot;

void clock_mark_boot(void)
{
    counter_at_boot = arch_counter();
}

void clock_init(void)
{
    counter_hz = arch_counter_hz();
    if (!counter_hz)
        counter_hz = 1;
    if (!counter_at_boot)
        counter_at_boot = arch_counter();
}

uint64_t clock_ns_of(uint64_t counter)
{
    uint64_t ticks = counter > counter_at_boot ? counter - counter_at_boot : 0;
    return ticks / counter_hz * 1000000000u +
           ticks % counter_hz * 1000000000u / counter_hz;
}

uint64_t clock_ns(void)
{
    return clock_ns_of(arch_counter());
}

uint64_t clock_counter_at(uint64_t ns)
{
    uint64_t secs = ns / 1000000000u, rest = ns % 1000000000u;
    if (secs > UINT64_MAX / counter_hz / 2)
        return UINT64_MAX;
    return counter_at_boot + secs * counter_hz +
           rest * counter_hz / 1000000000u;
}
