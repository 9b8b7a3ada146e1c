/*
 * dwc2.c: the DesignWare OTG controller as a USB host, one root port, the
 * controller's DMA moving the data (QEMU's model implements only that).
 * Each transfer goes through a host channel: program its characteristics
 * (device, endpoint, type, max packet), its size and packet ID, the DMA
 * address, enable it, and wait until it halts; its interrupt register
 * then says how (done, NAK, STALL, error). Channel 0 carries control
 * transfers, polled at boot; channels 1 and up the interrupt IN transfers
 * of the class drivers' pipes, started from a periodic tick and collected
 * at the next.
 *
 * DMA reads and writes RAM behind the ARM's caches: buffers are cleaned
 * before the controller reads them and invalidated after it wrote them.
 * Register offsets and bits are from the DWC2 databook's host chapters.
 */
#include "dwc2.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "arch.h"
#include "clock.h"
#include "tabula.h"

#define GUSBCFG 0x00c
#define GUSBCFG_FORCE_HOST (1u << 29)
#define GUSBCFG_FORCE_DEVICE (1u << 30)
#define GRSTCTL 0x010
#define GRSTCTL_CORE_RESET (1u << 0)
#define GRSTCTL_AHB_IDLE (1u << 31)
#define GAHBCFG 0x008
#define GAHBCFG_DMA (1u << 5)
#define GINTSTS 0x014
#define GINTSTS_HOST_MODE (1u << 0)
#define GSNPSID 0x040                /* 0x4f54xxxx: "OT" */
#define HPRT 0x440
#define HPRT_CONNECTED (1u << 0)
#define HPRT_CONNECT_CHANGED (1u << 1) /* write 1 to clear */
#define HPRT_ENABLED (1u << 2)       /* write 1 disables the port */
#define HPRT_ENABLE_CHANGED (1u << 3)
#define HPRT_OVERCURRENT_CHANGED (1u << 5)
#define HPRT_RESET (1u << 8)
#define HPRT_POWER (1u << 12)
#define HPRT_SPEED(v) (((v) >> 17) & 3)
#define HPRT_W1C (HPRT_CONNECT_CHANGED | HPRT_ENABLED | HPRT_ENABLE_CHANGED | \
                  HPRT_OVERCURRENT_CHANGED)

/* Host channel n's registers. */
#define HCCHAR(n) (0x500 + 0x20 * (n))
#define HCINT(n) (0x508 + 0x20 * (n))
#define HCINTMSK(n) (0x50c + 0x20 * (n))
#define HCTSIZ(n) (0x510 + 0x20 * (n))
#define HCDMA(n) (0x514 + 0x20 * (n))
#define HCCHAR_MPS(v) ((uint32_t)(v) & 0x7ff)
#define HCCHAR_EP(v) ((uint32_t)(v) << 11)
#define HCCHAR_IN (1u << 15)
#define HCCHAR_LOW_SPEED (1u << 17)
#define HCCHAR_TYPE(v) ((uint32_t)(v) << 18)
#define HCCHAR_ONE_PER_FRAME (1u << 20)
#define HCCHAR_ADDR(v) ((uint32_t)(v) << 22)
#define HCCHAR_ODD_FRAME (1u << 29)
#define HCCHAR_ENABLE (1u << 31)
#define HCINT_DONE (1u << 0)
#define HCINT_HALTED (1u << 1)
#define HCINT_STALL (1u << 3)
#define HCINT_NAK (1u << 4)
#define HCINT_ERRORS 0x7a4u          /* AHB, transaction, babble, overrun, toggle */
#define HCTSIZ_SIZE(v) ((uint32_t)(v) & 0x7ffff)
#define HCTSIZ_PACKETS(v) ((uint32_t)(v) << 19)
#define HCTSIZ_PID(v) ((uint32_t)(v) << 29)
#define PID_DATA0 0
#define PID_DATA1 2
#define PID_SETUP 3
#define HFNUM 0x408

#define TYPE_CONTROL 0
#define CHAN_CONTROL 0
#define CHAN_PIPE0 1              /* interrupt pipe p uses channel 1 + p */
#define BUFFER 512                   /* the longest control transfer we make */
#define TIMEOUT_NS 500000000ull      /* a transfer that takes longer failed */

struct dwc2 {
    struct usb_host host;
    volatile uint32_t *regs;
    uint32_t alias;
    unsigned interrupt_len[USB_PIPES];
    bool interrupt_busy[USB_PIPES];
};

static struct dwc2 hc;
/* DMA buffers, each on cache lines of its own. */
static uint8_t setup_buf[64] __attribute__((aligned(64)));
static uint8_t data_buf[BUFFER] __attribute__((aligned(64)));
static uint8_t interrupt_buf[USB_PIPES][64] __attribute__((aligned(64)));

