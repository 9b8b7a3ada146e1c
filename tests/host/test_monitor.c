/* test_monitor.c: the Monitor's pure helpers (monitor/parse.c, fmt.c,
 * lined.c): sizes, words, command lists, end lines, the memory bar and the
 * line editor. They are app code, not kernel code: the Makefile links them
 * into this test only (MONITOR_PURE). */
#include "check.h"

#include <string.h>

#include "fmt.h"
#include "lined.h"
#include "parse.h"

TEST(size_parses_plain_suffixed_and_hex)
{
    uint64_t v = 0;
    CHECK(parse_size("1048576", &v));
    CHECK_EQ(v, 1048576);
    CHECK(parse_size("64K", &v));
    CHECK_EQ(v, 65536);
    CHECK(parse_size("64k", &v));
    CHECK_EQ(v, 65536);
    CHECK(parse_size("1M", &v));
    CHECK_EQ(v, 1 << 20);
    CHECK(parse_size("2g", &v));
    CHECK_EQ(v, 2ull << 30);
    CHECK(parse_size("0x10000", &v));
    CHECK_EQ(v, 0x10000);
    CHECK(parse_size("0XfF", &v));
    CHECK_EQ(v, 255);
}

TEST(size_rejects_junk_zero_and_overflow)
{
    uint64_t v = 7;
    const char *bad[] = {"", "K", "12Q", "1MB", "-1", " 1", "1 ", "0", "0K",
                         "0x", "0x0", "0xg", "99999999999999999999",
                         "8589934593G", "0x10000000000000000", "1.5M"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        if (parse_size(bad[i], &v))
            check_fail(__FILE__, __LINE__, bad[i]);
    }
    CHECK_EQ(v, 7);
    CHECK(parse_size("8589934592", &v)); /* 8G in bytes is fine */
    CHECK(parse_size("8G", &v));
    CHECK(parse_size("8589934592G", &v)); /* 2^63 */
    CHECK(parse_size("0x8000000000000000", &v)); /* exactly 2^63 */
    CHECK(!parse_size("0x8000000000000001", &v));
    CHECK(!parse_size("9223372036854775809", &v));
}

TEST(number_bounds)
{
    unsigned long v = 0;
    CHECK(parse_number("42", 100, &v));
    CHECK_EQ(v, 42);
    CHECK(parse_number("100", 100, &v));
    CHECK(!parse_number("101", 100, &v));
    CHECK(!parse_number("7", 5, &v));
    CHECK(!parse_number("", 100, &v));
    CHECK(!parse_number("4x", 100, &v));
    CHECK(!parse_number("-1", 100, &v));
    CHECK(parse_number("0", 100, &v));
    CHECK_EQ(v, 0);
    CHECK(parse_number("2147483647", 0x7fffffff, &v));
    CHECK(!parse_number("2147483648", 0x7fffffff, &v));
    CHECK(!parse_number("99999999999999999999999", 0x7fffffff, &v));
}

TEST(words_split_and_quote)
{
    char line[] = "  run  echo \"hello world\" 'a b'c  x\"\"y  ";
    char *w[8];
    const char *err = 0;
    int n = parse_words(line, w, 8, &err);
    CHECK_EQ(n, 5);
    CHECK(!strcmp(w[0], "run"));
    CHECK(!strcmp(w[1], "echo"));
    CHECK(!strcmp(w[2], "hello world"));
    CHECK(!strcmp(w[3], "a bc"));
    CHECK(!strcmp(w[4], "xy"));
}

TEST(words_errors_and_empty)
{
    char *w[2];
    const char *err = 0;
    char blank[] = " \t ";
    CHECK_EQ(parse_words(blank, w, 2, &err), 0);
    char many[] = "a b c";
    CHECK_EQ(parse_words(many, w, 2, &err), -1);
    CHECK(!strcmp(err, "too many words"));
    char open[] = "echo \"oops";
    CHECK_EQ(parse_words(open, w, 2, &err), -1);
    CHECK(!strcmp(err, "unterminated quote"));
    char exact[] = "a b";
    CHECK_EQ(parse_words(exact, w, 2, &err), 2);
    char quoted_empty[] = "''";
    CHECK_EQ(parse_words(quoted_empty, w, 2, &err), 1);
    CHECK(!strcmp(w[0], ""));
}

