/* test_hidreport.c: pointer fields from HID report descriptors (src/hidreport.c). */
#include "check.h"
#include "hidreport.h"

/* A tablet as HID 1.11's items describe one: three buttons and five bits
 * of padding, absolute X and Y of 15 bits in 16, a relative wheel. */
static const uint8_t tablet[] = {
    0x05, 0x01, 0x09, 0x02, 0xa1, 0x01, 0x09, 0x01, 0xa1, 0x00, /* desktop, pointer */
    0x05, 0x09, 0x19, 0x01, 0x29, 0x03, 0x15, 0x00, 0x25, 0x01, /* buttons 1-3, 0..1 */
    0x95, 0x03, 0x75, 0x01, 0x81, 0x02,                         /* 3 x 1 bit, data var abs */
    0x95, 0x01, 0x75, 0x05, 0x81, 0x01,                         /* padding */
    0x05, 0x01, 0x09, 0x30, 0x09, 0x31, 0x15, 0x00, 0x26, 0xff, 0x7f, /* X, Y 0..32767 */
    0x75, 0x10, 0x95, 0x02, 0x81, 0x02,
    0x09, 0x38, 0x15, 0x81, 0x25, 0x7f, 0x75, 0x08, 0x95, 0x01, 0x81, 0x06, /* wheel, rel */
    0xc0, 0xc0,
};

/* A mouse whose reports are numbered: report 2 is a vendor's, report 1
 * the pointer, with relative X and Y of a byte each. */
static const uint8_t numbered_mouse[] = {
    0x06, 0x00, 0xff, 0x85, 0x02, 0x09, 0x01, 0x75, 0x08, 0x95, 0x04, 0x81, 0x02, /* vendor */
    0x05, 0x01, 0x09, 0x02, 0xa1, 0x01, 0x85, 0x01,
    0x05, 0x09, 0x19, 0x01, 0x29, 0x02, 0x15, 0x00, 0x25, 0x01, 0x75, 0x01, 0x95, 0x02, 0x81, 0x02,
    0x95, 0x06, 0x81, 0x03,
    0x05, 0x01, 0x09, 0x30, 0x09, 0x31, 0x15, 0x81, 0x25, 0x7f, 0x75, 0x08, 0x95, 0x02, 0x81, 0x06,
    0xc0,
};

TEST(a_tablets_fields)
{
    struct hidreport_pointer p;
    CHECK_EQ(hidreport_parse_pointer(tablet, sizeof tablet, &p), 0);
    CHECK_EQ(p.report_id, 0);
    CHECK(p.button[0].present && p.button[1].present && p.button[2].present);
    CHECK_EQ(p.button[0].offset, 0);
    CHECK_EQ(p.button[2].offset, 2);
    CHECK_EQ(p.x.offset, 8);
    CHECK_EQ(p.x.size, 16);
    CHECK_EQ(p.x.max, 0x7fff);
    CHECK(!p.x.relative);
    CHECK_EQ(p.y.offset, 24);
    CHECK_EQ(p.wheel.offset, 40);
    CHECK(p.wheel.relative);
    CHECK_EQ(p.wheel.min, -127);
    /* Left button, X 0x1234, Y 0x7fff, wheel one notch down. */
    const uint8_t report[] = {0x01, 0x34, 0x12, 0xff, 0x7f, 0xff};
    CHECK_EQ(hidreport_get(&p.button[0], report, sizeof report), 1);
    CHECK_EQ(hidreport_get(&p.button[1], report, sizeof report), 0);
    CHECK_EQ(hidreport_get(&p.x, report, sizeof report), 0x1234);
    CHECK_EQ(hidreport_get(&p.y, report, sizeof report), 0x7fff);
    CHECK_EQ(hidreport_get(&p.wheel, report, sizeof report), -1);
    /* A short report reads as zeros past its end. */
    CHECK_EQ(hidreport_get(&p.wheel, report, 5), 0);
}

TEST(numbered_reports_and_relative_axes)
{
    struct hidreport_pointer p;
    CHECK_EQ(hidreport_parse_pointer(numbered_mouse, sizeof numbered_mouse, &p), 0);
    CHECK_EQ(p.report_id, 1);
    CHECK(p.x.relative && p.y.relative);
    CHECK_EQ(p.x.offset, 8); /* after the buttons and padding of report 1 */
    CHECK(!p.button[2].present && !p.wheel.present);
    const uint8_t data[] = {0x02, 0xfb, 0x03}; /* right button, X -5, Y 3 */
    CHECK_EQ(hidreport_get(&p.button[1], data, sizeof data), 1);
    CHECK_EQ(hidreport_get(&p.x, data, sizeof data), -5);
    CHECK_EQ(hidreport_get(&p.y, data, sizeof data), 3);
}

TEST(keyboards_and_broken_descriptors_are_refused)
{
    struct hidreport_pointer p;
    const uint8_t keyboard[] = {0x05, 0x01, 0x09, 0x06, 0xa1, 0x01, 0x05, 0x07, 0x19, 0xe0,
                                0x29, 0xe7, 0x75, 0x01, 0x95, 0x08, 0x81, 0x02, 0xc0};
    CHECK_EQ(hidreport_parse_pointer(keyboard, sizeof keyboard, &p), -1);
    /* Cut in the middle of an item's data. */
    CHECK_EQ(hidreport_parse_pointer(tablet, 40, &p), -1);
    /* A long item's length running past the end. */
    const uint8_t long_item[] = {0xfe, 0x40, 0x00};
    CHECK_EQ(hidreport_parse_pointer(long_item, sizeof long_item, &p), -1);
    CHECK_EQ(hidreport_parse_pointer(tablet, 0, &p), -1);
}
