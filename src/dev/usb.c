/*
 * usb.c: enumeration (USB 2.0, 9.1.2): a device after its port's reset
 * answers at address 0 with an endpoint 0 of at least 8 bytes; read the
 * first 8 bytes of its device descriptor to learn the real size, give it
 * an address, then read the rest. Strings are UTF-16; only their ASCII
 * survives into the name. Enumeration runs once, at boot, so its delays
 * are busy waits.
 */
#include "usb.h"

#include <stdio.h>
#include <string.h>

#include "clock.h"
#include "usb_hub.h"
#include "tabula.h"

#define LANG_EN_US 0x0409
#define POLL_ROUNDS 16 /* reports read in one tick at most */
#define REPORT_MAX 64

struct usb_device_descriptor {
    uint8_t length, type;
    uint16_t usb;
    uint8_t class, subclass, protocol, mps0;
    uint16_t vendor, product, device;
    uint8_t manufacturer_string, product_string, serial_string, configurations;
} __attribute__((packed));

int usb_request_in(struct usb_device *d, uint8_t type, uint8_t request, uint16_t value,
                   uint16_t index, void *buf, uint16_t len)
{
    struct usb_setup s = {(uint8_t)(type | USB_DIR_IN), request, value, index, len};
    return d->host->control(d->host, d, &s, buf);
}

static int get_descriptor(struct usb_device *d, uint8_t type, uint8_t index,
                          uint16_t lang, void *buf, uint16_t len)
{
    return usb_request_in(d, 0, USB_REQ_GET_DESCRIPTOR, (uint16_t)(type << 8 | index),
                          lang, buf, len);
}

void usb_delay_ms(unsigned ms)
{
    uint64_t end = clock_ns() + (uint64_t)ms * 1000000;
    while (clock_ns() < end)
        ;
}

int usb_request(struct usb_device *d, uint8_t type, uint8_t request, uint16_t value,
                uint16_t index)
{
    struct usb_setup s = {type, request, value, index, 0};
    return d->host->control(d->host, d, &s, 0);
}

/* The product string's ASCII characters, or "" if there is none. */
static void read_name(struct usb_device *d, uint8_t index)
{
    uint8_t buf[128];
    d->name[0] = 0;
    if (!index)
        return;
    int n = get_descriptor(d, USB_DT_STRING, index, LANG_EN_US, buf, sizeof buf);
    if (n < 2 || buf[1] != USB_DT_STRING)
        return;
    size_t out = 0;
    for (int i = 2; i + 1 < n && i < buf[0] && out + 1 < sizeof d->name; i += 2)
        d->name[out++] = buf[i + 1] == 0 && buf[i] >= 0x20 && buf[i] < 0x7f ? (char)buf[i] : '?';
    d->name[out] = 0;
}

int usb_enumerate(struct usb_host *host, struct usb_device *d, enum usb_speed speed,
                  uint8_t address, char *err, size_t errlen)
{
    struct usb_device_descriptor dd;
    memset(d, 0, sizeof *d);
    d->host = host;
    d->speed = speed;
    d->mps0 = speed == USB_SPEED_HIGH ? 64 : 8;
    int n = get_descriptor(d, USB_DT_DEVICE, 0, 0, &dd, 8);
    if (n < 8 || dd.type != USB_DT_DEVICE) {
        snprintf(err, errlen, "no device descriptor at address 0 (%d)", n);
        return n < 0 ? n : -TABULA_EINVAL;
    }
    if (dd.mps0 != 8 && dd.mps0 != 16 && dd.mps0 != 32 && dd.mps0 != 64) {
        snprintf(err, errlen, "endpoint 0 of %u bytes", dd.mps0);
        return -TABULA_EINVAL;
    }
    d->mps0 = dd.mps0;
    n = usb_request(d, 0, USB_REQ_SET_ADDRESS, address, 0);
    if (n < 0) {
        snprintf(err, errlen, "SET_ADDRESS %u refused (%d)", address, n);
        return n;
    }
    d->address = address;
    n = get_descriptor(d, USB_DT_DEVICE, 0, 0, &dd, sizeof dd);
    if (n < (int)sizeof dd) {
        snprintf(err, errlen, "a short device descriptor at address %u (%d)", address, n);
        return n < 0 ? n : -TABULA_EINVAL;
    }
    d->vendor = dd.vendor;
    d->class = dd.class;
    d->product = dd.product;
    read_name(d, dd.product_string);
    return 0;
}

int usb_config(struct usb_device *d, uint8_t *buf, size_t len, char *err, size_t errlen)
{
    int n = get_descriptor(d, USB_DT_CONFIG, 0, 0, buf, 9);
    if (n < 9 || buf[1] != USB_DT_CONFIG) {
        snprintf(err, errlen, "no configuration descriptor (%d)", n);
        return n < 0 ? n : -TABULA_EINVAL;
    }
    uint16_t total = (uint16_t)(buf[2] | buf[3] << 8);
    if (total > len)
        total = (uint16_t)len;
    n = get_descriptor(d, USB_DT_CONFIG, 0, 0, buf, total);
    if (n < 9) {
        snprintf(err, errlen, "the configuration descriptor went short (%d)", n);
        return n < 0 ? n : -TABULA_EINVAL;
    }
    return n;
}

int usb_scan(struct usb_host *host, enum usb_speed speed, struct usb_device *out, int max,
             char *err, size_t errlen)
{
    static struct usb_device root;
    uint8_t next = 1;
    if (max < 1)
        return 0;
    int rc = usb_enumerate(host, &root, speed, next++, err, errlen);
    if (rc < 0)
        return rc;
    if (root.class != USB_CLASS_HUB) {
        out[0] = root;
        return 1;
    }
    return usb_hub_scan(&root, out, max, &next, err, errlen);
}

int usb_pipe_start(struct usb_pipe *p, unsigned interval)
{
    /* bInterval is in frames (ms) for low and full speed; a high-speed
     * device's is 2^(n-1) microframes. */
    unsigned ms = p->dev->speed == USB_SPEED_HIGH ? (1u << (interval ? interval - 1 : 0)) / 8
                                                  : interval;
    if (p->len > REPORT_MAX)
        p->len = REPORT_MAX;
    p->dev->host->interrupt_start(p->dev->host, p->pipe, p->dev, p->endpoint, p->mps, p->len,
                                  p->toggle);
    return ms < 8 ? 8 : ms > 16 ? 16 : (int)ms;
}

void usb_pipe_poll(struct usb_pipe *p, void (*got)(const uint8_t *report, unsigned n))
{
    uint8_t report[REPORT_MAX];
    struct usb_host *h = p->dev->host;
    /* A controller that finishes at once (QEMU's) is asked again while
     * reports keep coming: a HID device queues its changes, one a report,
     * and typing faster than one change an interval must not overflow
     * that queue. Real hardware answers in the next frame, so its report
     * is read at the next tick. */
    for (int round = 0; round < POLL_ROUNDS; round++) {
        int n = h->interrupt_finish(h, p->pipe, report, sizeof report);
        if (n == -TABULA_EAGAIN)
            return; /* still in flight: next time */
        if (n > 0) {
            p->toggle ^= 1;
            got(report, (unsigned)n);
        }
        h->interrupt_start(h, p->pipe, p->dev, p->endpoint, p->mps, p->len, p->toggle);
        if (n <= 0 && round > 0)
            return; /* a NAK: nothing more to read */
    }
}
