/* test_console.c: the tabbed console's pure parts (monitor/): the text
 * surface and its VT interpreter, the compositor's byte stream, the key
 * decoder, the shell's line editor, half-block raster rendering and the
 * theme. Linked only into this test (CONSOLE_PURE in the Makefile). */
#include "check.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "edit.h"
#include "history.h"
#include "keys.h"
#include "raster.h"
#include "screen.h"
#include "surface.h"
#include "theme.h"
#include "vt.h"

/* The text of visible row y, trailing blanks cut, ASCII only. */
static const char *row_text(struct surface *s, int y)
{
    static char buf[512];
    const struct cell *row = surface_row(s, y);
    int n = 0;
    for (int x = 0; x < s->cols && n < 511; x++)
        buf[n++] = row[x].ch < 0x80 ? (char)row[x].ch : '?';
    while (n > 0 && buf[n - 1] == ' ')
        n--;
    buf[n] = 0;
    return buf;
}

static void feed(struct vt *vt, const char *text)
{
    vt_feed(vt, text, strlen(text));
}

static char reply_buf[64];
static void reply(void *ctx, const char *buf, size_t len)
{
    (void)ctx;
    snprintf(reply_buf, sizeof reply_buf, "%.*s", (int)len, buf);
}

TEST(vt_text_newlines_and_wrap)
{
    struct surface s;
    struct vt vt;
    CHECK_EQ(surface_init(&s, 10, 3, 5), 0);
    vt_init(&vt, &s, 0, 0);
    feed(&vt, "hello\nworld\r!");
    CHECK(!strcmp(row_text(&s, 0), "hello"));
    CHECK(!strcmp(row_text(&s, 1), "!orld"));
    CHECK_EQ(s.cx, 1);
    feed(&vt, "\n0123456789");
    CHECK(!strcmp(row_text(&s, 2), "0123456789"));
    CHECK(s.wrap_pending);
    /* The 11th character wraps, scrolling the top row into history. */
    feed(&vt, "AB");
    CHECK(!strcmp(row_text(&s, 1), "0123456789"));
    CHECK(!strcmp(row_text(&s, 2), "AB"));
    CHECK_EQ(s.kept, 1);
    CHECK(!strcmp(row_text(&s, -1), "hello"));
    CHECK_EQ(s.scrolled, 1);
    surface_free(&s);
}

TEST(vt_cursor_motion_and_erase)
{
    struct surface s;
    struct vt vt;
    surface_init(&s, 20, 5, 0);
    vt_init(&vt, &s, 0, 0);
    feed(&vt, "\x1b[2J\x1b[3;5HX\x1b[1;1Habcdef\x1b[3D\x1b[K");
    CHECK(!strcmp(row_text(&s, 0), "abc"));
    CHECK(!strcmp(row_text(&s, 2), "    X"));
    feed(&vt, "\x1b[2;2H12345\x1b[2;3H\x1b[2P");
    CHECK(!strcmp(row_text(&s, 1), " 145"));
    feed(&vt, "\x1b[2@");
    CHECK(!strcmp(row_text(&s, 1), " 1  45"));
    feed(&vt, "\x1b[H\x1b[J");
    for (int y = 0; y < 5; y++)
        CHECK(!strcmp(row_text(&s, y), ""));
    feed(&vt, "\x1b[99;99Hz");
    CHECK_EQ(s.cy, 4);
    CHECK(!strcmp(row_text(&s, 4), "                   z"));
    surface_free(&s);
}