static uint32_t rd(unsigned off)
{
    return hc.regs[off / 4];
}

static void wr(unsigned off, uint32_t v)
{
    hc.regs[off / 4] = v;
}

/* Waits until (reg & mask) == want; false after ms milliseconds. */
static bool wait_for(unsigned reg, uint32_t mask, uint32_t want, unsigned ms)
{
    uint64_t end = clock_ns() + (uint64_t)ms * 1000000;
    while ((rd(reg) & mask) != want)
        if (clock_ns() > end)
            return false;
    return true;
}

static uint32_t dma_address(const void *p)
{
    return (uint32_t)(uintptr_t)p | hc.alias;
}

/* Programs channel ch and enables it. */
static void channel_start(unsigned ch, uint32_t characteristics, uint32_t size,
                          unsigned pid, void *buf)
{
    uint32_t packets = 1;
    uint32_t mps = characteristics & 0x7ff;
    if (size > mps)
        packets = (size + mps - 1) / mps;
    wr(HCINT(ch), 0xffffffffu);
    wr(HCINTMSK(ch), 0x7ffu);
    wr(HCTSIZ(ch), HCTSIZ_SIZE(size) | HCTSIZ_PACKETS(packets) | HCTSIZ_PID(pid));
    wr(HCDMA(ch), dma_address(buf));
    /* Periodic transfers go out in the frame after this one. */
    if (!(rd(HFNUM) & 1))
        characteristics |= HCCHAR_ODD_FRAME;
    wr(HCCHAR(ch), characteristics | HCCHAR_ENABLE);
}

static uint32_t characteristics(const struct usb_device *d, unsigned ep, unsigned type,
                                bool in, unsigned mps)
{
    return HCCHAR_MPS(mps) | HCCHAR_EP(ep) | (in ? HCCHAR_IN : 0) |
           (d->speed == USB_SPEED_LOW ? HCCHAR_LOW_SPEED : 0) | HCCHAR_TYPE(type) |
           HCCHAR_ONE_PER_FRAME | HCCHAR_ADDR(d->address);
}

/* One stage of a control transfer, polled until the channel halts. NAKs
 * are retried (the controller does so for control endpoints). Returns the
 * bytes moved or a negative code. */
static int stage(const struct usb_device *d, bool in, unsigned pid, void *buf, uint32_t len)
{
    uint32_t ch = characteristics(d, 0, TYPE_CONTROL, in, d->mps0);
    uint64_t end = clock_ns() + TIMEOUT_NS;
    for (;;) {
        if (!in && len)
            arch_cache_clean(buf, len);
        channel_start(CHAN_CONTROL, ch, len, pid, buf);
        while (!(rd(HCINT(CHAN_CONTROL)) & HCINT_HALTED))
            if (clock_ns() > end)
                return -TABULA_EAGAIN;
        uint32_t why = rd(HCINT(CHAN_CONTROL));
        if (why & HCINT_DONE) {
            uint32_t moved = len - HCTSIZ_SIZE(rd(HCTSIZ(CHAN_CONTROL)));
            if (in && moved)
                arch_cache_invalidate(buf, moved);
            return (int)moved;
        }
        if (why & (HCINT_STALL | HCINT_ERRORS))
            return -TABULA_EINVAL;
        if (clock_ns() > end) /* halted on a NAK: try again, for a while */
            return -TABULA_EAGAIN;
    }
}

static int dwc2_control(struct usb_host *h, struct usb_device *d,
                        const struct usb_setup *setup, void *buf)
{
    bool in = setup->request_type & USB_DIR_IN;
    uint32_t len = setup->length;
    if (len > BUFFER)
        return -TABULA_EINVAL;
    memcpy(setup_buf, setup, sizeof *setup);
    int rc = stage(d, false, PID_SETUP, setup_buf, sizeof *setup);
    if (rc < 0)
        return rc;
    int moved = 0;
    if (len) {
        if (!in)
            memcpy(data_buf, buf, len);
        moved = stage(d, in, PID_DATA1, data_buf, len);
        if (moved < 0)
            return moved;
        if (in)
            memcpy(buf, data_buf, (size_t)moved);
    }
    /* Status: the other direction, no data, DATA1. */
    rc = stage(d, !(in && len), PID_DATA1, data_buf, 0);
    return rc < 0 ? rc : moved;
}

