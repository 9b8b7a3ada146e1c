/*
 * bcm2835_intc.c: the BCM2835's interrupt controller, which the BCM2837
 * keeps for its peripherals (the "GPU" interrupts, 64 of them, plus a few
 * ARM-side ones this driver does not use). A line is enabled by writing
 * its bit to an enable register and disabled through a separate disable
 * register, so no read-modify-write is needed. The devices clear their
 * own lines; the controller only reports them.
 */
#include "bcm2835_intc.h"

#include "hart.h"
#include "irq.h"
#include "tabula.h"
#include "task.h"
#include "trace.h"

#define PENDING(bank) (0x04 + 4 * (bank))   /* GPU IRQs 0-31, 32-63 */
#define ENABLE(bank) (0x10 + 4 * (bank))
#define DISABLE(bank) (0x1c + 4 * (bank))
#define DISABLE_BASIC 0x24
#define NIRQ 64

struct intc_handler {
    void (*fn)(void *arg);
    void *arg;
};

static volatile uint8_t *intc;
static struct intc_handler handlers[NIRQ];

static volatile uint32_t *reg(uintptr_t offset)
{
    return (volatile uint32_t *)(intc + offset);
}

/* Starts with every line off: whatever the firmware left enabled has no
 * handler here. */
void bcm2835_intc_init(uintptr_t base)
{
    intc = (volatile uint8_t *)base;
    *reg(DISABLE(0)) = 0xffffffffu;
    *reg(DISABLE(1)) = 0xffffffffu;
    *reg(DISABLE_BASIC) = 0xffffffffu;
}

int irq_attach(unsigned irq, void (*fn)(void *arg), void *arg)
{
    if (!intc || irq >= NIRQ)
        return -TABULA_EINVAL;
    handlers[irq].fn = fn;
    handlers[irq].arg = arg;
    *reg(ENABLE(irq / 32)) = 1u << (irq % 32);
    return 0;
}

void bcm2835_intc_dispatch(void)
{
    for (unsigned bank = 0; bank < 2; bank++) {
        uint32_t pending = *reg(PENDING(bank));
        while (pending) {
            unsigned irq = bank * 32 + (unsigned)__builtin_ctz(pending);
            pending &= pending - 1;
            struct hart *h = arch_hart_self();
            trace_event(h, TABULA_TRACE_IRQ, h->current ? h->current->id : 0, irq);
            if (handlers[irq].fn)
                handlers[irq].fn(handlers[irq].arg);
        }
    }
}
