/*
 * usb_pointer.h: a USB HID pointing device (a tablet or a mouse), read
 * through its report descriptor, moving the display's pointer as
 * virtio-input's tablet does.
 */
#ifndef USB_POINTER_H
#define USB_POINTER_H

#include <stddef.h>

#include "usb.h"

/* Takes d if it has a HID interface (not a boot keyboard) whose reports
 * carry X and Y. Returns the polling interval in milliseconds, or a
 * negative TABULA_E* code with why in err. */
int usb_pointer_attach(struct usb_device *d, char *err, size_t errlen);

/* Interrupt context, every interval: as usb_kbd_poll. */
void usb_pointer_poll(void *unused);

#endif
