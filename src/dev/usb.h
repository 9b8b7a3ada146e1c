/*
 * usb.h: what USB 2.0 (chapter 9) says every device understands, and the
 * host controller operations the device drivers use. A host controller
 * driver (dwc2.c) fills a struct usb_host; usb.c enumerates the device on
 * its port with it; a class driver (usb_kbd.c) takes it from there.
 */
#ifndef USB_H
#define USB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* bmRequestType: direction, type, recipient. */
#define USB_DIR_IN 0x80
#define USB_TYPE_CLASS 0x20
#define USB_RECIP_INTERFACE 0x01
#define USB_RECIP_OTHER 0x03        /* a hub's port */

/* Standard requests. */
#define USB_REQ_GET_STATUS 0
#define USB_REQ_CLEAR_FEATURE 1
#define USB_REQ_SET_FEATURE 3
#define USB_REQ_GET_DESCRIPTOR 6
#define USB_REQ_SET_ADDRESS 5
#define USB_REQ_SET_CONFIGURATION 9

/* Descriptor types. */
#define USB_DT_DEVICE 1
#define USB_DT_CONFIG 2
#define USB_DT_STRING 3
#define USB_DT_INTERFACE 4
#define USB_DT_ENDPOINT 5

#define USB_ENDPOINT_INTERRUPT 3
#define USB_CLASS_HUB 9

enum usb_speed { USB_SPEED_HIGH, USB_SPEED_FULL, USB_SPEED_LOW };

/* Interrupt pipes: one per class driver. */
#define USB_PIPE_KEYBOARD 0
#define USB_PIPE_POINTER 1
#define USB_PIPES 2

struct usb_setup {
    uint8_t request_type;
    uint8_t request;
    uint16_t value;
    uint16_t index;
    uint16_t length;
} __attribute__((packed));

/* One device: where it is and how big its control packets are. */
struct usb_device {
    struct usb_host *host;
    uint8_t address;
    enum usb_speed speed;
    uint16_t mps0;          /* endpoint 0's max packet size */
    uint16_t vendor, product;
    uint8_t class;          /* the device descriptor's bDeviceClass */
    char name[64];          /* the product string, or "" */
};

struct usb_host {
    /* A control transfer: setup, then up to setup->length bytes of data
     * in or out of buf, then status. Returns the data bytes moved or a
     * negative TABULA_E* code (-TABULA_EINVAL: stalled or failed;
     * -TABULA_EAGAIN: no answer in time). Polls;
     * boot time only. */
    int (*control)(struct usb_host *h, struct usb_device *d,
                   const struct usb_setup *setup, void *buf);
    /* Starts one interrupt IN transfer of len bytes (64 at most) from
     * endpoint ep into the controller's own buffer for pipe (one per class
     * driver, below USB_PIPES), with data toggle `toggle`. */
    void (*interrupt_start)(struct usb_host *h, unsigned pipe, struct usb_device *d,
                            unsigned ep, unsigned mps, unsigned len, unsigned toggle);
    /* The pipe's started transfer's outcome: -TABULA_EAGAIN while in
     * flight, 0 for no data (NAK), the bytes received (copied to buf) or
     * another negative code. */
    int (*interrupt_finish)(struct usb_host *h, unsigned pipe, void *buf, unsigned len);
};

/*
 * Brings the device just reset on host's port to the address given: reads
 * its device descriptor, sets the address, reads the product string into
 * d->name. Then usb_config reads its whole configuration descriptor into
 * buf (at most len bytes). Both return 0 or a negative TABULA_E* code,
 * with why in err.
 */
int usb_enumerate(struct usb_host *host, struct usb_device *d, enum usb_speed speed,
                  uint8_t address, char *err, size_t errlen);
int usb_config(struct usb_device *d, uint8_t *buf, size_t len, char *err, size_t errlen);

/*
 * Enumerates the device on the root port (address 1) and, if it is a
 * hub, the devices on its ports: the bus as far as boot needs it. Fills
 * out[0..max) with the devices that are not hubs; returns how many, or a
 * negative TABULA_E* code with why in err.
 */
int usb_scan(struct usb_host *host, enum usb_speed speed, struct usb_device *out, int max,
             char *err, size_t errlen);

/* An interrupt IN endpoint a class driver reads, on its own pipe. */
struct usb_pipe {
    struct usb_device *dev;
    unsigned pipe;          /* USB_PIPE_* */
    unsigned endpoint, mps;
    unsigned len;           /* bytes asked for each time (64 at most) */
    unsigned toggle;        /* the next data PID: DATA0 or DATA1 */
};

/* Starts the pipe's first transfer; returns the polling interval in
 * milliseconds for the endpoint's bInterval, between 8 and 16. */
int usb_pipe_start(struct usb_pipe *p, unsigned interval);

/* Interrupt context: collects the transfer started last time, calls
 * got(report, n) if it brought data, and starts the next. */
void usb_pipe_poll(struct usb_pipe *p, void (*got)(const uint8_t *report, unsigned n));

/* A standard or class request with no data stage. */
int usb_request(struct usb_device *d, uint8_t type, uint8_t request, uint16_t value,
                uint16_t index);
/* One that reads up to len bytes into buf; returns how many came. */
int usb_request_in(struct usb_device *d, uint8_t type, uint8_t request, uint16_t value,
                   uint16_t index, void *buf, uint16_t len);

/* Busy-waits ms milliseconds (enumeration's delays, at boot). */
void usb_delay_ms(unsigned ms);

#endif
