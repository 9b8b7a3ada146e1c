/* test_keymap.c: key codes to the bytes a terminal sends (src/keymap.c). */
#include "check.h"
#include "keymap.h"

/* Linux input codes used below. */
enum { ESC = 1, K1 = 2, K2 = 3, K4 = 5, MINUS = 12, BACKSPACE = 14, TAB = 15, Q = 16,
       A = 30, C = 46, ENTER = 28, LCTRL = 29, LSHIFT = 42, BACKSLASH = 43, SLASH = 53,
       RSHIFT = 54, LALT = 56, SPACE = 57, CAPS = 58, F1 = 59, F5 = 63, F12 = 88,
       KP7 = 71, KPENTER = 96, RALT = 100, HOME = 102, UP = 103, PGUP = 104, LEFT = 105,
       END = 107, DELETE = 111 };

static struct keymap_state st;
static char out[KEYMAP_OUT_MAX + 1];

/* Presses and releases code; returns its bytes as a string. */
static const char *tap(unsigned code)
{
    int n = keymap_key(&st, code, 1, out);
    out[n] = 0;
    keymap_key(&st, code, 0, (char[KEYMAP_OUT_MAX]){0});
    return out;
}

static void hold(unsigned code, int down)
{
    CHECK_EQ(keymap_key(&st, code, down, out), 0);
}

TEST(letters_digits_and_space)
{
    st = (struct keymap_state){0};
    CHECK(strcmp(tap(Q), "q") == 0);
    CHECK(strcmp(tap(A), "a") == 0);
    CHECK(strcmp(tap(K1), "1") == 0);
    CHECK(strcmp(tap(SPACE), " ") == 0);
    CHECK(strcmp(tap(SLASH), "/") == 0);
    CHECK(strcmp(tap(ENTER), "\r") == 0);
    CHECK(strcmp(tap(KPENTER), "\r") == 0);
    CHECK(strcmp(tap(BACKSPACE), "\x7f") == 0);
    CHECK(strcmp(tap(TAB), "\t") == 0);
    CHECK(strcmp(tap(ESC), "\x1b") == 0);
    CHECK(strcmp(tap(KP7), "7") == 0);
}

TEST(shift_and_caps_lock)
{
    st = (struct keymap_state){0};
    hold(LSHIFT, 1);
    CHECK(strcmp(tap(A), "A") == 0);
    CHECK(strcmp(tap(K2), "@") == 0);
    CHECK(strcmp(tap(BACKSLASH), "|") == 0);
    CHECK(strcmp(tap(TAB), "\033[Z") == 0);
    hold(LSHIFT, 0);
    CHECK(strcmp(tap(A), "a") == 0);
    tap(CAPS);
    CHECK(strcmp(tap(A), "A") == 0);
    CHECK(strcmp(tap(K1), "1") == 0); /* caps lock leaves digits alone */
    hold(RSHIFT, 1);
    CHECK(strcmp(tap(A), "a") == 0); /* shift undoes it */
    hold(RSHIFT, 0);
    tap(CAPS);
    CHECK(strcmp(tap(A), "a") == 0);
}

TEST(control_and_alt)
{
    st = (struct keymap_state){0};
    hold(LCTRL, 1);
    CHECK(strcmp(tap(C), "\x03") == 0);
    CHECK(tap(BACKSLASH)[0] == 0x1c && out[1] == 0); /* the attention key */
    CHECK(tap(SPACE)[0] == 0 && keymap_key(&st, SPACE, 1, out) == 1);
    CHECK(strcmp(tap(MINUS), "\x1f") == 0);
    hold(LCTRL, 0);
    hold(LALT, 1);
    CHECK(strcmp(tap(K1), "\0331") == 0);
    hold(LALT, 0);
    hold(RALT, 1);
    CHECK(strcmp(tap(Q), "\033q") == 0);
    hold(RALT, 0);
    CHECK(strcmp(tap(Q), "q") == 0);
}

TEST(cursor_and_function_keys)
{
    st = (struct keymap_state){0};
    CHECK(strcmp(tap(UP), "\033[A") == 0);
    CHECK(strcmp(tap(LEFT), "\033[D") == 0);
    CHECK(strcmp(tap(HOME), "\033[H") == 0);
    CHECK(strcmp(tap(END), "\033[F") == 0);
    CHECK(strcmp(tap(PGUP), "\033[5~") == 0);
    CHECK(strcmp(tap(DELETE), "\033[3~") == 0);
    CHECK(strcmp(tap(F1), "\033OP") == 0);
    CHECK(strcmp(tap(F5), "\033[15~") == 0);
    CHECK(strcmp(tap(F12), "\033[24~") == 0);
    hold(LCTRL, 1);
    CHECK(strcmp(tap(UP), "\033[1;5A") == 0);
    CHECK(strcmp(tap(DELETE), "\033[3;5~") == 0);
    hold(LCTRL, 0);
    hold(LSHIFT, 1);
    CHECK(strcmp(tap(F1), "\033[1;2P") == 0);
    hold(LSHIFT, 0);
}

TEST(repeats_type_again_and_releases_type_nothing)
{
    st = (struct keymap_state){0};
    CHECK_EQ(keymap_key(&st, Q, 1, out), 1);
    CHECK_EQ(keymap_key(&st, Q, 2, out), 1);
    CHECK_EQ(keymap_key(&st, Q, 0, out), 0);
    CHECK_EQ(keymap_key(&st, 250, 1, out), 0); /* no such key here */
    CHECK_EQ(keymap_key(&st, 4000, 1, out), 0);
}

TEST(each_byte_a_terminal_sends_maps_back_to_the_key_that_types_it)
{
    /* keymap_char is keymap_key backwards: every printable byte and the
     * control bytes, through the key and modifiers it names, type the same
     * byte again. */
    for (int c = 1; c < 0x7f; c++) {
        unsigned mods, code = keymap_char((char)c, &mods);
        if (c == 0x1b || (c >= 0x1c && c < ' ') || c == '\n' || c == 0x08)
            continue; /* no key of their own, or another's (ESC, Enter, Backspace) */
        CHECK(code != 0);
        st = (struct keymap_state){0};
        if (mods & TABULA_KEY_SHIFT)
            hold(LSHIFT, 1);
        if (mods & TABULA_KEY_CTRL)
            hold(LCTRL, 1);
        int n = keymap_key(&st, code, 1, out);
        CHECK_EQ(n, 1);
        CHECK_EQ(out[0], c);
    }
    unsigned mods;
    CHECK_EQ(keymap_char(0x1b, &mods), ESC);
    CHECK_EQ(keymap_char('\r', &mods), ENTER);
    CHECK_EQ(keymap_char(0x7f, &mods), BACKSPACE);
    CHECK_EQ(keymap_char('A', &mods), A);
    CHECK_EQ(mods, TABULA_KEY_SHIFT);
    CHECK_EQ(keymap_char(0x03, &mods), C);
    CHECK_EQ(mods, TABULA_KEY_CTRL);
    CHECK_EQ(keymap_char((char)0x80, &mods), 0);
}
