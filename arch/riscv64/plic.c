/*
 * plic.c: the Platform-Level Interrupt Controller on QEMU virt. Devices
 * raise numbered sources; the PLIC routes enabled sources above a priority
 * threshold to a hart context. Each hart has an M-mode and an S-mode
 * context; on virt the S-mode context of hart h is 2h+1.
 */
#include "plic.h"

#include "hart.h"
#include "irq.h"
#include "tabula.h"
#include "task.h"
#include "trace.h"

#define PLIC_PRIORITY(irq) (4 * (irq))
#define PLIC_ENABLE(ctx) (0x2000 + 0x80 * (ctx))
#define PLIC_THRESHOLD(ctx) (0x200000 + 0x1000 * (ctx))
#define PLIC_CLAIM(ctx) (0x200004 + 0x1000 * (ctx))
#define PLIC_MAX_IRQ 128

struct plic_handler {
    void (*fn)(void *arg);
    void *arg;
};

static volatile uint8_t *plic;
static unsigned plic_ndev;
static unsigned boot_context;
static struct plic_handler handlers[PLIC_MAX_IRQ];

static volatile uint32_t *reg(uintptr_t offset)
{
    return (volatile uint32_t *)(plic + offset);
}

void plic_init(uintptr_t base, unsigned ndev, unsigned hart)
{
    plic = (volatile uint8_t *)base;
    plic_ndev = ndev < PLIC_MAX_IRQ ? ndev : PLIC_MAX_IRQ - 1;
    boot_context = 2 * hart + 1;
    if (plic)
        *reg(PLIC_THRESHOLD(boot_context)) = 0;
}

int irq_attach(unsigned irq, void (*fn)(void *arg), void *arg)
{
    if (!plic || irq == 0 || irq > plic_ndev)
        return -TABULA_EINVAL;
    handlers[irq].fn = fn;
    handlers[irq].arg = arg;
    *reg(PLIC_PRIORITY(irq)) = 1;
    *reg(PLIC_ENABLE(boot_context) + 4 * (irq / 32)) |= 1u << (irq % 32);
    return 0;
}

void plic_dispatch(void)
{
    if (!plic)
        return;
    uint32_t irq;
    while ((irq = *reg(PLIC_CLAIM(boot_context))) != 0) {
        struct hart *h = arch_hart_self();
        trace_event(h, TABULA_TRACE_IRQ, h->current ? h->current->id : 0, irq);
        if (irq < PLIC_MAX_IRQ && handlers[irq].fn)
            handlers[irq].fn(handlers[irq].arg);
        *reg(PLIC_CLAIM(boot_context)) = irq;
    }
}
