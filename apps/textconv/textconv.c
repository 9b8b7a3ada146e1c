/*
 * textconv: strftime and iconv, the parts of Picolibc built without -fPIC
 * (their tables hold absolute pointers, relocated at load time), for
 * tests/qemu/test_posix.py. iconv brings every character set's tables,
 * hence the larger slot in app.mk.
 */
#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

int main(void)
{
    struct tm tm = {.tm_year = 99, .tm_mon = 11, .tm_mday = 31, .tm_hour = 23, .tm_min = 59,
                    .tm_sec = 58, .tm_wday = 5};
    char buf[80];
    strftime(buf, sizeof buf, "%A %d %B %Y %H:%M:%S", &tm);
    printf("strftime: %s\n", buf);
    iconv_t cd = iconv_open("UTF-8", "ISO-8859-1");
    if (cd == (iconv_t)-1) {
        printf("iconv_open: %s\n", strerror(errno));
        return 1;
    }
    char in[] = "caf\xe9", out[16] = "";
    const char *ip = in;
    char *op = out;
    size_t il = strlen(in), ol = sizeof out - 1;
    size_t r = iconv(cd, &ip, &il, &op, &ol);
    *op = 0;
    printf("iconv: %s", r == (size_t)-1 ? strerror(errno) : "");
    for (char *p = out; *p; p++)
        printf(" %02x", (unsigned char)*p);
    printf("\n");
    iconv_close(cd);
    return 0;
}

