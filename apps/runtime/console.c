/*
 * console.c: Picolibc's stdin, stdout and stderr on the task's console.
 *
 * Output is collected in a small buffer and handed to the kernel a line at
 * a time (at '\n', when full, on fflush, before reading input, and at
 * exit), so printf costs one write call per line, not per character.
 * stdout and stderr share the buffer: both reach the same console, and
 * sharing keeps their lines in the order they were printed. Input is read
 * a byte at a time, unbuffered, so an app may mix getchar() with direct
 * tabula->read() calls. A crash loses at most the unfinished line.
 */
#include <stdio.h>
#include <stdlib.h>

#include "runtime.h"

#define CONSOLE_OUT_SIZE 256

static char out_buf[CONSOLE_OUT_SIZE];
static size_t out_len;

/* Hands the buffered output to the kernel, retrying short writes. Returns
 * 0, or -1 if the kernel refused (the unwritten bytes are dropped). */
static int console_drain(void)
{
    size_t done = 0;
    int result = 0;

    while (done < out_len) {
        long n = tabula->write(out_buf + done, out_len - done);
        if (n <= 0) {
            result = -1;
            break;
        }
        done += (size_t)n;
    }
    out_len = 0;
    return result;
}

static int console_put_char(char c, FILE *file)
{
    (void)file;
    out_buf[out_len++] = c;
    if (c == '\n' || out_len == CONSOLE_OUT_SIZE) {
        if (console_drain() < 0)
            return _FDEV_ERR;
    }
    return (unsigned char)c;
}

/* A prompt printed without a newline must be visible before we block. */
static int console_get_char(FILE *file)
{
    unsigned char c;
    long n;

    (void)file;
    console_drain();
    n = tabula->read(&c, 1);
    if (n == 1)
        return c;
    return n == 0 ? _FDEV_EOF : _FDEV_ERR;
}

static int console_flush(FILE *file)
{
    (void)file;
    return console_drain();
}

static FILE console_out =
    FDEV_SETUP_STREAM(console_put_char, NULL, console_flush, _FDEV_SETUP_WRITE);
static FILE console_in =
    FDEV_SETUP_STREAM(NULL, console_get_char, NULL, _FDEV_SETUP_READ);

FILE *const stdin = &console_in;
FILE *const stdout = &console_out;
FILE *const stderr = &console_out;

static void console_flush_at_exit(void)
{
    console_drain();
}

/* Registered first, so it runs after the app's own atexit handlers (which
 * may still print). */
void runtime_console_init(void)
{
    atexit(console_flush_at_exit);
}
