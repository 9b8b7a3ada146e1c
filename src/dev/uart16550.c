/*
 * uart16550.c: the NS16550A UART driver. Transmit is polled (the console
 * must work with interrupts off); receive is interrupt driven: the "data
 * ready" interrupt fires and the handler drains the receive FIFO into the
 * console's input ring.
 */
#include "uart16550.h"

#include <stdint.h>

#include "console.h"
#include "keyev.h"
#include "irq.h"

#define RBR 0 /* receive buffer (read) */
#define THR 0 /* transmit holding (write) */
#define IER 1 /* interrupt enable */
#define FCR 2 /* FIFO control (write) */
#define LCR 3 /* line control */
#define MCR 4 /* modem control */
#define LSR 5 /* line status */

#define IER_RX_AVAILABLE 0x01
#define FCR_ENABLE_AND_CLEAR 0x07
#define LCR_8N1 0x03
#define MCR_OUT2 0x08 /* gates the interrupt line on PC-style boards */
#define LSR_DATA_READY 0x01
#define LSR_THR_EMPTY 0x20

struct uart16550 {
    volatile uint8_t *regs;
};

static struct uart16550 uart0;

static void uart_put(void *dev, char c)
{
    struct uart16550 *u = dev;
    while (!(u->regs[LSR] & LSR_THR_EMPTY))
        ;
    u->regs[THR] = (uint8_t)c;
}

static void uart_interrupt(void *dev)
{
    struct uart16550 *u = dev;
    while (u->regs[LSR] & LSR_DATA_READY) {
        char c = (char)u->regs[RBR];
        keyev_serial(c);
        console_input(c);
    }
}

static const struct console_ops uart_console = {
    .put = uart_put,
};

int uart16550_init(uintptr_t base, unsigned irq)
{
    struct uart16550 *u = &uart0;
    u->regs = (volatile uint8_t *)base;
    u->regs[IER] = 0;
    u->regs[LCR] = LCR_8N1;
    u->regs[FCR] = FCR_ENABLE_AND_CLEAR;
    u->regs[MCR] = MCR_OUT2;
    console_attach(&uart_console, u);
    if (irq && irq_attach(irq, uart_interrupt, u) == 0)
        u->regs[IER] = IER_RX_AVAILABLE;
    return 0;
}