TEST(command_list)
{
    char list[] = " run hello ;; ps;  ;mem  ; ";
    char *cur = list, *c;
    c = parse_next_command(&cur);
    CHECK(c && !strcmp(c, "run hello"));
    c = parse_next_command(&cur);
    CHECK(c && !strcmp(c, "ps"));
    c = parse_next_command(&cur);
    CHECK(c && !strcmp(c, "mem"));
    CHECK(parse_next_command(&cur) == 0);
    CHECK(parse_next_command(&cur) == 0);
    char one[] = "halt";
    cur = one;
    c = parse_next_command(&cur);
    CHECK(c && !strcmp(c, "halt"));
    CHECK(parse_next_command(&cur) == 0);
}

TEST(command_list_keeps_quoted_semicolons)
{
    char list[] = "run hello 'a;b' \"c;d\"; ps; run x \"unterminated;";
    char *cur = list, *c;
    c = parse_next_command(&cur);
    CHECK(c && !strcmp(c, "run hello 'a;b' \"c;d\""));
    c = parse_next_command(&cur);
    CHECK(c && !strcmp(c, "ps"));
    /* An unterminated quote runs to the end; parse_words then refuses it. */
    c = parse_next_command(&cur);
    CHECK(c && !strcmp(c, "run x \"unterminated;"));
    CHECK(parse_next_command(&cur) == 0);
}

TEST(env_assignments)
{
    CHECK(parse_env_assignment("FOO=bar"));
    CHECK(parse_env_assignment("_x1="));
    CHECK(parse_env_assignment("A=b=c"));
    CHECK(!parse_env_assignment("=x"));
    CHECK(!parse_env_assignment("1A=x"));
    CHECK(!parse_env_assignment("A-B=x"));
    CHECK(!parse_env_assignment("hello"));
    CHECK(!parse_env_assignment("--mem=1M"));
    CHECK(!parse_env_assignment(""));
}

TEST(size_formatting)
{
    char b[16];
    CHECK(!strcmp(fmt_size(b, sizeof b, 0), "0B"));
    CHECK(!strcmp(fmt_size(b, sizeof b, 1023), "1023B"));
    CHECK(!strcmp(fmt_size(b, sizeof b, 1024), "1K"));
    CHECK(!strcmp(fmt_size(b, sizeof b, 1536), "1.5K"));
    CHECK(!strcmp(fmt_size(b, sizeof b, 65536), "64K"));
    CHECK(!strcmp(fmt_size(b, sizeof b, 1 << 20), "1M"));
    CHECK(!strcmp(fmt_size(b, sizeof b, (1 << 20) + (1 << 19)), "1.5M"));
    CHECK(!strcmp(fmt_size(b, sizeof b, (1 << 20) - 1), "1023.9K"));
    CHECK(!strcmp(fmt_size(b, sizeof b, 3ull << 30), "3G"));
    CHECK(!strcmp(fmt_size(b, sizeof b, 5000ull << 30), "5000G"));
}

TEST(time_formatting)
{
    char b[32];
    CHECK(!strcmp(fmt_seconds(b, sizeof b, 0), "0.000000"));
    CHECK(!strcmp(fmt_seconds(b, sizeof b, 12345678901ull), "12.345678"));
    CHECK(!strcmp(fmt_clock(b, sizeof b, 83ull * 1000000000), "0:01:23"));
    CHECK(!strcmp(fmt_clock(b, sizeof b, (2 * 86400ull + 3 * 3600 + 4 * 60 + 5) * 1000000000),
                  "2d 3:04:05"));
}