TEST(vt_sgr_colours)
{
    struct surface s;
    struct vt vt;
    surface_init(&s, 20, 2, 0);
    vt_init(&vt, &s, 0, 0);
    feed(&vt, "\x1b[1;31ma\x1b[38;5;200;48;2;1;2;3mb\x1b[0;7;94mc\x1b[39;22md");
    const struct cell *r = surface_row(&s, 0);
    CHECK_EQ(r[0].attr, ATTR_BOLD);
    CHECK_EQ(r[0].fg, COLOR_INDEX(1));
    CHECK_EQ(r[1].fg, COLOR_INDEX(200));
    CHECK_EQ(r[1].bg, COLOR_RGB(1, 2, 3));
    CHECK_EQ(r[1].attr, ATTR_BOLD);
    CHECK_EQ(r[2].attr, ATTR_REVERSE);
    CHECK_EQ(r[2].fg, COLOR_INDEX(12));
    CHECK_EQ(r[2].bg, COLOR_DEFAULT);
    CHECK_EQ(r[3].fg, COLOR_DEFAULT);
    /* Malformed extended colours are dropped, not misread. */
    feed(&vt, "\x1b[38;2;5m\x1b[mx");
    CHECK_EQ(surface_row(&s, 0)[4].fg, COLOR_DEFAULT);
    surface_free(&s);
}

TEST(vt_utf8_and_junk)
{
    struct surface s;
    struct vt vt;
    surface_init(&s, 10, 2, 0);
    vt_init(&vt, &s, 0, 0);
    feed(&vt, "\xe2\x96\x80\xc3\xa9\xff" "a\x1b]0;title\x07" "b\x1bP junk \x1b\\c");
    const struct cell *r = surface_row(&s, 0);
    CHECK_EQ(r[0].ch, 0x2580);
    CHECK_EQ(r[1].ch, 0xe9);
    CHECK_EQ(r[2].ch, 0xfffd);
    CHECK_EQ(r[3].ch, 'a');
    CHECK_EQ(r[4].ch, 'b');
    CHECK_EQ(r[5].ch, 'c');
    surface_free(&s);
}

TEST(vt_scroll_region_and_lines)
{
    struct surface s;
    struct vt vt;
    surface_init(&s, 8, 5, 10);
    vt_init(&vt, &s, 0, 0);
    feed(&vt, "0\n1\n2\n3\n4");
    feed(&vt, "\x1b[2;4r\x1b[4;1H\n"); /* LF at the region's bottom */
    CHECK(!strcmp(row_text(&s, 0), "0"));
    CHECK(!strcmp(row_text(&s, 1), "2"));
    CHECK(!strcmp(row_text(&s, 2), "3"));
    CHECK(!strcmp(row_text(&s, 3), ""));
    CHECK(!strcmp(row_text(&s, 4), "4"));
    CHECK_EQ(s.kept, 0); /* a region scroll keeps no history */
    feed(&vt, "\x1b[r\x1b[2;1H\x1b[L");
    CHECK(!strcmp(row_text(&s, 1), ""));
    CHECK(!strcmp(row_text(&s, 2), "2"));
    feed(&vt, "\x1b[M\x1b[M");
    CHECK(!strcmp(row_text(&s, 1), "3"));
    surface_free(&s);
}

TEST(vt_answers_position_and_hides_cursor)
{
    struct surface s;
    struct vt vt;
    surface_init(&s, 80, 24, 0);
    vt_init(&vt, &s, reply, 0);
    feed(&vt, "\x1b[999;999H\x1b[6n");
    CHECK(!strcmp(reply_buf, "\x1b[24;80R"));
    feed(&vt, "\x1b[?25l");
    CHECK(!s.cursor_visible);
    feed(&vt, "\x1b[?25h\x1b[?1049h");
    CHECK(s.cursor_visible);
    surface_free(&s);
}

TEST(surface_resize_keeps_recent_lines)
{
    struct surface s;
    struct vt vt;
    surface_init(&s, 10, 4, 10);
    vt_init(&vt, &s, 0, 0);
    feed(&vt, "a\nb\nc\nd");
    CHECK_EQ(surface_resize(&s, 5, 2), 0);
    vt.s = &s;
    CHECK(!strcmp(row_text(&s, 0), "c"));
    CHECK(!strcmp(row_text(&s, 1), "d"));
    CHECK(!strcmp(row_text(&s, -1), "b"));
    CHECK_EQ(s.cy, 1);
    CHECK_EQ(surface_resize(&s, 20, 6), 0);
    CHECK(!strcmp(row_text(&s, 0), "c"));
    CHECK_EQ(s.cy, 1);
    feed(&vt, "\nlonger than five");
    CHECK(!strcmp(row_text(&s, 2), "longer than five"));
    surface_free(&s);
}

