/*
 * bcm2835_sdhci.h: the Pi's SD card (the Arasan SDHCI controller); a card
 * found is handed to storage.c as the block device "sd0".
 */
#ifndef BCM2835_SDHCI_H
#define BCM2835_SDHCI_H

#include <stdint.h>

/* Brings up the controller at base and the card in it; a task's waits
 * sleep until interrupt line irq (0: none, they poll). 0, or a negative
 * TABULA_E* code with the reason logged. */
int bcm2835_sdhci_probe(uintptr_t base, unsigned irq);

#endif