TEST(end_lines)
{
    char b[256];
    struct tabula_exit e = {.how = TABULA_END_EXIT, .status = 3};
    CHECK(!strcmp(fmt_end(b, sizeof b, "hello", "hello", &e), "hello exited with status 3"));
    e = (struct tabula_exit){.how = TABULA_END_CRASH, .pc = 0x80a01234,
                             .pc_offset = 0x234, .tval = 0};
    strcpy(e.reason, "store access fault");
    CHECK(!strcmp(fmt_end(b, sizeof b, "crashme", "crashme", &e),
                  "crashme crashed: store access fault at pc 0x80a01234 (crashme+0x234), address 0x0"));
    strcpy(e.reason, "illegal instruction");
    e.tval = 0xdead;
    CHECK_STR_CONTAINS(fmt_end(b, sizeof b, "x (task 3)", "x", &e), "instruction 0xdead");
    CHECK_STR_CONTAINS(b, "x (task 3) crashed: illegal instruction at pc 0x80a01234 (x+0x234)");
    memset(e.reason, 'z', sizeof e.reason); /* not terminated: must not overrun */
    CHECK_STR_CONTAINS(fmt_end(b, sizeof b, "x", "x", &e), "zzzz at pc");
    e.reason[0] = 0;
    CHECK_STR_CONTAINS(fmt_end(b, sizeof b, "x", "x", &e), "crashed: exception at pc");
    strcpy(e.reason, "breakpoint"); /* tval means nothing here: left out */
    CHECK(!strcmp(fmt_end(b, sizeof b, "x", "x", &e),
                  "x crashed: breakpoint at pc 0x80a01234 (x+0x234)"));
    e = (struct tabula_exit){.how = TABULA_END_STACK};
    CHECK(!strcmp(fmt_end(b, sizeof b, "deep", "deep", &e), "deep died: stack overflow"));
    e = (struct tabula_exit){.how = TABULA_END_KILLED};
    strcpy(e.reason, "killed by task 1");
    CHECK(!strcmp(fmt_end(b, sizeof b, "spin", "spin", &e), "spin killed"));
    e.how = 99;
    CHECK(!strcmp(fmt_end(b, sizeof b, "q", "q", &e), "q ended (how 99): killed by task 1"));
}

TEST(report_lines)
{
    char b[256];
    struct tabula_exit e = {.how = TABULA_END_EXIT};
    CHECK(!fmt_report_line(b, sizeof b, "x", &e, 0)); /* a clean exit has none */

    e = (struct tabula_exit){.how = TABULA_END_CRASH, .depth = 3, .frames = 3};
    strcpy(e.backtrace[0].symbol, "crash_null+0x42");
    strcpy(e.backtrace[1].symbol, "main+0xd8");
    e.backtrace[2].pc_offset = 0x6f0; /* no symbol: named by the app */
    CHECK(fmt_report_line(b, sizeof b, "crashme", &e, 0));
    CHECK(!strcmp(b, "  at crash_null+0x42"));
    CHECK(fmt_report_line(b, sizeof b, "crashme", &e, 1));
    CHECK(!strcmp(b, "  #1 main+0xd8"));
    CHECK(fmt_report_line(b, sizeof b, "crashme", &e, 2));
    CHECK(!strcmp(b, "  #2 crashme+0x6f0"));
    CHECK(!fmt_report_line(b, sizeof b, "crashme", &e, 3));

    /* An overflow says how deep first, and how many frames were left out. */
    e = (struct tabula_exit){.how = TABULA_END_STACK, .depth = 200,
                             .frames = TABULA_BACKTRACE_MAX};
    strcpy(e.reason, "stack overflow: 65872 bytes deep (the stack is 65536), 200 frames");
    for (int i = 0; i < TABULA_BACKTRACE_MAX; i++)
        strcpy(e.backtrace[i].symbol, "recurse+0x6e");
    CHECK(fmt_report_line(b, sizeof b, "deep", &e, 0));
    CHECK(!strcmp(b, "  stack overflow: 65872 bytes deep (the stack is 65536), 200 frames"));
    CHECK(fmt_report_line(b, sizeof b, "deep", &e, 1));
    CHECK(!strcmp(b, "  at recurse+0x6e"));
    CHECK(fmt_report_line(b, sizeof b, "deep", &e, TABULA_BACKTRACE_MAX));
    CHECK(!strcmp(b, "  #7 recurse+0x6e"));
    CHECK(fmt_report_line(b, sizeof b, "deep", &e, TABULA_BACKTRACE_MAX + 1));
    CHECK(!strcmp(b, "  ... 192 more frames"));
    CHECK(!fmt_report_line(b, sizeof b, "deep", &e, TABULA_BACKTRACE_MAX + 2));

    /* Kernel-supplied text need not be terminated, and frames is clamped. */
    e.frames = 1000;
    memset(e.reason, 'z', sizeof e.reason);
    memset(e.backtrace[0].symbol, 'y', sizeof e.backtrace[0].symbol);
    CHECK(fmt_report_line(b, sizeof b, "deep", &e, 0));
    CHECK_EQ(strlen(b), 2 + sizeof e.reason);
    CHECK(fmt_report_line(b, sizeof b, "deep", &e, 1));
    CHECK_EQ(strlen(b), 5 + TABULA_SYMBOL_MAX);
    CHECK(!fmt_report_line(b, sizeof b, "deep", &e, TABULA_BACKTRACE_MAX + 2));
}

