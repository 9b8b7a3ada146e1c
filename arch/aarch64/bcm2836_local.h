/* bcm2836_local.h: the BCM2836/7 per-core interrupt controller. */
#ifndef BCM2836_LOCAL_H
#define BCM2836_LOCAL_H

#include <stdint.h>

/* Routes the GPU (legacy controller) interrupt and core's virtual timer
 * interrupt to core. */
void bcm2836_local_init(uintptr_t base, unsigned core);
/* Routes another core's virtual timer and mailbox 0 to it, on that core. */
void bcm2836_local_init_core(unsigned core);
/* Raises mailbox 0 of core: an IRQ there. */
void bcm2836_local_kick(unsigned core);
/* Handles everything pending for the calling core, from the IRQ vector. */
void bcm2836_local_dispatch(void);

#endif
