/*
 * usb_kbd.h: a USB keyboard in the boot protocol (HID 1.11), whose keys
 * reach the console as the virtio keyboard's do (src/keymap.c).
 */
#ifndef USB_KBD_H
#define USB_KBD_H

#include <stddef.h>

#include "usb.h"

/*
 * Takes the enumerated device d if it has a boot keyboard interface:
 * selects its configuration, the boot protocol and reports on change
 * only. Returns the interval in milliseconds at which usb_kbd_poll wants
 * calling, or a negative TABULA_E* code with why in err.
 */
int usb_kbd_attach(struct usb_device *d, char *err, size_t errlen);

/* Interrupt context, every interval: collects the last report asked for
 * (its key changes go to the console) and asks for the next. */
void usb_kbd_poll(void *unused);

#endif
