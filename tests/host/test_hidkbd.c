/* test_hidkbd.c: USB boot keyboard reports to key events (src/hidkbd.c). */
#include "check.h"
#include "hidkbd.h"
#include "keymap.h"

/* Linux codes used below. */
enum { A = 30, B = 48, K1 = 2, ENTER = 28, LCTRL = 29, LSHIFT = 42, RALT = 100,
       UP = 103, F12 = 88, KP0 = 82 };

static struct hidkbd_state st;
static unsigned events[32][2];
static int nevents;

static void record(void *ctx, unsigned code, int value)
{
    if (nevents < 32) {
        events[nevents][0] = code;
        events[nevents][1] = (unsigned)value;
    }
    nevents++;
}

static void feed(uint8_t mods, uint8_t k0, uint8_t k1, uint8_t k2)
{
    uint8_t r[HIDKBD_REPORT] = {mods, 0, k0, k1, k2, 0, 0, 0};
    nevents = 0;
    hidkbd_report(&st, r, sizeof r, record, 0);
}

static void expect(int i, unsigned code, int value)
{
    CHECK(i < nevents);
    CHECK_EQ(events[i][0], code);
    CHECK_EQ(events[i][1], (unsigned)value);
}

TEST(usages_map_to_linux_codes)
{
    CHECK_EQ(hidkbd_code(0x04), A);
    CHECK_EQ(hidkbd_code(0x05), B);
    CHECK_EQ(hidkbd_code(0x1e), K1);
    CHECK_EQ(hidkbd_code(0x28), ENTER);
    CHECK_EQ(hidkbd_code(0x45), F12);
    CHECK_EQ(hidkbd_code(0x52), UP);
    CHECK_EQ(hidkbd_code(0x62), KP0);
    CHECK_EQ(hidkbd_code(0x00), 0);
    CHECK_EQ(hidkbd_code(0x64), 0); /* past the table */
    CHECK_EQ(hidkbd_code(0xe0), 0); /* modifiers come as bits, not usages */
}

TEST(a_key_pressed_held_and_released)
{
    st = (struct hidkbd_state){0};
    feed(0, 0x04, 0, 0);
    CHECK_EQ(nevents, 1);
    expect(0, A, 1);
    feed(0, 0x04, 0, 0); /* held: the same snapshot again */
    CHECK_EQ(nevents, 0);
    feed(0, 0, 0, 0);
    CHECK_EQ(nevents, 1);
    expect(0, A, 0);
}

TEST(rollover_between_keys_in_any_slot)
{
    st = (struct hidkbd_state){0};
    feed(0, 0x04, 0, 0);
    feed(0, 0x04, 0x05, 0); /* b joins */
    CHECK_EQ(nevents, 1);
    expect(0, B, 1);
    feed(0, 0x05, 0, 0); /* a goes; b moved slots, still held */
    CHECK_EQ(nevents, 1);
    expect(0, A, 0);
}

TEST(modifiers_are_bits_and_come_first)
{
    st = (struct hidkbd_state){0};
    feed(0x02, 0x04, 0, 0); /* left Shift and a together */
    CHECK_EQ(nevents, 2);
    expect(0, LSHIFT, 1);
    expect(1, A, 1);
    feed(0x41, 0x04, 0, 0); /* Shift up, left Ctrl and right Alt down */
    CHECK_EQ(nevents, 3);
    expect(0, LSHIFT, 0);
    expect(1, LCTRL, 1);
    expect(2, RALT, 1);
}

TEST(error_rollover_and_short_reports)
{
    st = (struct hidkbd_state){0};
    feed(0, 0x04, 0, 0);
    uint8_t phantom[HIDKBD_REPORT] = {0, 0, 1, 1, 1, 1, 1, 1};
    nevents = 0;
    hidkbd_report(&st, phantom, sizeof phantom, record, 0);
    CHECK_EQ(nevents, 0); /* too many keys: nothing changes, a stays down */
    uint8_t shortr[3] = {0, 0, 0x04};
    hidkbd_report(&st, shortr, sizeof shortr, record, 0);
    CHECK_EQ(nevents, 0);
    hidkbd_report(&st, shortr, 1, record, 0); /* one byte: nothing held */
    CHECK_EQ(nevents, 1);
    expect(0, A, 0);
}

TEST(events_type_through_the_keymap)
{
    /* Shift-a then Enter, through keymap.c: what the console receives. */
    struct keymap_state km = {0};
    char out[KEYMAP_OUT_MAX], typed[16];
    int n = 0;
    st = (struct hidkbd_state){0};
    feed(0x02, 0x04, 0, 0);
    for (int i = 0; i < nevents; i++)
        n += keymap_key(&km, events[i][0], (int)events[i][1], typed + n);
    feed(0, 0, 0, 0);
    for (int i = 0; i < nevents; i++)
        n += keymap_key(&km, events[i][0], (int)events[i][1], out);
    feed(0, 0x28, 0, 0);
    for (int i = 0; i < nevents; i++)
        n += keymap_key(&km, events[i][0], (int)events[i][1], typed + n);
    typed[n] = 0;
    CHECK(strcmp(typed, "A\r") == 0);
}
