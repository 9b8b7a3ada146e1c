/* bcm2835_pm.h: the Pi's power manager watchdog: reboot and halt. */
#ifndef BCM2835_PM_H
#define BCM2835_PM_H

#include <stdbool.h>
#include <stdint.h>

void bcm2835_pm_init(uintptr_t base);
/* Resets the SoC through the watchdog. With halt, the firmware stops after
 * the reset instead of booting again (and QEMU's raspi3b exits). Returns
 * only if the reset has not happened yet after a while. */
void bcm2835_pm_reset(bool halt);

#endif