TEST(surface_history_ring_wraps)
{
    struct surface s;
    struct vt vt;
    char line[16];
    surface_init(&s, 6, 2, 3);
    vt_init(&vt, &s, 0, 0);
    for (int i = 0; i < 20; i++) {
        snprintf(line, sizeof line, "%d\n", i);
        feed(&vt, line);
    }
    CHECK_EQ(s.kept, 3);
    CHECK(!strcmp(row_text(&s, 0), "19"));
    CHECK(!strcmp(row_text(&s, -1), "18"));
    CHECK(!strcmp(row_text(&s, -3), "16"));
    CHECK(surface_row(&s, -4) == 0);
    surface_free(&s);
}

/* The compositor's output, captured. */
static char out[65536];
static size_t out_len;
static void capture(void *ctx, const char *buf, size_t len)
{
    (void)ctx;
    if (out_len + len < sizeof out) {
        memcpy(out + out_len, buf, len);
        out_len += len;
    }
    out[out_len] = 0;
}

TEST(screen_sends_only_what_changed)
{
    struct screen s;
    CHECK_EQ(screen_init(&s, 80, 24, capture, 0), 0);
    struct cell bg = cell_blank(COLOR_RGB(1, 1, 1), COLOR_RGB(1, 1, 1));
    screen_clear(&s, bg);
    screen_text(&s, 0, 0, 80, "tabula", ATTR_BOLD, COLOR_RGB(255, 0, 128), COLOR_RGB(1, 1, 1));
    out_len = 0;
    size_t first = screen_flush(&s);
    CHECK(first > 80 * 24);
    CHECK_STR_CONTAINS(out, "tabula");
    CHECK_STR_CONTAINS(out, "38;2;255;0;128");

    /* Nothing changed: nothing sent. */
    out_len = 0;
    CHECK_EQ(screen_flush(&s), 0);

    /* One cell: a cursor motion, the character, no colour (same pen as the
     * last cell sent? no: the pen is bg-only), a handful of bytes. */
    screen_text(&s, 40, 12, 80, "x", 0, COLOR_RGB(1, 1, 1), COLOR_RGB(1, 1, 1));
    out_len = 0;
    size_t one = screen_flush(&s);
    CHECK(one > 0 && one <= 20);
    CHECK_STR_CONTAINS(out, "\x1b[13;41H");
    CHECK_STR_CONTAINS(out, "x");

    /* The next cell along needs no motion at all. */
    screen_text(&s, 41, 12, 80, "y", 0, COLOR_RGB(1, 1, 1), COLOR_RGB(1, 1, 1));
    out_len = 0;
    CHECK_EQ(screen_flush(&s), 1);
    CHECK(!strcmp(out, "y"));
    free(s.want);
    free(s.sent);
}

TEST(screen_cursor_and_256_colours)
{
    struct screen s;
    screen_init(&s, 20, 5, capture, 0);
    s.depth = SCREEN_256;
    screen_text(&s, 0, 0, 20, "a", 0, COLOR_RGB(255, 0, 0), COLOR_DEFAULT);
    s.cursor_on = true;
    s.cursor_x = 3;
    s.cursor_y = 2;
    out_len = 0;
    screen_flush(&s);
    CHECK_STR_CONTAINS(out, "38;5;196");
    CHECK_STR_CONTAINS(out, "\x1b[3;4H");
    CHECK_STR_CONTAINS(out, "\x1b[?25h");
    out_len = 0;
    CHECK_EQ(screen_flush(&s), 0);
    CHECK_EQ(screen_rgb_to_256(0x000000), 16);
    CHECK_EQ(screen_rgb_to_256(0xffffff), 231);
    CHECK_EQ(screen_rgb_to_256(0x808080), 244);
    CHECK_EQ(screen_rgb_to_256(0x00ffff), 51);
    free(s.want);
    free(s.sent);
}

