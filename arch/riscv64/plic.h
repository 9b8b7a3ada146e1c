/* plic.h: the RISC-V PLIC driver (irq.h's implementation on virt). */
#ifndef PLIC_H
#define PLIC_H

#include <stdint.h>

void plic_init(uintptr_t base, unsigned ndev, unsigned hart);
/* Claims and handles every pending source, from the external interrupt. */
void plic_dispatch(void);

#endif
