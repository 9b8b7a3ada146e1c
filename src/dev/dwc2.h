/*
 * dwc2.h: the Synopsys DesignWare USB 2.0 OTG controller (DWC2, "dwc_otg")
 * of the BCM2835-7, driven as a host with its internal DMA.
 */
#ifndef DWC2_H
#define DWC2_H

#include <stddef.h>
#include <stdint.h>

#include "usb.h"

/*
 * Resets the core into host mode, powers the root port and, if a device
 * is connected within a moment, resets the port. base: the registers;
 * bus_alias: what the controller's DMA adds to an ARM physical address.
 * Returns the host with *speed set, or NULL with why in err (nothing
 * connected, or the controller did not answer).
 */
struct usb_host *dwc2_init(uintptr_t base, uint32_t bus_alias, enum usb_speed *speed,
                           char *err, size_t errlen);

#endif