TEST(screen_short_gaps_are_rewritten_not_jumped)
{
    struct screen s;
    screen_init(&s, 20, 2, capture, 0);
    screen_flush(&s);
    screen_text(&s, 2, 0, 20, "a", 0, COLOR_DEFAULT, COLOR_DEFAULT);
    screen_text(&s, 5, 0, 20, "b", 0, COLOR_DEFAULT, COLOR_DEFAULT);
    out_len = 0;
    screen_flush(&s);
    CHECK_STR_CONTAINS(out, "a  b");
    free(s.want);
    free(s.sent);
}

TEST(screen_half_blocks_and_blanks_keep_the_pen)
{
    struct screen s;
    uint32_t a = COLOR_RGB(200, 0, 0), b = COLOR_RGB(0, 0, 200), c = COLOR_RGB(0, 200, 0);
    screen_init(&s, 4, 1, capture, 0);
    screen_clear(&s, cell_blank(b, b));
    screen_flush(&s);
    /* Pen now ink b on b. Upper a over lower b: b stays the background. */
    struct cell up = {0x2580, 0, a, b};
    screen_set(&s, 0, 0, up);
    /* Upper b over lower c: as a lower half block in c on b, only the
     * foreground changes (a half block in b on c would change both). */
    struct cell next = {0x2580, 0, b, c};
    screen_set(&s, 1, 0, next);
    out_len = 0;
    screen_flush(&s);
    CHECK_STR_CONTAINS(out, "\x1b[38;2;200;0;0m\xe2\x96\x80\x1b[38;2;0;200;0m\xe2\x96\x84");
    /* Sent again unchanged: nothing, though the terminal shows the swap. */
    out_len = 0;
    CHECK_EQ(screen_flush(&s), 0);
    /* A blank in another ink but the same background: no colour change,
     * and a blank that differs only in ink is not sent at all. */
    screen_set(&s, 2, 0, cell_blank(a, b));
    screen_set(&s, 3, 0, cell_blank(c, COLOR_RGB(1, 2, 3)));
    out_len = 0;
    screen_flush(&s);
    CHECK(!strstr(out, "38;2"));
    CHECK_STR_CONTAINS(out, "48;2;1;2;3");
    free(s.want);
    free(s.sent);
}

static int feed_keys(struct keys *kd, const char *bytes, struct key *keys, int max)
{
    int n = 0;
    for (; *bytes && n < max; bytes++)
        if (keys_feed(kd, (unsigned char)*bytes, &keys[n]))
            n++;
    return n;
}

TEST(keys_decode_sequences)
{
    struct keys kd;
    struct key k[16];
    keys_init(&kd);
    int n = feed_keys(&kd, "a\x1b[A\x1bOP\x1b[15~\x1b[24~\x1b" "3\x1b[1;5C\x01\x1b[3~", k, 16);
    CHECK_EQ(n, 9);
    CHECK(k[0].code == KEY_CHAR && k[0].ch == 'a');
    CHECK_EQ(k[1].code, KEY_UP);
    CHECK_EQ(k[2].code, KEY_F1);
    CHECK_EQ(k[3].code, KEY_F1 + 4);
    CHECK_EQ(k[4].code, KEY_F12);
    CHECK(k[5].code == KEY_CHAR && k[5].ch == '3' && k[5].alt);
    CHECK_EQ(k[6].code, KEY_RIGHT);
    CHECK(k[7].code == KEY_CHAR && k[7].ch == 1);
    CHECK_EQ(k[8].code, KEY_DELETE);
    CHECK_EQ(k[1].len, 3);
    CHECK(!memcmp(k[1].raw, "\x1b[A", 3));
}

