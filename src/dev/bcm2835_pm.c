/*
 * bcm2835_pm.c: the power manager's watchdog, the Pi's only way to reset
 * itself. A reset with the "boot partition" field of RSTS set to 63 is the
 * convention Linux and the firmware share for "halt": bootcode.bin sees it
 * and stops, which is the nearest a Pi 3 comes to powering off. QEMU's
 * model exits on it. Every write carries the power manager's password.
 */
#include "bcm2835_pm.h"

#define RSTC 0x1c
#define RSTS 0x20
#define WDOG 0x24
#define PASSWORD 0x5a000000u
#define RSTC_WRCFG_MASK 0x30u
#define RSTC_FULL_RESET 0x20u
#define RSTS_PARTITION_MASK 0x555u   /* partition bits are every other bit */
#define RSTS_PARTITION_HALT 0x555u   /* partition 63 */
#define WDOG_TICKS 10                /* ~150 us */

static volatile uint32_t *pm;

void bcm2835_pm_init(uintptr_t base)
{
    pm = (volatile uint32_t *)base;
}

void bcm2835_pm_reset(bool halt)
{
    if (!pm)
        return;
    uint32_t rsts = pm[RSTS / 4] & ~RSTS_PARTITION_MASK;
    if (halt)
        rsts |= RSTS_PARTITION_HALT;
    pm[RSTS / 4] = PASSWORD | (rsts & 0xffffffu);
    pm[WDOG / 4] = PASSWORD | WDOG_TICKS;
    pm[RSTC / 4] = PASSWORD | (pm[RSTC / 4] & 0xffffffu & ~RSTC_WRCFG_MASK) | RSTC_FULL_RESET;
    for (volatile unsigned i = 0; i < 100000000u; i++)
        ;
}
