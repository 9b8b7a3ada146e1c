/* bcm2835_intc.h: the BCM2835 interrupt controller (irq.h's implementation
 * on the Pi). Interrupt numbers are the GPU's, 0-63: the PL011 is 57. */
#ifndef BCM2835_INTC_H
#define BCM2835_INTC_H

#include <stdint.h>

void bcm2835_intc_init(uintptr_t base);
/* Handles every pending, attached GPU interrupt. */
void bcm2835_intc_dispatch(void);

#endif
