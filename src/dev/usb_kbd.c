/*
 * usb_kbd.c: the HID boot keyboard class driver. The configuration
 * descriptor is walked for an interface of class HID (3), subclass boot
 * (1), protocol keyboard (1), and its interrupt IN endpoint. The boot
 * protocol makes the report the fixed 8 bytes hidkbd.c reads, whatever
 * the keyboard's own report descriptor says. The host asks the endpoint
 * for a report every interval; a keyboard set to idle rate 0 answers only
 * when what is held changed, and NAKs otherwise.
 */
#include "usb_kbd.h"

#include <stdio.h>

#include "console.h"
#include "keyev.h"
#include "hidkbd.h"
#include "keymap.h"
#include "tabula.h"

#define CLASS_HID 3
#define SUBCLASS_BOOT 1
#define PROTOCOL_KEYBOARD 1
#define HID_SET_IDLE 0x0a
#define HID_SET_PROTOCOL 0x0b
#define PROTOCOL_BOOT 0
#define CONFIG_MAX 256

static struct {
    struct usb_pipe in;
    struct hidkbd_state report;
    struct keymap_state keys;
} kbd;

static void key_event(void *ctx, unsigned code, int value)
{
    char bytes[KEYMAP_OUT_MAX];
    keyev_key(code, value);
    int n = keymap_key(&kbd.keys, code, value, bytes);
    for (int i = 0; i < n; i++)
        console_input(bytes[i]);
}

/* The boot keyboard interface's number and its interrupt IN endpoint's
 * address, size and interval, from a configuration descriptor. Returns
 * false when there is none. */
static bool find_keyboard(const uint8_t *c, int len, uint8_t *config, unsigned *iface,
                          unsigned *ep, unsigned *mps, unsigned *interval)
{
    bool in_keyboard = false;
    *config = c[5];
    for (int at = 0; at + 2 <= len && c[at] >= 2 && at + c[at] <= len; at += c[at]) {
        const uint8_t *d = c + at;
        if (d[1] == USB_DT_INTERFACE && d[0] >= 9) {
            in_keyboard = d[5] == CLASS_HID && d[6] == SUBCLASS_BOOT && d[7] == PROTOCOL_KEYBOARD;
            *iface = d[2];
        } else if (d[1] == USB_DT_ENDPOINT && d[0] >= 7 && in_keyboard &&
                   (d[2] & USB_DIR_IN) && (d[3] & 3) == USB_ENDPOINT_INTERRUPT) {
            *ep = d[2] & 0x0f;
            *mps = (unsigned)(d[4] | d[5] << 8) & 0x7ff;
            *interval = d[6];
            return *mps > 0;
        }
    }
    return false;
}

int usb_kbd_attach(struct usb_device *d, char *err, size_t errlen)
{
    uint8_t config[CONFIG_MAX], value;
    unsigned iface = 0, ep = 0, mps = 0, interval = 0;
    int n = usb_config(d, config, sizeof config, err, errlen);
    if (n < 0)
        return n;
    if (!find_keyboard(config, n, &value, &iface, &ep, &mps, &interval)) {
        snprintf(err, errlen, "no boot keyboard interface");
        return -TABULA_ENOSYS;
    }
    if ((n = usb_request(d, 0, USB_REQ_SET_CONFIGURATION, value, 0)) < 0 ||
        (n = usb_request(d, USB_TYPE_CLASS | USB_RECIP_INTERFACE, HID_SET_PROTOCOL,
                         PROTOCOL_BOOT, (uint16_t)iface)) < 0) {
        snprintf(err, errlen, "the keyboard refused its configuration (%d)", n);
        return n;
    }
    /* Idle rate 0: report only on change. Optional (a STALL is allowed). */
    usb_request(d, USB_TYPE_CLASS | USB_RECIP_INTERFACE, HID_SET_IDLE, 0, (uint16_t)iface);
    kbd.in = (struct usb_pipe){d, USB_PIPE_KEYBOARD, ep, mps, HIDKBD_REPORT, 0};
    return usb_pipe_start(&kbd.in, interval);
}

static void got_report(const uint8_t *report, unsigned n)
{
    hidkbd_report(&kbd.report, report, n, key_event, 0);
}

void usb_kbd_poll(void *unused)
{
    if (kbd.in.dev)
        usb_pipe_poll(&kbd.in, got_report);
}
