/* uart16550.h: the NS16550A serial port as the kernel console. */
#ifndef UART16550_H
#define UART16550_H

#include <stdint.h>

/* Takes over the console; receive interrupts arrive on irq (0: none). */
int uart16550_init(uintptr_t base, unsigned irq);

#endif
