/*
 * screen.h: the compositor for a character terminal. A renderer composes
 * the whole screen into `want` every frame; screen_flush compares it with
 * what the terminal was last sent and writes only the cells that changed,
 * choosing the shortest cursor motion and changing colours and attributes
 * only where they differ from the terminal's current ones. An idle screen
 * therefore costs nothing, and one changed cell costs a few bytes.
 *
 * Pure: the bytes go to a write callback, so host tests can count them.
 */
#ifndef MONITOR_SCREEN_H
#define MONITOR_SCREEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cell.h"

enum screen_depth {
    SCREEN_TRUECOLOR, /* 24-bit colours go out as they are */
    SCREEN_256,       /* 24-bit colours become the nearest palette entry */
};

struct screen {
    int cols, rows;
    struct cell *want;  /* this frame */
    struct cell *sent;  /* what the terminal shows */
    bool sent_valid;    /* false: unknown, the next flush redraws all */
    int tx, ty;         /* the terminal's cursor; tx -1 when unknown */
    struct cell tpen;   /* the terminal's SGR state */
    bool tpen_known;
    bool tcursor_on, tcursor_known;
    int cursor_x, cursor_y; /* where the cursor should end up */
    bool cursor_on;
    enum screen_depth depth;
    void (*write)(void *ctx, const char *buf, size_t len);
    void *ctx;
    char out[2048];
    size_t out_len;
    uint64_t bytes;     /* written since screen_init */
};

/* Returns 0, or -1 when memory is short. */
int screen_init(struct screen *s, int cols, int rows,
                void (*write)(void *ctx, const char *buf, size_t len), void *ctx);
/* A new size: everything is redrawn at the next flush. */
int screen_resize(struct screen *s, int cols, int rows);
/* Forget what the terminal shows: the next flush redraws every cell. */
void screen_invalidate(struct screen *s);

/* Composing. Out-of-range coordinates are ignored. */
void screen_clear(struct screen *s, struct cell fill);
void screen_set(struct screen *s, int x, int y, struct cell c);
/* Writes UTF-8 text from x on row y, up to limit (exclusive); returns the
 * column after the last character written. */
int screen_text(struct screen *s, int x, int y, int limit, const char *utf8,
                uint8_t attr, uint32_t fg, uint32_t bg);
void screen_fill(struct screen *s, int x, int y, int width, struct cell c);

/* Sends what changed; returns the bytes written. */
size_t screen_flush(struct screen *s);

/* Queues raw bytes (mode switches, queries) in order with the frame. */
void screen_raw(struct screen *s, const char *buf, size_t len);
void screen_raw_flush(struct screen *s);

/* The palette entry nearest to a 24-bit colour. */
int screen_rgb_to_256(uint32_t rgb);

/* Decodes one UTF-8 character at *p (advancing it); U+FFFD for junk. */
uint32_t screen_utf8_next(const char **p);

#endif