TEST(keys_cursor_report_lone_escape_and_utf8)
{
    struct keys kd;
    struct key k[8];
    keys_init(&kd);
    CHECK_EQ(feed_keys(&kd, "\x1b[50;132R", k, 8), 1);
    CHECK(k[0].code == KEY_CPR && k[0].row == 50 && k[0].col == 132);
    CHECK_EQ(feed_keys(&kd, "\x1b", k, 8), 0);
    CHECK(keys_pending(&kd));
    CHECK(keys_timeout(&kd, &k[0]));
    CHECK_EQ(k[0].code, KEY_ESC);
    CHECK(!keys_pending(&kd));
    CHECK_EQ(feed_keys(&kd, "\xc3\xa9", k, 8), 1);
    CHECK(k[0].code == KEY_CHAR && k[0].ch == 0xe9);
    /* A sequence cut by Enter: the sequence passes on, Enter stays. */
    CHECK_EQ(feed_keys(&kd, "\x1b[12\r", k, 8), 1);
    CHECK_EQ(k[0].code, KEY_OTHER);
    CHECK(keys_timeout(&kd, &k[0]));
    CHECK(k[0].code == KEY_CHAR && k[0].ch == '\r');
}

static struct key ch(uint32_t c)
{
    struct key k = {KEY_CHAR, c, false, 0, 0, {0}, 0};
    return k;
}

static struct key code(int c)
{
    struct key k = {c, 0, false, 0, 0, {0}, 0};
    return k;
}

static void type(struct edit *e, const char *text)
{
    for (; *text; text++) {
        struct key k = ch((unsigned char)*text);
        edit_key(e, &k);
    }
}

TEST(edit_cursor_keys_and_kills)
{
    struct edit e;
    struct key k;
    edit_init(&e);
    type(&e, "rn hello");
    for (int i = 0; i < 7; i++) {
        k = code(KEY_LEFT);
        edit_key(&e, &k);
    }
    type(&e, "u");
    CHECK(!strcmp(e.buf, "run hello"));
    k = code(KEY_END);
    edit_key(&e, &k);
    k = ch(0x17);
    CHECK_EQ(edit_key(&e, &k), EDIT_CHANGED);
    CHECK(!strcmp(e.buf, "run "));
    k = code(KEY_HOME);
    edit_key(&e, &k);
    k = code(KEY_DELETE);
    edit_key(&e, &k);
    CHECK(!strcmp(e.buf, "un "));
    k = ch(0x0b);
    edit_key(&e, &k);
    CHECK_EQ(e.len, 0);
}

TEST(edit_history)
{
    struct edit e;
    struct key k;
    edit_init(&e);
    type(&e, "ps\r");
    CHECK(!strcmp(e.line, "ps"));
    type(&e, "mem\r");
    type(&e, "draft");
    k = code(KEY_UP);
    CHECK_EQ(edit_key(&e, &k), EDIT_CHANGED);
    CHECK(!strcmp(e.buf, "mem"));
    edit_key(&e, &k);
    CHECK(!strcmp(e.buf, "ps"));
    CHECK_EQ(edit_key(&e, &k), EDIT_NONE);
    k = code(KEY_DOWN);
    edit_key(&e, &k);
    edit_key(&e, &k);
    CHECK(!strcmp(e.buf, "draft"));
    k = ch(3);
    CHECK_EQ(edit_key(&e, &k), EDIT_INTERRUPT);
    CHECK_EQ(e.len, 0);
}

