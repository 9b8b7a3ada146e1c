/*
 * vt.c: the escape-sequence state machine (see vt.h), after the shape of
 * DEC's parser: ground, escape, CSI (parameters, then one final byte), and
 * strings (OSC and friends) that are skipped to their terminator. CAN and
 * SUB abandon a sequence; a control byte inside one is acted on as usual.
 */
#include "vt.h"

#include <stdio.h>
#include <string.h>

enum { GROUND, ESCAPE, ESCAPE_SKIP, CSI, STRING, STRING_ESC };

#define REPLACEMENT 0xfffd

void vt_init(struct vt *vt, struct surface *s,
             void (*reply)(void *ctx, const char *buf, size_t len), void *ctx)
{
    memset(vt, 0, sizeof *vt);
    vt->s = s;
    vt->reply = reply;
    vt->ctx = ctx;
}

static int param(const struct vt *vt, int i, int dflt)
{
    return i < vt->nparams && vt->params[i] > 0 ? vt->params[i] : dflt;
}

static void answer(struct vt *vt, const char *text)
{
    if (vt->reply)
        vt->reply(vt->ctx, text, strlen(text));
}

/* 38;5;N or 38;2;R;G;B starting at params[*i] (the 38 or 48); moves *i
 * past what it used. Returns the colour, or -1 if malformed. */
static long extended_color(const struct vt *vt, int *i)
{
    int k = *i;
    if (param(vt, k + 1, 0) == 5 && k + 2 < vt->nparams) {
        *i = k + 2;
        return COLOR_INDEX(vt->params[k + 2] < 0 ? 0 : vt->params[k + 2]);
    }
    if (param(vt, k + 1, 0) == 2 && k + 4 < vt->nparams) {
        *i = k + 4;
        int r = vt->params[k + 2], g = vt->params[k + 3], b = vt->params[k + 4];
        return COLOR_RGB(r < 0 ? 0 : r, g < 0 ? 0 : g, b < 0 ? 0 : b);
    }
    *i = vt->nparams;
    return -1;
}

static void sgr(struct vt *vt)
{
    struct cell *pen = &vt->s->pen;
    if (vt->nparams == 0) {
        pen->attr = 0;
        pen->fg = pen->bg = COLOR_DEFAULT;
        return;
    }
    for (int i = 0; i < vt->nparams; i++) {
        int p = vt->params[i] < 0 ? 0 : vt->params[i];
        long c;
        switch (p) {
        case 0: pen->attr = 0; pen->fg = pen->bg = COLOR_DEFAULT; break;
        case 1: pen->attr |= ATTR_BOLD; break;
        case 2: pen->attr |= ATTR_DIM; break;
        case 3: pen->attr |= ATTR_ITALIC; break;
        case 4: pen->attr |= ATTR_UNDERLINE; break;
        case 5: case 6: pen->attr |= ATTR_BLINK; break;
        case 7: pen->attr |= ATTR_REVERSE; break;
        case 9: pen->attr |= ATTR_STRIKE; break;
        case 21: case 22: pen->attr &= ~(ATTR_BOLD | ATTR_DIM); break;
        case 23: pen->attr &= ~ATTR_ITALIC; break;
        case 24: pen->attr &= ~ATTR_UNDERLINE; break;
        case 25: pen->attr &= ~ATTR_BLINK; break;
        case 27: pen->attr &= ~ATTR_REVERSE; break;
        case 29: pen->attr &= ~ATTR_STRIKE; break;
        case 38:
            if ((c = extended_color(vt, &i)) >= 0)
                pen->fg = (uint32_t)c;
            break;
        case 39: pen->fg = COLOR_DEFAULT; break;
        case 48:
            if ((c = extended_color(vt, &i)) >= 0)
                pen->bg = (uint32_t)c;
            break;
        case 49: pen->bg = COLOR_DEFAULT; break;
        default:
            if (p >= 30 && p <= 37)
                pen->fg = COLOR_INDEX(p - 30);
            else if (p >= 40 && p <= 47)
                pen->bg = COLOR_INDEX(p - 40);
            else if (p >= 90 && p <= 97)
                pen->fg = COLOR_INDEX(p - 90 + 8);
            else if (p >= 100 && p <= 107)
                pen->bg = COLOR_INDEX(p - 100 + 8);
            break;
        }
    }
}

