/*
 * bcm2835_systimer.h: the BCM2835 system timer, a free-running 1 MHz
 * counter with four compare channels, used here for a periodic callback
 * (the USB keyboard's polling) apart from the scheduler's own timer.
 */
#ifndef BCM2835_SYSTIMER_H
#define BCM2835_SYSTIMER_H

#include <stdint.h>

/*
 * Calls fn(arg) in interrupt context every period_us microseconds, on
 * compare channel 1 (0 and 2 belong to the VideoCore's firmware), whose
 * interrupt is line irq at the interrupt controller. Returns 0 or a
 * negative TABULA_E* code.
 */
int bcm2835_systimer_every(uintptr_t base, unsigned irq, uint32_t period_us,
                           void (*fn)(void *arg), void *arg);

#endif