TEST(edit_keeps_out_space_first_lines_ends_input_and_folds_crlf)
{
    struct edit e;
    struct key k;
    edit_init(&e);
    type(&e, "select 1;\r");
    type(&e, " secret\r");
    CHECK(!strcmp(e.line, " secret")); /* entered all the same */
    CHECK_EQ(e.history.count, 1);
    k = code(KEY_UP);
    edit_key(&e, &k);
    CHECK(!strcmp(e.buf, "select 1;"));
    k = ch(4);
    CHECK_EQ(edit_key(&e, &k), EDIT_NONE); /* Ctrl-D with text: nothing */
    k = ch(3);
    edit_key(&e, &k);
    k = ch(4);
    CHECK_EQ(edit_key(&e, &k), EDIT_EOF);
    k = ch('\r');
    CHECK_EQ(edit_key(&e, &k), EDIT_ENTER);
    k = ch('\n');
    CHECK_EQ(edit_key(&e, &k), EDIT_NONE); /* CRLF is one Enter */
    CHECK_EQ(edit_key(&e, &k), EDIT_ENTER); /* a second LF is another */
}

TEST(history_file_junk_is_skipped)
{
    static char text[4 * HISTORY_LINE_MAX];
    struct history h = {0};
    size_t n = 0;
    n += (size_t)sprintf(text + n, "print(1)\n\n\x01\x02\xff bin\n");
    memset(text + n, 'x', HISTORY_LINE_MAX); /* one line too long */
    n += HISTORY_LINE_MAX;
    n += (size_t)sprintf(text + n, "\n secret\ndos line\r\nprint(1)\nprint(1)\nlast");
    CHECK_EQ(history_parse(&h, text, n, false), 3);
    CHECK_EQ(h.count, 4);
    CHECK(!strcmp(h.lines[0], "print(1)"));
    CHECK(!strcmp(h.lines[1], "dos line"));
    CHECK(!strcmp(h.lines[2], "print(1)"));
    CHECK(!strcmp(h.lines[3], "last")); /* cut short, kept */
    /* A tail read from the middle of a line drops that line's end. */
    struct history t = {0};
    CHECK_EQ(history_parse(&t, "ne\nwhole\n", 9, true), 0);
    CHECK_EQ(t.count, 1);
    CHECK(!strcmp(t.lines[0], "whole"));
    CHECK_EQ(history_parse(&t, "no newline at all", 17, true), 0);
    CHECK_EQ(t.count, 1);
    CHECK_EQ(history_parse(&t, NULL, 0, false), 0);
}

TEST(history_keeps_the_newest_and_formats_what_it_parses)
{
    static struct history h, back;
    static char text[HISTORY_LINES * HISTORY_LINE_MAX];
    char line[32];
    for (int i = 0; i < HISTORY_LINES + 5; i++) {
        snprintf(line, sizeof line, "line %d", i);
        CHECK(history_add(&h, line));
    }
    CHECK(!history_add(&h, line)); /* the newest again */
    CHECK(!history_add(&h, ""));
    CHECK(!history_add(&h, " pass"));
    CHECK_EQ(h.count, HISTORY_LINES);
    CHECK(!strcmp(h.lines[0], "line 5"));
    size_t n = history_format(&h, text, sizeof text);
    CHECK_EQ(history_parse(&back, text, n, false), 0);
    CHECK_EQ(back.count, HISTORY_LINES);
    CHECK(!memcmp(&back, &h, sizeof h));
    CHECK_EQ(history_format(&h, text, 7), 7); /* "line 5\n" and no more */
}

TEST(history_names_evict_the_least_recently_used)
{
    char name[16];
    struct history_named *lua = history_named("lua");
    CHECK(!lua->loaded && lua->h.count == 0);
    history_add(&lua->h, "x = 1");
    lua->loaded = true;
    for (int i = 0; i < HISTORY_NAMES - 1; i++) {
        snprintf(name, sizeof name, "app%d", i);
        struct history_named *e = history_named(name);
        CHECK(!e->loaded && e->h.count == 0);
        e->loaded = true;
    }
    CHECK(history_named("lua") == lua); /* the table is full; lua is the newest */
    CHECK(lua->loaded && lua->h.count == 1);
    struct history_named *sq = history_named("sqlite3"); /* in app0's place */
    CHECK(!strcmp(sq->name, "sqlite3") && !sq->loaded && sq->h.count == 0);
    CHECK(history_named("app1")->loaded); /* kept, and now newer than app2 */
    CHECK(!history_named("app0")->loaded); /* a new entry, in app2's place */
    CHECK(history_named("app1")->loaded && history_named("lua") == lua);
    CHECK(!history_named("app2")->loaded);
    struct history_named *longer = history_named("a-name-longer-than-fifteen");
    CHECK_EQ(strlen(longer->name), HISTORY_NAME_MAX - 1);
}

