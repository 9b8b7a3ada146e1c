/*
 * console.c: the task's console as descriptors 0, 1 and 2 and as
 * Picolibc's stdin, stdout and stderr.
 *
 * stdout and stderr each collect output in a small buffer handed to the
 * kernel a line at a time (at '\n', when full, on fflush, before reading
 * input, and at exit), so printf costs one write call per line, not per
 * character. Before one stream's buffer takes a byte, the other's is
 * drained, so lines keep the order they were printed in. stderr reaches
 * the same console as stdout; where the console draws colours (TERM is set
 * and is not "dumb", as the tabbed console sets it) its text is shown in
 * red, which the console's theme paints in its error colour. Input is read
 * unbuffered, so an app may mix getchar() with direct tabula->read()
 * calls. A crash loses at most the unfinished line.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fd.h"
#include "runtime.h"

#define CONSOLE_BUF_SIZE 256
#define ERR_COLOUR "\033[31m"
#define ERR_PLAIN "\033[39m"

struct out_stream {
    int fd;
    size_t len;
    char buf[CONSOLE_BUF_SIZE];
};

static struct out_stream out_stream = {.fd = 1}, err_stream = {.fd = 2};
static bool colour_errors;

/* Writes all of buf to the console, retrying short writes. */
static long console_put(const char *buf, size_t len)
{
    size_t done = 0;
    while (done < len) {
        long n = tabula->write(buf + done, len - done);
        if (n <= 0)
            return -EIO;
        done += (size_t)n;
    }
    return (long)len;
}

static long stream_write(int fd, const char *buf, size_t len)
{
    if (fd != 2 || !colour_errors || !len)
        return console_put(buf, len);
    char framed[sizeof ERR_COLOUR - 1 + CONSOLE_BUF_SIZE + sizeof ERR_PLAIN - 1];
    if (len > CONSOLE_BUF_SIZE) {
        /* Long raw writes: colour around them in three calls. */
        if (console_put(ERR_COLOUR, sizeof ERR_COLOUR - 1) < 0 || console_put(buf, len) < 0)
            return -EIO;
        return console_put(ERR_PLAIN, sizeof ERR_PLAIN - 1) < 0 ? -EIO : (long)len;
    }
    size_t n = 0;
    memcpy(framed, ERR_COLOUR, sizeof ERR_COLOUR - 1);
    n += sizeof ERR_COLOUR - 1;
    memcpy(framed + n, buf, len);
    n += len;
    memcpy(framed + n, ERR_PLAIN, sizeof ERR_PLAIN - 1);
    n += sizeof ERR_PLAIN - 1;
    return console_put(framed, n) < 0 ? -EIO : (long)len;
}

/* Hands a stream's buffered output to the kernel. Returns 0, or -1 if the
 * kernel refused (the unwritten bytes are dropped). */
static int drain(struct out_stream *s)
{
    long r = s->len ? stream_write(s->fd, s->buf, s->len) : 0;
    s->len = 0;
    return r < 0 ? -1 : 0;
}

static struct out_stream *other(struct out_stream *s)
{
    return s == &out_stream ? &err_stream : &out_stream;
}

static int put(struct out_stream *s, char c)
{
    if (other(s)->len)
        drain(other(s));
    s->buf[s->len++] = c;
    if (c == '\n' || s->len == CONSOLE_BUF_SIZE) {
        if (drain(s) < 0)
            return _FDEV_ERR;
    }
    return (unsigned char)c;
}

static int out_put_char(char c, FILE *file) { (void)file; return put(&out_stream, c); }
static int err_put_char(char c, FILE *file) { (void)file; return put(&err_stream, c); }
static int out_flush(FILE *file) { (void)file; return drain(&out_stream); }
static int err_flush(FILE *file) { (void)file; return drain(&err_stream); }

/* A prompt printed without a newline must be visible before we block. */
static long console_read(int handle, void *buf, size_t len)
{
    (void)handle;
    drain(&err_stream);
    drain(&out_stream);
    long n = tabula->read(buf, len);
    if (n >= 0)
        return n;
    return n == -TABULA_EAGAIN ? -EAGAIN : -EIO;
}

/* A raw write(1 or 2, ...) lands after whatever stdio still holds. */
static long console_write(int handle, const void *buf, size_t len)
{
    drain(&err_stream);
    drain(&out_stream);
    return stream_write(handle, buf, len);
}

static int console_fstat(int handle, struct stat *st)
{
    (void)handle;
    memset(st, 0, sizeof *st);
    st->st_mode = S_IFCHR | 0620;
    return 0;
}

static int console_isatty(int handle)
{
    (void)handle;
    return 1;
}

const struct fd_ops console_fd_ops = {
    .read = console_read,
    .write = console_write,
    .fstat = console_fstat,
    .isatty = console_isatty,
};

static int in_get_char(FILE *file)
{
    unsigned char c;
    (void)file;
    long n = console_read(0, &c, 1);
    if (n == 1)
        return c;
    return n == 0 ? _FDEV_EOF : _FDEV_ERR;
}

static FILE console_out = FDEV_SETUP_STREAM(out_put_char, NULL, out_flush, _FDEV_SETUP_WRITE);
static FILE console_err = FDEV_SETUP_STREAM(err_put_char, NULL, err_flush, _FDEV_SETUP_WRITE);
static FILE console_in = FDEV_SETUP_STREAM(NULL, in_get_char, NULL, _FDEV_SETUP_READ);

FILE *const stdin = &console_in;
FILE *const stdout = &console_out;
FILE *const stderr = &console_err;

static void console_flush_at_exit(void)
{
    drain(&err_stream);
    drain(&out_stream);
}

void runtime_console_flush(void)
{
    console_flush_at_exit();
}

/* Registered first, so it runs after the app's own atexit handlers (which
 * may still print). Needs the environment. */
void runtime_console_init(void)
{
    const char *term = getenv("TERM");
    colour_errors = term && *term && strcmp(term, "dumb") != 0;
    atexit(console_flush_at_exit);
}
