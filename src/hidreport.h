/*
 * hidreport.h: just enough of a HID report descriptor (HID 1.11, 6.2.2)
 * to read a pointing device's reports: where its X, Y, wheel and first
 * three buttons are, in which report, how wide and over what range. Pure,
 * so host tests run it.
 */
#ifndef HIDREPORT_H
#define HIDREPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct hidreport_field {
    bool present;
    bool relative;          /* a mouse's motion; a tablet's axes are absolute */
    uint16_t offset, size;  /* in bits, from the start of the report's data */
    int32_t min, max;       /* the logical range */
};

struct hidreport_pointer {
    uint8_t report_id;      /* 0 when the device numbers no reports */
    struct hidreport_field x, y, wheel, button[3];
};

/* Finds the pointer's fields in descriptor desc[0..len). Returns 0, or -1
 * when it has no X and Y in one input report or is malformed. */
int hidreport_parse_pointer(const uint8_t *desc, size_t len, struct hidreport_pointer *out);

/* A field's value in report[0..len) (the report's data, after any report
 * ID byte), sign-extended when its range goes below 0; 0 if it lies
 * outside the report. */
int32_t hidreport_get(const struct hidreport_field *f, const uint8_t *report, size_t len);

#endif