static void save_cursor(struct surface *s)
{
    s->saved_cx = s->cx;
    s->saved_cy = s->cy;
    s->saved_pen = s->pen;
}

static void restore_cursor(struct surface *s)
{
    s->pen = s->saved_pen;
    surface_goto(s, s->saved_cx, s->saved_cy);
}

static void private_mode(struct vt *vt, bool set)
{
    struct surface *s = vt->s;
    for (int i = 0; i < vt->nparams; i++) {
        switch (vt->params[i]) {
        case 7: s->autowrap = set; break;
        case 25: s->cursor_visible = set; s->version++; break;
        case 47: case 1047: case 1049:
            /* One screen only: entering or leaving the alternate screen
             * starts from a clean one, which is what programs expect. */
            if (set)
                save_cursor(s);
            surface_erase_screen(s, 2);
            if (!set)
                restore_cursor(s);
            break;
        default: break;
        }
    }
}

static void csi(struct vt *vt, char final)
{
    struct surface *s = vt->s;
    char buf[32];
    int n = param(vt, 0, 1);

    if (vt->marker == '?') {
        if (final == 'h' || final == 'l')
            private_mode(vt, final == 'h');
        return;
    }
    if (vt->marker || vt->intermediate)
        return;
    switch (final) {
    case 'A': surface_goto(s, s->cx, s->cy - n); break;
    case 'B': case 'e': surface_goto(s, s->cx, s->cy + n); break;
    case 'C': case 'a': surface_goto(s, s->cx + n, s->cy); break;
    case 'D': surface_goto(s, s->cx - n, s->cy); break;
    case 'E': surface_goto(s, 0, s->cy + n); break;
    case 'F': surface_goto(s, 0, s->cy - n); break;
    case 'G': case '`': surface_goto(s, n - 1, s->cy); break;
    case 'd': surface_goto(s, s->cx, n - 1); break;
    case 'H': case 'f': surface_goto(s, param(vt, 1, 1) - 1, n - 1); break;
    case 'J': surface_erase_screen(s, param(vt, 0, 0)); break;
    case 'K': surface_erase_line(s, param(vt, 0, 0)); break;
    case 'L': surface_insert_lines(s, n); break;
    case 'M': surface_delete_lines(s, n); break;
    case 'P': surface_delete_chars(s, n); break;
    case '@': surface_insert_chars(s, n); break;
    case 'X': surface_erase_chars(s, n); break;
    case 'S': surface_scroll_up(s, n); break;
    case 'T': surface_scroll_down(s, n); break;
    case 'm': sgr(vt); break;
    case 'r': surface_set_region(s, param(vt, 0, 1) - 1, param(vt, 1, s->rows) - 1); break;
    case 's': save_cursor(s); break;
    case 'u': restore_cursor(s); break;
    case 'n':
        if (param(vt, 0, 0) == 6) {
            snprintf(buf, sizeof buf, "\033[%d;%dR", s->cy + 1, s->cx + 1);
            answer(vt, buf);
        } else if (param(vt, 0, 0) == 5) {
            answer(vt, "\033[0n");
        }
        break;
    case 'c':
        answer(vt, "\033[?62;22c");
        break;
    default:
        break;
    }
}

