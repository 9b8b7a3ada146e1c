/*
 * pl011.c: the ARM PrimeCell PL011 UART driver. Transmit is polled (the
 * console must work with interrupts off); receive is interrupt driven: the
 * receive and receive-timeout interrupts fire, and the handler drains the
 * FIFO into the console's input ring.
 */
#include "pl011.h"

#include "console.h"
#include "keyev.h"
#include "irq.h"

#define DR 0x00    /* data */
#define FR 0x18    /* flags */
#define IBRD 0x24  /* integer baud divisor */
#define FBRD 0x28  /* fractional baud divisor, in 64ths */
#define LCRH 0x2c  /* line control */
#define CR 0x30    /* control */
#define IFLS 0x34  /* FIFO interrupt levels */
#define IMSC 0x38  /* interrupt mask (1: enabled) */
#define ICR 0x44   /* interrupt clear */

#define FR_BUSY (1u << 3)
#define FR_RXFE (1u << 4)  /* receive FIFO empty */
#define FR_TXFF (1u << 5)  /* transmit FIFO full */
#define LCRH_FEN (1u << 4)
#define LCRH_8BIT (3u << 5)
#define CR_UARTEN (1u << 0)
#define CR_TXE (1u << 8)
#define CR_RXE (1u << 9)
#define INT_RX (1u << 4)
#define INT_RT (1u << 6)   /* receive timeout: bytes wait below the level */
#define INT_ALL 0x7ffu
#define IFLS_RX_EIGHTH 0   /* interrupt at 1/8 full */

#define BAUD 115200

struct pl011 {
    volatile uint32_t *regs;
};

static struct pl011 uart0;

static volatile uint32_t *reg(struct pl011 *u, unsigned offset)
{
    return u->regs + offset / 4;
}

static void uart_put(void *dev, char c)
{
    struct pl011 *u = dev;
    while (*reg(u, FR) & FR_TXFF)
        ;
    *reg(u, DR) = (uint8_t)c;
}

void pl011_early(uintptr_t base)
{
    uart0.regs = (volatile uint32_t *)base;
}

void pl011_early_put(char c)
{
    uart_put(&uart0, c);
}

/* Clear first, then drain: a byte that lands after the last read raises
 * the interrupt again. Clearing after draining would lose it (and, on
 * QEMU, which raises RX only when the FIFO goes from empty to one byte,
 * every byte after it). */
static void uart_interrupt(void *dev)
{
    struct pl011 *u = dev;
    *reg(u, ICR) = INT_RX | INT_RT;
    while (!(*reg(u, FR) & FR_RXFE)) {
        char c = (char)*reg(u, DR);
        keyev_serial(c);
        console_input(c);
    }
}

static const struct console_ops uart_console = {
    .put = uart_put,
};

int pl011_init(uintptr_t base, uint32_t clock_hz, unsigned irq)
{
    struct pl011 *u = &uart0;
    u->regs = (volatile uint32_t *)base;
    while (*reg(u, FR) & FR_BUSY)
        ;
    *reg(u, CR) = 0;
    *reg(u, IMSC) = 0;
    *reg(u, ICR) = INT_ALL;
    if (clock_hz) {
        /* divisor = clock / (16 * baud), its fraction in 64ths, rounded */
        uint32_t div64 = (uint32_t)(((uint64_t)clock_hz * 4 + BAUD / 2) / BAUD);
        *reg(u, IBRD) = div64 >> 6;
        *reg(u, FBRD) = div64 & 63;
    }
    *reg(u, LCRH) = LCRH_8BIT | LCRH_FEN;
    *reg(u, IFLS) = IFLS_RX_EIGHTH;
    *reg(u, CR) = CR_UARTEN | CR_TXE | CR_RXE;
    console_attach(&uart_console, u);
    if (irq && irq_attach(irq, uart_interrupt, u) == 0)
        *reg(u, IMSC) = INT_RX | INT_RT;
    return 0;
}