static void dwc2_interrupt_start(struct usb_host *h, unsigned pipe, struct usb_device *d,
                                 unsigned ep, unsigned mps, unsigned len, unsigned toggle)
{
    uint8_t *buf = interrupt_buf[pipe];
    hc.interrupt_len[pipe] = len < sizeof interrupt_buf[0] ? len : sizeof interrupt_buf[0];
    arch_cache_invalidate(buf, sizeof interrupt_buf[0]);
    channel_start(CHAN_PIPE0 + pipe, characteristics(d, ep, USB_ENDPOINT_INTERRUPT, true, mps),
                  hc.interrupt_len[pipe], toggle ? PID_DATA1 : PID_DATA0, buf);
    hc.interrupt_busy[pipe] = true;
}

static int dwc2_interrupt_finish(struct usb_host *h, unsigned pipe, void *buf, unsigned len)
{
    if (!hc.interrupt_busy[pipe])
        return -TABULA_EINVAL;
    uint32_t why = rd(HCINT(CHAN_PIPE0 + pipe));
    if (!(why & HCINT_HALTED))
        return -TABULA_EAGAIN;
    hc.interrupt_busy[pipe] = false;
    if (why & HCINT_DONE) {
        uint32_t moved = hc.interrupt_len[pipe] - HCTSIZ_SIZE(rd(HCTSIZ(CHAN_PIPE0 + pipe)));
        arch_cache_invalidate(interrupt_buf[pipe], sizeof interrupt_buf[0]);
        if (moved > len)
            moved = len;
        memcpy(buf, interrupt_buf[pipe], moved);
        return (int)moved;
    }
    if (why & HCINT_NAK)
        return 0;
    return -TABULA_EINVAL;
}

/* Writes HPRT without touching its write-1-to-clear bits by accident. */
static void port_write(uint32_t set, uint32_t clear)
{
    wr(HPRT, ((rd(HPRT) & ~HPRT_W1C) | set) & ~clear);
}

struct usb_host *dwc2_init(uintptr_t base, uint32_t bus_alias, enum usb_speed *speed,
                           char *err, size_t errlen)
{
    hc.regs = (volatile uint32_t *)base;
    hc.alias = bus_alias;
    hc.host = (struct usb_host){
        .control = dwc2_control,
        .interrupt_start = dwc2_interrupt_start,
        .interrupt_finish = dwc2_interrupt_finish,
    };
    if ((rd(GSNPSID) & 0xffff0000u) != 0x4f540000u) {
        snprintf(err, errlen, "no DWC2 controller (id 0x%x)", (unsigned)rd(GSNPSID));
        return 0;
    }
    if (!wait_for(GRSTCTL, GRSTCTL_AHB_IDLE, GRSTCTL_AHB_IDLE, 100)) {
        snprintf(err, errlen, "the controller's bus never went idle");
        return 0;
    }
    wr(GRSTCTL, GRSTCTL_CORE_RESET);
    if (!wait_for(GRSTCTL, GRSTCTL_CORE_RESET, 0, 100)) {
        snprintf(err, errlen, "the controller's reset did not finish");
        return 0;
    }
    wr(GUSBCFG, (rd(GUSBCFG) & ~GUSBCFG_FORCE_DEVICE) | GUSBCFG_FORCE_HOST);
    /* The databook: 25 ms for the forced mode to take. */
    usb_delay_ms(25);
    if (!wait_for(GINTSTS, GINTSTS_HOST_MODE, GINTSTS_HOST_MODE, 100)) {
        snprintf(err, errlen, "the controller did not go into host mode");
        return 0;
    }
    wr(GAHBCFG, GAHBCFG_DMA);
    port_write(HPRT_POWER, 0);
    /* A device signals its connection within 100 ms of power (7.1.7.3). */
    if (!wait_for(HPRT, HPRT_CONNECTED, HPRT_CONNECTED, 100)) {
        snprintf(err, errlen, "nothing is connected");
        return 0;
    }
    usb_delay_ms(100); /* debounce */
    port_write(HPRT_RESET, 0);
    usb_delay_ms(50);  /* root port reset: at least 50 ms (7.1.7.5) */
    port_write(0, HPRT_RESET);
    if (!wait_for(HPRT, HPRT_ENABLED, HPRT_ENABLED, 100)) {
        snprintf(err, errlen, "the port did not come up after its reset");
        return 0;
    }
    wr(HPRT, (rd(HPRT) & ~HPRT_W1C) | HPRT_CONNECT_CHANGED | HPRT_ENABLE_CHANGED);
    usb_delay_ms(10);  /* reset recovery (9.2.6.2) */
    uint32_t s = HPRT_SPEED(rd(HPRT));
    *speed = s == 0 ? USB_SPEED_HIGH : s == 1 ? USB_SPEED_FULL : USB_SPEED_LOW;
    return &hc.host;
}