static void escape(struct vt *vt, char c)
{
    struct surface *s = vt->s;
    vt->state = GROUND;
    switch (c) {
    case '[':
        vt->state = CSI;
        vt->nparams = 0;
        vt->marker = 0;
        vt->intermediate = 0;
        memset(vt->params, 0, sizeof vt->params);
        break;
    case ']': case 'P': case 'X': case '^': case '_':
        vt->state = STRING;
        break;
    case '(': case ')': case '*': case '+': case '#': case '%':
        vt->state = ESCAPE_SKIP; /* one more byte names the charset */
        break;
    case '7': save_cursor(s); break;
    case '8': restore_cursor(s); break;
    case 'D': surface_linefeed(s); break;
    case 'E': surface_carriage_return(s); surface_linefeed(s); break;
    case 'M': surface_reverse_index(s); break;
    case 'c': surface_reset(s); break;
    default: break; /* '=', '>' and the rest: nothing to show */
    }
}

static void csi_byte(struct vt *vt, char c)
{
    if (c >= '0' && c <= '9') {
        if (vt->nparams == 0)
            vt->nparams = 1;
        int *p = &vt->params[vt->nparams - 1];
        if (*p < 100000)
            *p = *p * 10 + (c - '0');
    } else if (c == ';' || c == ':') {
        if (vt->nparams == 0)
            vt->nparams = 1;
        if (vt->nparams < VT_PARAMS_MAX)
            vt->params[vt->nparams++] = 0;
    } else if (c >= 0x3c && c <= 0x3f) {
        vt->marker = c;
    } else if (c >= 0x20 && c <= 0x2f) {
        vt->intermediate = c;
    } else if (c >= 0x40 && c <= 0x7e) {
        vt->state = GROUND;
        csi(vt, c);
    }
}

/* C0 controls act the same in every state, and CAN, SUB and ESC start
 * over. Returns true when c was one. */
static bool control(struct vt *vt, unsigned char c)
{
    struct surface *s = vt->s;
    if (c >= 0x20 && c != 0x7f)
        return false;
    if (vt->state == STRING || vt->state == STRING_ESC) {
        if (c == 0x07 || c == 0x18 || c == 0x1a)
            vt->state = GROUND;
        else if (c == 0x1b)
            vt->state = STRING_ESC;
        return true;
    }
    switch (c) {
    case '\b': surface_backspace(s); break;
    case '\t': surface_tab(s); break;
    case '\n': case 0x0b: case 0x0c:
        surface_carriage_return(s);
        surface_linefeed(s);
        break;
    case '\r': surface_carriage_return(s); break;
    case 0x18: case 0x1a: vt->state = GROUND; break;
    case 0x1b: vt->state = ESCAPE; break;
    default: break;
    }
    return true;
}

static void text(struct vt *vt, unsigned char c)
{
    if (vt->utf8_left) {
        if ((c & 0xc0) == 0x80) {
            vt->utf8 = vt->utf8 << 6 | (c & 0x3f);
            if (--vt->utf8_left == 0)
                surface_put(vt->s, vt->utf8 > 0x10ffff ? REPLACEMENT : vt->utf8);
            return;
        }
        vt->utf8_left = 0;
        surface_put(vt->s, REPLACEMENT);
    }
    if (c < 0x80) {
        surface_put(vt->s, c);
    } else if ((c & 0xe0) == 0xc0) {
        vt->utf8 = c & 0x1f;
        vt->utf8_left = 1;
    } else if ((c & 0xf0) == 0xe0) {
        vt->utf8 = c & 0x0f;
        vt->utf8_left = 2;
    } else if ((c & 0xf8) == 0xf0) {
        vt->utf8 = c & 0x07;
        vt->utf8_left = 3;
    } else {
        surface_put(vt->s, REPLACEMENT);
    }
}

void vt_feed(struct vt *vt, const char *buf, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)buf[i];
        if (control(vt, c))
            continue;
        switch (vt->state) {
        case GROUND: text(vt, c); break;
        case ESCAPE: escape(vt, (char)c); break;
        case ESCAPE_SKIP: vt->state = GROUND; break;
        case CSI: csi_byte(vt, (char)c); break;
        case STRING: break;
        case STRING_ESC: vt->state = c == '\\' ? GROUND : STRING; break;
        }
    }
}
