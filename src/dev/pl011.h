/* pl011.h: the ARM PL011 UART as the kernel console (the Pi's serial0). */
#ifndef PL011_H
#define PL011_H

#include <stdint.h>

/* Takes over the console at 115200 8N1 (clock_hz: the UART's reference
 * clock; 0 keeps the divisor the firmware set). Receive interrupts arrive
 * on irq (0: none). */
int pl011_init(uintptr_t base, uint32_t clock_hz, unsigned irq);

/* Polled output before the driver is set up, for the earliest messages:
 * console_set_early(pl011_early_put) after pl011_early(base). */
void pl011_early(uintptr_t base);
void pl011_early_put(char c);

#endif
