/*
 * usb_hub.c: ports of a hub, at boot. The hub descriptor gives the port
 * count and how long power takes to settle; each port is powered, and a
 * port with something connected is reset (the hub drives the reset and
 * says when it is done through the C_PORT_RESET change bit), which
 * enables it and tells the device's speed. The device then answers at
 * address 0 like one on the root port. No hot plugging: the status
 * change endpoint is not polled.
 *
 * A low- or full-speed device behind a high-speed hub needs split
 * transactions from the host controller, which dwc2.c does not do: such a
 * device is skipped with a message (a real Pi 3's keyboard sits behind
 * the LAN9514, a high-speed hub).
 */
#include "usb_hub.h"

#include <stdio.h>

#include "klog.h"
#include "tabula.h"

#define DT_HUB 0x29
#define FEATURE_PORT_RESET 4
#define FEATURE_PORT_POWER 8
#define FEATURE_C_PORT_CONNECTION 16
#define FEATURE_C_PORT_RESET 20
#define STATUS_CONNECTION (1u << 0)
#define STATUS_ENABLE (1u << 1)
#define STATUS_LOW_SPEED (1u << 9)
#define STATUS_HIGH_SPEED (1u << 10)
#define CHANGE_RESET (1u << 4)
#define HUB_CLASS (USB_TYPE_CLASS)
#define PORT_CLASS (USB_TYPE_CLASS | USB_RECIP_OTHER)
#define RESET_POLLS 50           /* of 10 ms: half a second */

/* The port's status (low half) and change bits (high half), or -1. */
static int64_t port_status(struct usb_device *hub, unsigned port)
{
    uint8_t st[4];
    if (usb_request_in(hub, PORT_CLASS, USB_REQ_GET_STATUS, 0, (uint16_t)port, st, 4) < 4)
        return -1;
    return (uint32_t)(st[0] | st[1] << 8 | st[2] << 16 | st[3] << 24);
}

/* Resets a connected port; returns its device's speed, or -1. */
static int port_reset(struct usb_device *hub, unsigned port)
{
    if (usb_request(hub, PORT_CLASS, USB_REQ_SET_FEATURE, FEATURE_PORT_RESET,
                    (uint16_t)port) < 0)
        return -1;
    for (int i = 0; i < RESET_POLLS; i++) {
        usb_delay_ms(10);
        int64_t st = port_status(hub, port);
        if (st < 0)
            return -1;
        if ((st >> 16) & CHANGE_RESET) {
            usb_request(hub, PORT_CLASS, USB_REQ_CLEAR_FEATURE, FEATURE_C_PORT_RESET,
                        (uint16_t)port);
            if (!(st & STATUS_ENABLE))
                return -1;
            usb_delay_ms(10); /* reset recovery */
            return st & STATUS_LOW_SPEED ? USB_SPEED_LOW
                 : st & STATUS_HIGH_SPEED ? USB_SPEED_HIGH : USB_SPEED_FULL;
        }
    }
    return -1;
}

int usb_hub_scan(struct usb_device *hub, struct usb_device *out, int max,
                 uint8_t *next_address, char *err, size_t errlen)
{
    uint8_t config[9], desc[16];
    int n = usb_config(hub, config, sizeof config, err, errlen);
    if (n < 0)
        return n;
    if ((n = usb_request(hub, 0, USB_REQ_SET_CONFIGURATION, config[5], 0)) < 0) {
        snprintf(err, errlen, "the hub refused its configuration (%d)", n);
        return n;
    }
    n = usb_request_in(hub, HUB_CLASS, USB_REQ_GET_DESCRIPTOR, DT_HUB << 8, 0, desc,
                       sizeof desc);
    if (n < 7 || desc[1] != DT_HUB) {
        snprintf(err, errlen, "no hub descriptor (%d)", n);
        return n < 0 ? n : -TABULA_EINVAL;
    }
    unsigned ports = desc[2], power_ms = 2u * desc[5];
    for (unsigned p = 1; p <= ports; p++)
        usb_request(hub, PORT_CLASS, USB_REQ_SET_FEATURE, FEATURE_PORT_POWER, (uint16_t)p);
    usb_delay_ms(power_ms + 100); /* power good, then the devices' connect time */

    int found = 0;
    for (unsigned p = 1; p <= ports && found < max; p++) {
        int64_t st = port_status(hub, p);
        if (st < 0 || !(st & STATUS_CONNECTION))
            continue;
        usb_request(hub, PORT_CLASS, USB_REQ_CLEAR_FEATURE, FEATURE_C_PORT_CONNECTION,
                    (uint16_t)p);
        int speed = port_reset(hub, p);
        if (speed < 0) {
            klog_write(TABULA_LOG_WARN, 0, "usb: hub port %u did not come up after its reset", p);
            continue;
        }
        if (hub->speed == USB_SPEED_HIGH && speed != USB_SPEED_HIGH) {
            klog_write(TABULA_LOG_WARN, 0, "usb: hub port %u: a %s-speed device behind a "
                       "high-speed hub needs split transactions, which are not supported",
                       p, speed == USB_SPEED_LOW ? "low" : "full");
            continue;
        }
        char why[96];
        if (usb_enumerate(hub->host, &out[found], (enum usb_speed)speed, *next_address,
                          why, sizeof why) < 0) {
            klog_write(TABULA_LOG_WARN, 0, "usb: hub port %u: %s", p, why);
            continue;
        }
        (*next_address)++;
        found++;
    }
    return found;
}