TEST(edit_completion)
{
    static const char *const words[] = {"run", "reboot", "resize", "ps"};
    struct edit e;
    edit_init(&e);
    type(&e, "r");
    CHECK_EQ(edit_complete(&e, words, 4), 3);
    CHECK(!strcmp(e.buf, "r"));
    type(&e, "u");
    CHECK_EQ(edit_complete(&e, words, 4), 1);
    CHECK(!strcmp(e.buf, "run "));
    type(&e, "res");
    CHECK_EQ(edit_complete(&e, words, 4), 1);
    CHECK(!strcmp(e.buf, "run resize "));
    size_t len;
    int index;
    edit_current_word(&e, &len, &index);
    CHECK_EQ(index, 2);
    CHECK_EQ(edit_complete(&e, words, 0), 0);
}

TEST(raster_half_blocks_scale_and_centre)
{
    uint32_t px[4] = {0xff0000, 0x00ff00, 0x0000ff, 0xffffff}; /* 2 x 2 */
    struct raster r = {2, 2, px, 1};
    struct cell cells[4 * 2];
    raster_cells(&r, cells, 4, 2, COLOR_RGB(0, 0, 0));
    /* A 4 x 4 half-pixel target: 2x2 scaled up by 2, filling it. */
    CHECK_EQ(cells[0].ch, ' ');
    CHECK_EQ(cells[0].bg, COLOR_RGB(255, 0, 0));
    CHECK_EQ(cells[2].bg, COLOR_RGB(0, 255, 0));
    CHECK_EQ(cells[4].bg, COLOR_RGB(0, 0, 255));
    /* Wide target: the picture is centred with bars. */
    struct cell wide[10 * 1];
    raster_cells(&r, wide, 10, 1, COLOR_RGB(0, 0, 0));
    CHECK_EQ(wide[0].bg, COLOR_RGB(0, 0, 0));
    CHECK_EQ(wide[4].ch, RASTER_UPPER_HALF);
    CHECK_EQ(wide[4].fg, COLOR_RGB(255, 0, 0));
    CHECK_EQ(wide[4].bg, COLOR_RGB(0, 0, 255));
    /* Shrinking averages. */
    struct cell one[1];
    uint32_t grey[8] = {0x000000, 0xffffff, 0x000000, 0xffffff,
                        0x000000, 0xffffff, 0x000000, 0xffffff};
    struct raster g = {2, 4, grey, 1};
    raster_cells(&g, one, 1, 1, 0);
    CHECK_EQ(one[0].bg, COLOR_RGB(127, 127, 127));
}

TEST(theme_depths)
{
    theme_set_depth(THEME_TRUECOLOR);
    CHECK_EQ(COLOR_KIND(theme(TH_PINK)), COLOR_KIND_RGB);
    CHECK_STR_CONTAINS(theme_sgr(TH_PINK), "38;2;");
    CHECK_EQ(COLOR_KIND(theme_resolve(COLOR_DEFAULT, false)), COLOR_KIND_RGB);
    CHECK_EQ(theme_resolve(COLOR_INDEX(200), true), COLOR_INDEX(200));
    theme_set_depth(THEME_256);
    CHECK_EQ(theme(TH_PINK), COLOR_INDEX(198));
    CHECK_STR_CONTAINS(theme_sgr(TH_PINK), "38;5;198");
    CHECK_EQ(COLOR_KIND(theme_resolve(COLOR_INDEX(5), true)), COLOR_KIND_INDEX);
    theme_set_depth(THEME_TRUECOLOR);
}