TEST(names)
{
    CHECK(!strcmp(fmt_error(-TABULA_ESRCH), "no such task"));
    CHECK(!strcmp(fmt_error(-TABULA_ENOSYS), "not supported on this machine"));
    CHECK(!strcmp(fmt_error(-99), "unknown error"));
    CHECK(!strcmp(fmt_state(TABULA_TASK_BLOCKED), "blocked"));
    CHECK(!strcmp(fmt_state(-1), "?"));
    CHECK(!strcmp(fmt_state(6), "?"));
    CHECK(!strcmp(fmt_level(TABULA_LOG_WARN), "warn"));
    CHECK(!strcmp(fmt_level(4), "?"));
}

static void bar_string(char *out, const int *cells, int width)
{
    for (int i = 0; i < width; i++)
        out[i] = cells[i] < 0 ? '.' : (char)('A' + cells[i]);
    out[width] = 0;
}

TEST(bar_proportional)
{
    /* 16 cells over 16 units of 0x1000: one cell per unit. */
    struct tabula_slot_info s[] = {
        {0x10000, 0x4000, 1}, {0x14000, 0x2000, 0}, {0x16000, 0x8000, 5},
        {0x1e000, 0x2000, 0},
    };
    int cells[16];
    char txt[17];
    fmt_bar(cells, 16, 0x10000, 0x10000, s, 4);
    bar_string(txt, cells, 16);
    CHECK(!strcmp(txt, "AAAA..CCCCCCCC.."));
}

TEST(bar_small_slots_still_show)
{
    /* A big arena: each slot is far smaller than a cell. */
    struct tabula_slot_info s[] = {
        {0x80000000, 0x80000, 1}, {0x80080000, 0x40000, 2},
        {0x800c0000, 0x40000, 3}, {0x80100000, 0x7f00000, 0},
    };
    int cells[8];
    char txt[9];
    fmt_bar(cells, 8, 0x80000000, 0x8000000, s, 4);
    bar_string(txt, cells, 8);
    CHECK(!strcmp(txt, "ABC....."));
}

TEST(bar_small_slot_does_not_hide_a_single_cell_owner)
{
    /* B is tiny and lands in A's only cell: it must go next door, not
     * replace A. C covers cells 1..7 so B takes one of C's cells. */
    struct tabula_slot_info s[] = {
        {0, 0x1000, 1}, {0x1000, 0x10, 2}, {0x2000, 0xe000, 3},
    };
    int cells[8];
    char txt[9];
    fmt_bar(cells, 8, 0, 0x10000, s, 3);
    bar_string(txt, cells, 8);
    CHECK(!strcmp(txt, "ABCCCCCC"));
}

TEST(bar_keeps_address_order_when_crowded)
{
    /* The case seen under QEMU: two small slots and a 2M one share the
     * first cell of a 121.75M arena; they must still read A, B, C, D. */
    uint64_t b = 0x80643000;
    struct tabula_slot_info s[] = {
        {b, 0x80000, 1}, {b + 0x80000, 0x40000, 2},
        {b + 0xc0000, 0x200000, 3}, {b + 0x2c0000, 0x1400000, 4},
        {b + 0x16c0000, 0x79bd000 - 0x16c0000, 0},
    };
    int cells[64];
    char txt[65];
    fmt_bar(cells, 64, b, 0x79bd000, s, 5);
    bar_string(txt, cells, 64);
    CHECK(!strncmp(txt, "ABCDDDDDDDDD....", 16)); /* D ends at cell 12 */
    for (int i = 12; i < 64; i++)
        CHECK_EQ(cells[i], -1);
}

