/*
 * surface.c: the text surface (see surface.h). The visible rows and the
 * scrollback share one ring of lines, so scrolling the whole screen up, by
 * far the commonest change, moves an index instead of copying the grid:
 * the old top row simply becomes the newest scrollback line.
 */
#include "surface.h"

#include <stdlib.h>
#include <string.h>

static struct cell blank(const struct surface *s)
{
    return cell_blank(COLOR_DEFAULT, s->pen.bg);
}

static void fill(struct cell *row, int n, struct cell c)
{
    for (int i = 0; i < n; i++)
        row[i] = c;
}

static int clamp(int v, int lo, int hi)
{
    return v < lo ? lo : v > hi ? hi : v;
}

static void reset_modes(struct surface *s)
{
    s->cx = s->cy = 0;
    s->wrap_pending = false;
    s->autowrap = true;
    s->cursor_visible = true;
    s->pen = cell_blank(COLOR_DEFAULT, COLOR_DEFAULT);
    s->saved_pen = s->pen;
    s->saved_cx = s->saved_cy = 0;
    s->region_top = 0;
    s->region_bottom = s->rows - 1;
}

int surface_init(struct surface *s, int cols, int rows, int history)
{
    memset(s, 0, sizeof *s);
    if (cols < 1 || rows < 1 || history < 0)
        return -1;
    s->lines = malloc((size_t)cols * (size_t)(rows + history) * sizeof *s->lines);
    if (!s->lines)
        return -1;
    s->cols = cols;
    s->rows = rows;
    s->history = history;
    s->cap = rows + history;
    surface_reset(s);
    return 0;
}

void surface_free(struct surface *s)
{
    free(s->lines);
    memset(s, 0, sizeof *s);
}

void surface_reset(struct surface *s)
{
    if (!s->lines)
        return;
    reset_modes(s);
    fill(s->lines, s->cols * s->cap, blank(s));
    s->top = 0;
    s->kept = 0;
    s->version++;
}

struct cell *surface_row(struct surface *s, int y)
{
    if (!s->lines || y >= s->rows || y < -s->kept)
        return 0;
    int i = ((s->top + y) % s->cap + s->cap) % s->cap;
    return &s->lines[(size_t)i * (size_t)s->cols];
}

const struct cell *surface_row_c(const struct surface *s, int y)
{
    return surface_row((struct surface *)s, y);
}

/* The lines worth keeping on a resize: everything up to the cursor or the
 * last visible row with something on it, whichever is lower. */
static int used_rows(const struct surface *s)
{
    int last = s->cy;
    for (int y = s->rows - 1; y > last; y--) {
        const struct cell *row = surface_row_c(s, y);
        for (int x = 0; x < s->cols; x++) {
            if (row[x].ch != ' ' || row[x].bg != COLOR_DEFAULT) {
                last = y;
                break;
            }
        }
        if (last == y)
            break;
    }
    return last + 1;
}

int surface_resize(struct surface *s, int cols, int rows)
{
    if (!s->lines || cols < 1 || rows < 1)
        return -1;
    if (cols == s->cols && rows == s->rows)
        return 0;
    struct surface n;
    if (surface_init(&n, cols, rows, s->history) < 0)
        return -1;
    /* Old lines, oldest first: scrollback, then the visible rows in use. */
    int used = used_rows(s);
    int total = s->kept + used;
    int visible = used < rows ? used : rows;
    int to_history = total - visible;
    if (to_history > n.history)
        to_history = n.history;
    int first = total - visible - to_history; /* old lines dropped */
    int copy = cols < s->cols ? cols : s->cols;
    n.kept = to_history;
    for (int i = 0; i < to_history + visible; i++) {
        const struct cell *from = surface_row_c(s, first + i - s->kept);
        /* i - to_history: the new row, negative in the scrollback */
        memcpy(surface_row(&n, i - to_history), from, (size_t)copy * sizeof *from);
    }
    n.pen = s->pen;
    n.cursor_visible = s->cursor_visible;
    n.autowrap = s->autowrap;
    n.cx = clamp(s->cx, 0, cols - 1);
    n.cy = clamp(s->cy - (used - visible), 0, rows - 1);
    n.scrolled = s->scrolled + (uint64_t)(used - visible);
    n.version = s->version + 1;
    free(s->lines);
    *s = n;
    return 0;
}

void surface_set_region(struct surface *s, int top, int bottom)
{
    if (!s->lines)
        return;
    top = clamp(top, 0, s->rows - 1);
    bottom = clamp(bottom, 0, s->rows - 1);
    if (top >= bottom) {
        top = 0;
        bottom = s->rows - 1;
    }
    s->region_top = top;
    s->region_bottom = bottom;
    surface_goto(s, 0, 0);
}

static void copy_row(struct surface *s, int to, int from)
{
    memcpy(surface_row(s, to), surface_row(s, from), (size_t)s->cols * sizeof(struct cell));
}

/* Text moves up n lines in the region; with keep, lines leaving the top
 * of a whole-screen region go to the scrollback. */
static void scroll_up(struct surface *s, int n, bool keep)
{
    if (!s->lines || n < 1)
        return;
    int top = s->region_top, bottom = s->region_bottom;
    n = n > bottom - top + 1 ? bottom - top + 1 : n;
    if (keep && top == 0 && bottom == s->rows - 1) {
        /* The whole screen: rotate the ring, the top rows become history. */
        for (int i = 0; i < n; i++) {
            s->top = (s->top + 1) % s->cap;
            if (s->kept < s->history)
                s->kept++;
            fill(surface_row(s, s->rows - 1), s->cols, blank(s));
        }
        s->scrolled += (uint64_t)n;
    } else {
        for (int y = top; y + n <= bottom; y++)
            copy_row(s, y, y + n);
        for (int y = bottom - n + 1; y <= bottom; y++)
            fill(surface_row(s, y), s->cols, blank(s));
    }
    s->version++;
}

