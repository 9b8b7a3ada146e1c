/*
 * keyev.c: the focused task's key events (see keyev.h). One queue, for
 * whichever task has the focus when a key arrives: when the focus moves,
 * what the previous task left unread is dropped, so keys typed for one
 * program never reach the next. The scheduler lock guards the queue, as
 * display.c's pointer queue: interrupt handlers fill it.
 *
 * A serial terminal sends bytes, not keys: printable characters and
 * control bytes map back to the key that types them (keymap_char), and
 * the cursor and function keys' escape sequences to theirs, with the
 * modifiers of their parameter (ESC [ 1 ; 5 A is Ctrl-Up). A lone ESC is
 * the Escape key only once nothing follows it for ESC_WAIT (a sequence's
 * bytes arrive together); a byte after ESC that starts no sequence is
 * that key with Alt, as keymap.c makes it.
 *
 * A terminal sends no releases, and a game that saw a press and its
 * release in the same tic would not move at all. So a terminal's key is
 * held: pressed (its modifier keys first, as a keyboard would send them:
 * Ctrl is DOOM's fire), and released TAP_HOLD after it, or REPEAT_HOLD
 * after its last repeat (the terminal's auto-repeat sends the same bytes
 * again, which come as repeat events and keep it down), or as soon as
 * another key arrives. The release is made when it is due and someone
 * looks: at key_read or the next byte, so no timer is needed.
 */
#include "keyev.h"

#include <stdbool.h>

#include "clock.h"
#include "console.h"
#include "keymap.h"
#include "sched.h"

#define EVENTS 128 /* a power of two */
#define ESC_WAIT 50000000ull /* ns */
/* Long enough for a game's tic (28 ms) to see a tap on a loaded host;
 * short enough that a tap turns DOOM's player by a few degrees only. */
#define TAP_HOLD 150000000ull
/* Terminals repeat at 25 to 30 keys a second; this bridges two lost. */
#define REPEAT_HOLD 110000000ull

static struct tabula_key_event events[EVENTS];
static unsigned ev_head, ev_tail; /* free-running; head - tail queued */
static int queue_for;             /* the task the queued events are for */
static uint32_t held;             /* modifiers down on the keyboards */

/* The serial decoder: after ESC, after ESC [ or ESC O (with the digits of
 * a parameter so far). */
static enum { SER_TEXT, SER_ESC, SER_CSI, SER_SS3 } ser;
static unsigned ser_num, ser_modnum;
static bool ser_mod; /* past the ';': the modifier parameter */
static uint64_t esc_at;

/* The terminal's key held down: its code and modifiers, for whom, and
 * when it is let go. */
static unsigned hold_code;
static uint32_t hold_mods;
static int hold_for;
static uint64_t hold_until;

/* Lock held. A full queue drops the oldest event. */
static void push_at(unsigned code, int value, uint32_t mods, uint64_t when)
{
    int focus = console_focus();
    if (focus != queue_for) {
        ev_tail = ev_head;
        queue_for = focus;
    }
    if (!focus)
        return;
    if (ev_head - ev_tail == EVENTS)
        ev_tail++;
    struct tabula_key_event *e = &events[ev_head++ % EVENTS];
    e->time_ns = when;
    e->code = (uint16_t)code;
    e->value = (uint16_t)value;
    e->mods = mods;
}

static void push(unsigned code, int value, uint32_t mods)
{
    push_at(code, value, mods, clock_ns());
}

static uint32_t modifier(unsigned code)
{
    switch (code) {
    case KEY_LEFTSHIFT: case KEY_RIGHTSHIFT: return TABULA_KEY_SHIFT;
    case KEY_LEFTCTRL: case KEY_RIGHTCTRL: return TABULA_KEY_CTRL;
    case KEY_LEFTALT: case KEY_RIGHTALT: return TABULA_KEY_ALT;
    }
    return 0;
}

void keyev_key(unsigned code, int value)
{
    uintptr_t saved = sched_lock();
    uint32_t m = modifier(code);
    held = value ? held | m : held & ~m;
    push(code, value, held);
    sched_unlock(saved);
}

/* Lock held. Modifier keys in the order a keyboard presses them. */
static const struct { uint32_t mod; unsigned code; } mod_keys[] = {
    {TABULA_KEY_CTRL, KEY_LEFTCTRL}, {TABULA_KEY_SHIFT, KEY_LEFTSHIFT}, {TABULA_KEY_ALT, KEY_LEFTALT},
};
#define MOD_KEYS (sizeof mod_keys / sizeof mod_keys[0])

/* Lock held: lets the held key go, at when, if someone holds one. Keys
 * held for a task that has lost the focus since are forgotten (push
 * would give their release to the new one). */
static void let_go(uint64_t when)
{
    if (!hold_code)
        return;
    if (hold_for == console_focus()) {
        push_at(hold_code, 0, hold_mods, when);
        uint32_t mods = hold_mods;
        for (int i = (int)MOD_KEYS - 1; i >= 0; i--) {
            if (hold_mods & mod_keys[i].mod) {
                mods &= ~mod_keys[i].mod;
                push_at(mod_keys[i].code, 0, mods, when);
            }
        }
    }
    hold_code = 0;
}

