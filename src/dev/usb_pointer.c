/*
 * usb_pointer.c: the HID class driver for pointing devices. Unlike a
 * keyboard, a tablet has no boot protocol, so its report descriptor (read
 * with GET_DESCRIPTOR from the interface) says where X, Y, the wheel and
 * the buttons are (hidreport.c). Each report becomes display_pointer_*
 * calls: absolute axes scaled from their logical range, relative ones as
 * deltas, button changes as presses and releases, then a sync.
 */
#include "usb_pointer.h"

#include <stdio.h>
#include <string.h>

#include "display.h"
#include "hidreport.h"
#include "tabula.h"

#define CLASS_HID 3
#define PROTOCOL_KEYBOARD 1
#define DT_HID 0x21
#define DT_REPORT 0x22
#define HID_SET_IDLE 0x0a
#define CONFIG_MAX 256
#define REPORT_DESC_MAX 512
#define REPORT_MAX 64

static const int button_codes[3] = {TABULA_BUTTON_LEFT, TABULA_BUTTON_RIGHT,
                                    TABULA_BUTTON_MIDDLE};

static struct {
    struct usb_pipe in;
    struct hidreport_pointer layout;
    bool buttons[3];
} ptr;

/* The first HID interface that is not a boot keyboard: its number, the
 * length of its report descriptor and its interrupt IN endpoint. */
static bool find_pointer(const uint8_t *c, int len, unsigned *iface, unsigned *desc_len,
                         unsigned *ep, unsigned *mps, unsigned *interval)
{
    bool in_hid = false;
    *desc_len = 0;
    for (int at = 0; at + 2 <= len && c[at] >= 2 && at + c[at] <= len; at += c[at]) {
        const uint8_t *d = c + at;
        if (d[1] == USB_DT_INTERFACE && d[0] >= 9) {
            in_hid = d[5] == CLASS_HID && d[7] != PROTOCOL_KEYBOARD;
            *iface = d[2];
        } else if (d[1] == DT_HID && d[0] >= 9 && in_hid && d[6] == DT_REPORT) {
            *desc_len = (unsigned)(d[7] | d[8] << 8);
        } else if (d[1] == USB_DT_ENDPOINT && d[0] >= 7 && in_hid && *desc_len &&
                   (d[2] & USB_DIR_IN) && (d[3] & 3) == USB_ENDPOINT_INTERRUPT) {
            *ep = d[2] & 0x0f;
            *mps = (unsigned)(d[4] | d[5] << 8) & 0x7ff;
            *interval = d[6];
            return *mps > 0;
        }
    }
    return false;
}

int usb_pointer_attach(struct usb_device *d, char *err, size_t errlen)
{
    static uint8_t config[CONFIG_MAX], desc[REPORT_DESC_MAX];
    unsigned iface = 0, desc_len = 0, ep = 0, mps = 0, interval = 0;
    int n = usb_config(d, config, sizeof config, err, errlen);
    if (n < 0)
        return n;
    if (!find_pointer(config, n, &iface, &desc_len, &ep, &mps, &interval)) {
        snprintf(err, errlen, "no HID pointer interface");
        return -TABULA_ENOSYS;
    }
    if ((n = usb_request(d, 0, USB_REQ_SET_CONFIGURATION, config[5], 0)) < 0) {
        snprintf(err, errlen, "the device refused its configuration (%d)", n);
        return n;
    }
    if (desc_len > sizeof desc)
        desc_len = sizeof desc;
    n = usb_request_in(d, USB_RECIP_INTERFACE, USB_REQ_GET_DESCRIPTOR, DT_REPORT << 8,
                       (uint16_t)iface, desc, (uint16_t)desc_len);
    if (n < 0 || hidreport_parse_pointer(desc, (size_t)n, &ptr.layout) < 0) {
        snprintf(err, errlen, "its report descriptor has no X and Y (%d bytes)", n);
        return n < 0 ? n : -TABULA_ENOSYS;
    }
    usb_request(d, USB_TYPE_CLASS | USB_RECIP_INTERFACE, HID_SET_IDLE, 0, (uint16_t)iface);
    ptr.in = (struct usb_pipe){d, USB_PIPE_POINTER, ep, mps, mps < REPORT_MAX ? mps : REPORT_MAX, 0};
    return usb_pipe_start(&ptr.in, interval);
}

static void axis(int which, const struct hidreport_field *f, const uint8_t *data, size_t len)
{
    if (!f->present)
        return;
    int32_t v = hidreport_get(f, data, len);
    if (f->relative) {
        if (v)
            display_pointer_relative(which, v);
    } else if (f->max > f->min) {
        display_pointer_absolute(which, v < f->min ? 0 : (uint32_t)(v - f->min),
                                 (uint32_t)(f->max - f->min));
    }
}

static void got_report(const uint8_t *r, unsigned len)
{
    const struct hidreport_pointer *l = &ptr.layout;
    if (l->report_id) {
        if (len < 1 || r[0] != l->report_id)
            return;
        r++;
        len--;
    }
    axis(0, &l->x, r, len);
    axis(1, &l->y, r, len);
    for (int b = 0; b < 3; b++) {
        bool down = hidreport_get(&l->button[b], r, len) != 0;
        if (l->button[b].present && down != ptr.buttons[b]) {
            ptr.buttons[b] = down;
            display_pointer_button(button_codes[b], down);
        }
    }
    int32_t wheel = hidreport_get(&l->wheel, r, len);
    if (wheel)
        display_pointer_wheel(wheel);
    display_pointer_sync();
}

void usb_pointer_poll(void *unused)
{
    if (ptr.in.dev)
        usb_pipe_poll(&ptr.in, got_report);
}