void surface_scroll_up(struct surface *s, int n)
{
    scroll_up(s, n, false);
}

void surface_scroll_down(struct surface *s, int n)
{
    if (!s->lines || n < 1)
        return;
    int top = s->region_top, bottom = s->region_bottom;
    n = n > bottom - top + 1 ? bottom - top + 1 : n;
    for (int y = bottom; y - n >= top; y--)
        copy_row(s, y, y - n);
    for (int y = top; y < top + n; y++)
        fill(surface_row(s, y), s->cols, blank(s));
    s->version++;
}

void surface_linefeed(struct surface *s)
{
    if (!s->lines)
        return;
    s->wrap_pending = false;
    if (s->cy == s->region_bottom)
        scroll_up(s, 1, true);
    else if (s->cy < s->rows - 1)
        s->cy++;
    s->version++;
}

void surface_reverse_index(struct surface *s)
{
    if (!s->lines)
        return;
    s->wrap_pending = false;
    if (s->cy == s->region_top)
        surface_scroll_down(s, 1);
    else if (s->cy > 0)
        s->cy--;
    s->version++;
}

void surface_carriage_return(struct surface *s)
{
    s->cx = 0;
    s->wrap_pending = false;
    s->version++;
}

void surface_backspace(struct surface *s)
{
    if (s->cx > 0)
        s->cx--;
    s->wrap_pending = false;
    s->version++;
}

void surface_tab(struct surface *s)
{
    if (!s->lines)
        return;
    s->cx = (s->cx / 8 + 1) * 8;
    if (s->cx >= s->cols)
        s->cx = s->cols - 1;
    s->version++;
}

void surface_goto(struct surface *s, int x, int y)
{
    if (!s->lines)
        return;
    s->cx = clamp(x, 0, s->cols - 1);
    s->cy = clamp(y, 0, s->rows - 1);
    s->wrap_pending = false;
    s->version++;
}

void surface_put(struct surface *s, uint32_t ch)
{
    if (!s->lines)
        return;
    if (s->wrap_pending) {
        s->wrap_pending = false;
        s->cx = 0;
        surface_linefeed(s);
    }
    struct cell *row = surface_row(s, s->cy);
    row[s->cx] = s->pen;
    row[s->cx].ch = ch & 0xffffff;
    if (s->cx == s->cols - 1)
        s->wrap_pending = s->autowrap;
    else
        s->cx++;
    s->version++;
}

void surface_puts(struct surface *s, const char *text)
{
    for (; *text; text++) {
        if (*text == '\n') {
            surface_carriage_return(s);
            surface_linefeed(s);
        } else {
            surface_put(s, (unsigned char)*text);
        }
    }
}

void surface_erase_line(struct surface *s, int mode)
{
    if (!s->lines)
        return;
    struct cell *row = surface_row(s, s->cy);
    int from = mode == 0 ? s->cx : 0;
    int to = mode == 1 ? s->cx + 1 : s->cols;
    fill(row + from, to - from, blank(s));
    s->wrap_pending = false;
    s->version++;
}

void surface_erase_screen(struct surface *s, int mode)
{
    if (!s->lines)
        return;
    int cy = s->cy;
    if (mode == 0 || mode == 1)
        surface_erase_line(s, mode);
    for (int y = 0; y < s->rows; y++) {
        if ((mode == 0 && y > cy) || (mode == 1 && y < cy) || mode >= 2)
            fill(surface_row(s, y), s->cols, blank(s));
    }
    if (mode == 3)
        s->kept = 0;
    s->version++;
}

void surface_erase_chars(struct surface *s, int n)
{
    if (!s->lines || n < 1)
        return;
    if (n > s->cols - s->cx)
        n = s->cols - s->cx;
    fill(surface_row(s, s->cy) + s->cx, n, blank(s));
    s->wrap_pending = false;
    s->version++;
}

void surface_insert_chars(struct surface *s, int n)
{
    if (!s->lines || n < 1)
        return;
    struct cell *row = surface_row(s, s->cy);
    if (n > s->cols - s->cx)
        n = s->cols - s->cx;
    memmove(row + s->cx + n, row + s->cx, (size_t)(s->cols - s->cx - n) * sizeof *row);
    fill(row + s->cx, n, blank(s));
    s->wrap_pending = false;
    s->version++;
}

void surface_delete_chars(struct surface *s, int n)
{
    if (!s->lines || n < 1)
        return;
    struct cell *row = surface_row(s, s->cy);
    if (n > s->cols - s->cx)
        n = s->cols - s->cx;
    memmove(row + s->cx, row + s->cx + n, (size_t)(s->cols - s->cx - n) * sizeof *row);
    fill(row + s->cols - n, n, blank(s));
    s->wrap_pending = false;
    s->version++;
}

/* Insert and delete lines work inside the scrolling region, from the
 * cursor's row down; outside it they do nothing. */
void surface_insert_lines(struct surface *s, int n)
{
    if (!s->lines || s->cy < s->region_top || s->cy > s->region_bottom)
        return;
    int top = s->region_top;
    s->region_top = s->cy;
    surface_scroll_down(s, n);
    s->region_top = top;
    s->cx = 0;
    s->wrap_pending = false;
}

void surface_delete_lines(struct surface *s, int n)
{
    if (!s->lines || s->cy < s->region_top || s->cy > s->region_bottom)
        return;
    int top = s->region_top;
    s->region_top = s->cy;
    scroll_up(s, n, false);
    s->region_top = top;
    s->cx = 0;
    s->wrap_pending = false;
}