/* Lock held: a held key whose time is up is released. */
static void hold_timeout(void)
{
    if (hold_code && clock_ns() >= hold_until)
        let_go(hold_until);
}

/* Lock held: a terminal's key. The same key again is the terminal's
 * auto-repeat; another lets the held one go first. */
static void tap(unsigned code, uint32_t mods)
{
    if (!code)
        return;
    hold_timeout();
    uint64_t now = clock_ns();
    if (code == hold_code && mods == hold_mods && hold_for == console_focus()) {
        push_at(code, 2, mods, now);
        hold_until = now + REPEAT_HOLD;
        return;
    }
    let_go(now);
    uint32_t down = 0;
    for (unsigned i = 0; i < MOD_KEYS; i++) {
        if (mods & mod_keys[i].mod) {
            down |= mod_keys[i].mod;
            push_at(mod_keys[i].code, 1, down, now);
        }
    }
    push_at(code, 1, mods, now);
    hold_code = code;
    hold_mods = mods;
    hold_for = console_focus();
    hold_until = now + TAP_HOLD;
}

/* The key of the final byte of ESC [ ... or ESC O ..., or 0. */
static unsigned sequence_key(char final, unsigned num)
{
    switch (final) {
    case 'A': return KEY_UP;
    case 'B': return KEY_DOWN;
    case 'C': return KEY_RIGHT;
    case 'D': return KEY_LEFT;
    case 'H': return KEY_HOME;
    case 'F': return KEY_END;
    case 'P': case 'Q': case 'R': case 'S': return KEY_F1 + (unsigned)(final - 'P');
    case '~':
        switch (num) {
        case 2: return KEY_INSERT;
        case 3: return KEY_DELETE;
        case 5: return KEY_PAGEUP;
        case 6: return KEY_PAGEDOWN;
        }
    }
    return 0;
}

/* xterm's modifier parameter: 1 plus Shift 1, Alt 2, Ctrl 4. */
static uint32_t sequence_mods(unsigned param)
{
    uint32_t mods = 0;
    if (param < 2)
        return 0;
    param--;
    if (param & 1)
        mods |= TABULA_KEY_SHIFT;
    if (param & 2)
        mods |= TABULA_KEY_ALT;
    if (param & 4)
        mods |= TABULA_KEY_CTRL;
    return mods;
}

/* Lock held: a lone ESC waited long enough to be the Escape key. */
static void esc_timeout(void)
{
    if (ser == SER_ESC && clock_ns() - esc_at >= ESC_WAIT) {
        ser = SER_TEXT;
        tap(KEY_ESC, 0);
    }
}

void keyev_serial(char c)
{
    uintptr_t saved = sched_lock();
    unsigned mods;
    hold_timeout();
    esc_timeout();
    switch (ser) {
    case SER_TEXT:
        if (c == 0) { /* Ctrl-Space (and Ctrl-@) */
            tap(KEY_SPACE, TABULA_KEY_CTRL);
            break;
        }
        if (c == 0x1b) {
            ser = SER_ESC;
            esc_at = clock_ns();
            break;
        }
    {
        /* Not tap(keymap_char(c, &mods), mods): the order in which
         * arguments are evaluated is unspecified, and the host's
         * compiler read mods first. */
        unsigned code = keymap_char(c, &mods);
        tap(code, mods);
        break;
    }
    case SER_ESC:
        ser_num = 0;
        ser_modnum = 0;
        ser_mod = false;
        if (c == '[') {
            ser = SER_CSI;
        } else if (c == 'O') {
            ser = SER_SS3;
        } else if (c == 0x1b) {
            tap(KEY_ESC, 0);
            esc_at = clock_ns();
        } else {
            ser = SER_TEXT;
            unsigned code = keymap_char(c, &mods);
            tap(code, mods | TABULA_KEY_ALT);
        }
        break;
    case SER_CSI:
    case SER_SS3:
        if (c >= '0' && c <= '9') {
            if (ser_mod)
                ser_modnum = ser_modnum * 10 + (unsigned)(c - '0');
            else
                ser_num = ser_num * 10 + (unsigned)(c - '0');
        } else if (c >= 0x40 && c <= 0x7e) {
            ser = SER_TEXT;
            tap(sequence_key(c, ser_num), sequence_mods(ser_modnum));
        } else if (c == ';') {
            ser_mod = true;
        }
        break;
    }
    sched_unlock(saved);
}

int keyev_read(int id, struct tabula_key_event *out, int max)
{
    int n = 0;
    uintptr_t saved = sched_lock();
    hold_timeout();
    esc_timeout();
    if (id == queue_for && id == console_focus()) {
        while (n < max && ev_tail != ev_head)
            out[n++] = events[ev_tail++ % EVENTS];
    }
    sched_unlock(saved);
    return n;
}
