/*
 * keyev.c: the focused task's key events (see keyev.h). One queue, for
 * whichever task has the focus when a key arrives: when the focus moves,
 * what the previous task left unread is dropped, so keys typed for one
 * program never reach the next. The scheduler lock guards the queue, as
 * display.c's pointer queue: interrupt handlers fill it.
 *
 * A serial terminal sends bytes, not keys: printable characters and
 * control bytes map back to the key that types them (keymap_char), and
 * the cursor and function keys' escape sequences to theirs. A lone ESC is
 * the Escape key only once nothing follows it for ESC_WAIT (a sequence's
 * bytes arrive together); a byte after ESC that starts no sequence is
 * that key with Alt, as keymap.c makes it.
 */
#include "keyev.h"

#include <stdbool.h>

#include "clock.h"
#include "console.h"
#include "keymap.h"
#include "sched.h"

#define EVENTS 128 /* a power of two */
#define ESC_WAIT 50000000ull /* ns */

static struct tabula_key_event events[EVENTS];
static unsigned ev_head, ev_tail; /* free-running; head - tail queued */
static int queue_for;             /* the task the queued events are for */
static uint32_t held;             /* modifiers down on the keyboards */

/* The serial decoder: after ESC, after ESC [ or ESC O (with the digits of
 * a parameter so far). */
static enum { SER_TEXT, SER_ESC, SER_CSI, SER_SS3 } ser;
static unsigned ser_num;
static bool ser_mod; /* past the ';': the modifier parameter, not counted */
static uint64_t esc_at;

/* Lock held. A full queue drops the oldest event. */
static void push(unsigned code, int value, uint32_t mods)
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
    e->time_ns = clock_ns();
    e->code = (uint16_t)code;
    e->value = (uint16_t)value;
    e->mods = mods;
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

/* Lock held: a terminal's key, down and up at once. */
static void tap(unsigned code, uint32_t mods)
{
    if (code) {
        push(code, 1, mods);
        push(code, 0, mods);
    }
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
    esc_timeout();
    switch (ser) {
    case SER_TEXT:
        if (c == 0x1b) {
            ser = SER_ESC;
            esc_at = clock_ns();
            break;
        }
        tap(keymap_char(c, &mods), mods);
        break;
    case SER_ESC:
        ser_num = 0;
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
            if (!ser_mod)
                ser_num = ser_num * 10 + (unsigned)(c - '0');
        } else if (c >= 0x40 && c <= 0x7e) {
            /* The modifier parameter (";5") is skipped: the key is
             * enough for a game. */
            ser = SER_TEXT;
            tap(sequence_key(c, ser_num), 0);
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
    esc_timeout();
    if (id == queue_for && id == console_focus()) {
        while (n < max && ev_tail != ev_head)
            out[n++] = events[ev_tail++ % EVENTS];
    }
    sched_unlock(saved);
    return n;
}