TEST(bar_more_slots_than_cells)
{
    struct tabula_slot_info s[6];
    for (int i = 0; i < 6; i++)
        s[i] = (struct tabula_slot_info){0x100 * (uint64_t)i, 0x100, i + 1};
    int cells[4];
    fmt_bar(cells, 4, 0, 0x600, s, 6);
    for (int i = 0; i < 4; i++)
        CHECK(cells[i] >= 0 && cells[i] < 6);
}

TEST(bar_empty_arena)
{
    int cells[4] = {7, 7, 7, 7};
    fmt_bar(cells, 4, 0, 0, 0, 0);
    for (int i = 0; i < 4; i++)
        CHECK_EQ(cells[i], -1);
}

static enum lined_event feed(struct lined *ed, const char *bytes)
{
    enum lined_event ev = LINED_NONE;
    for (; *bytes; bytes++)
        ev = lined_feed(ed, (unsigned char)*bytes);
    return ev;
}

TEST(lined_insert_erase_enter)
{
    struct lined ed;
    lined_reset(&ed);
    CHECK_EQ(lined_feed(&ed, 'p'), LINED_INSERT);
    CHECK_EQ(feed(&ed, "sx"), LINED_INSERT);
    CHECK_EQ(lined_feed(&ed, 0x7f), LINED_ERASE);
    CHECK_EQ(ed.erased, 1);
    CHECK(!strcmp(ed.buf, "ps"));
    CHECK_EQ(lined_feed(&ed, '\r'), LINED_ENTER);
    CHECK(!strcmp(ed.line, "ps"));
    CHECK_EQ(ed.len, 0);
    CHECK_EQ(lined_feed(&ed, '\n'), LINED_NONE); /* CRLF is one Enter */
    CHECK_EQ(lined_feed(&ed, '\n'), LINED_ENTER); /* a second LF is another */
    CHECK(!strcmp(ed.line, ""));
    CHECK_EQ(lined_feed(&ed, '\b'), LINED_NONE); /* nothing to erase */
}

TEST(lined_kill_word_and_line)
{
    struct lined ed;
    lined_reset(&ed);
    feed(&ed, "run hello  ");
    CHECK_EQ(lined_feed(&ed, 0x17), LINED_ERASE); /* Ctrl-W */
    CHECK_EQ(ed.erased, 7);
    CHECK(!strcmp(ed.buf, "run "));
    CHECK_EQ(lined_feed(&ed, 0x15), LINED_ERASE); /* Ctrl-U */
    CHECK_EQ(ed.erased, 4);
    CHECK_EQ(ed.len, 0);
    CHECK_EQ(lined_feed(&ed, 0x15), LINED_NONE);
}

TEST(lined_swallows_escape_sequences)
{
    struct lined ed;
    lined_reset(&ed);
    feed(&ed, "a\x1b[A\x1b[1;5C\x1bOP\x1b" "xb\x01\t");
    CHECK(!strcmp(ed.buf, "ab"));
    /* A cut-off sequence does not eat Enter. */
    feed(&ed, "\x1b[12");
    CHECK_EQ(lined_feed(&ed, '\r'), LINED_ENTER);
    CHECK(!strcmp(ed.line, "ab"));
    /* ESC ESC [ B: the second ESC starts a fresh sequence. */
    feed(&ed, "\x1b\x1b[Bz");
    CHECK(!strcmp(ed.buf, "z"));
}

TEST(lined_controls)
{
    struct lined ed;
    lined_reset(&ed);
    feed(&ed, "abc");
    CHECK_EQ(lined_feed(&ed, 0x04), LINED_EOF);
    CHECK(!strcmp(ed.buf, "abc"));
    CHECK_EQ(lined_feed(&ed, 0x03), LINED_INTERRUPT);
    CHECK_EQ(ed.len, 0);
    CHECK_EQ(lined_feed(&ed, 0xc3), LINED_NONE); /* non-ASCII is ignored */
    CHECK_EQ(ed.len, 0);
}

TEST(lined_full_line)
{
    struct lined ed;
    lined_reset(&ed);
    for (int i = 0; i < LINED_MAX + 10; i++)
        lined_feed(&ed, 'x');
    CHECK_EQ(ed.len, LINED_MAX - 1);
    CHECK_EQ(lined_feed(&ed, 'y'), LINED_NONE);
    CHECK_EQ(lined_feed(&ed, '\n'), LINED_ENTER);
    CHECK_EQ(strlen(ed.line), LINED_MAX - 1);
}
