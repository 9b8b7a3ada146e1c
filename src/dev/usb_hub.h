/*
 * usb_hub.h: a USB hub (USB 2.0, chapter 11), enough to find what is
 * plugged into it at boot.
 */
#ifndef USB_HUB_H
#define USB_HUB_H

#include <stddef.h>

#include "usb.h"

/*
 * Configures the enumerated hub, powers its ports, and resets and
 * enumerates each device connected to one, giving them the addresses
 * *next_address, *next_address + 1... Fills out[0..max) and returns how
 * many it enumerated, or a negative TABULA_E* code with why in err if the
 * hub itself failed. A device that fails is logged and skipped. Hubs on
 * the hub are not followed.
 */
int usb_hub_scan(struct usb_device *hub, struct usb_device *out, int max,
                 uint8_t *next_address, char *err, size_t errlen);

#endif
