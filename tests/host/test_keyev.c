/* test_keyev.c: a serial terminal's bytes as the focused task's key
 * events (src/keyev.c): keys held until a pause, another key or the end
 * of the terminal's auto-repeat, modifiers pressed as keys first. */
#include "check.h"

#include <stdio.h>
#include <string.h>

#include "clock.h"
#include "keyev.h"
#include "sched.h"

struct spinlock sched_lock_word;
static int focus = 7;
int console_focus(void) { return focus; }
void host_advance_ns(uint64_t ns);

__attribute__((constructor)) static void start_clock(void)
{
    clock_init();
}

enum { ESC = 1, A = 30, B = 48, LCTRL = 29, LSHIFT = 42, SPACE = 57, LEFT = 105 };

static void type(const char *bytes)
{
    for (; *bytes; bytes++)
        keyev_serial(*bytes);
}

/* The events queued for the focused task as "code+ code- code*" (press,
 * release, repeat), space-separated. */
static const char *events(void)
{
    static char buf[256];
    struct tabula_key_event ev[32];
    int n = keyev_read(focus, ev, 32), len = 0;
    buf[0] = 0;
    for (int i = 0; i < n; i++)
        len += snprintf(buf + len, sizeof buf - (size_t)len, "%s%u%c", i ? " " : "",
                        ev[i].code, "-+*"[ev[i].value]);
    return buf;
}

#define CHECK_STR_EQ(got, want)                                          \
    do {                                                                 \
        const char *got_ = (got);                                        \
        if (strcmp(got_, (want)) != 0) {                                 \
            char m_[320];                                                \
            snprintf(m_, sizeof m_, "\"%s\", not \"%s\"", got_, (want));  \
            check_fail(__FILE__, __LINE__, m_);                          \
        }                                                                \
    } while (0)

TEST(a_key_is_held_until_a_pause)
{
    type("a");
    CHECK_STR_EQ(events(), "30+");
    host_advance_ns(100000000);
    CHECK_STR_EQ(events(), "");
    host_advance_ns(60000000);
    CHECK_STR_EQ(events(), "30-");
}

TEST(auto_repeat_keeps_it_down_another_key_lets_go)
{
    type("b");
    host_advance_ns(100000000);
    type("b");
    host_advance_ns(100000000);
    type("b");
    CHECK_STR_EQ(events(), "48+ 48* 48*");
    host_advance_ns(100000000);
    CHECK_STR_EQ(events(), "");
    type("a");
    CHECK_STR_EQ(events(), "48- 30+");
    host_advance_ns(200000000);
    CHECK_STR_EQ(events(), "30-");
}

TEST(modifiers_are_keys_pressed_first)
{
    type("\x1b[1;5D"); /* Ctrl-Left */
    CHECK_STR_EQ(events(), "29+ 105+");
    type("A");
    CHECK_STR_EQ(events(), "105- 29- 42+ 30+");
    type(" ");
    CHECK_STR_EQ(events(), "30- 42- 57+");
    keyev_serial(0); /* Ctrl-Space */
    CHECK_STR_EQ(events(), "57- 29+ 57+");
    host_advance_ns(200000000);
    CHECK_STR_EQ(events(), "57- 29-");
}

TEST(a_key_held_for_a_task_that_lost_the_focus_is_forgotten)
{
    type("a");
    CHECK_STR_EQ(events(), "30+");
    focus = 8;
    host_advance_ns(200000000);
    CHECK_STR_EQ(events(), "");
    type("b");
    CHECK_STR_EQ(events(), "48+");
    host_advance_ns(200000000);
    CHECK_STR_EQ(events(), "48-");
    focus = 7;
}
