/*
 * irq.h: device interrupts. The arch layer owns the interrupt controller
 * (the PLIC on virt) and calls the handler a driver attached.
 */
#ifndef IRQ_H
#define IRQ_H

/* Routes interrupt line irq to fn(arg) on the boot hart. Returns 0, or
 * -TABULA_EINVAL for a line the controller does not have. */
int irq_attach(unsigned irq, void (*fn)(void *arg), void *arg);

#endif
