/*
 * parse.c: the Monitor's small parsers. Everything here works on strings
 * only, never on the kernel, so the rules users see (what a size looks like,
 * how quotes group words) can be tested on the host.
 */
#include "parse.h"

#include <stddef.h>

static bool is_blank(char c)
{
    return c == ' ' || c == '\t';
}

static int hex_digit(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

bool parse_size(const char *text, uint64_t *out)
{
    const uint64_t limit = (uint64_t)1 << 63;
    uint64_t value = 0;
    const char *p = text;

    if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
        p += 2;
        if (!*p)
            return false;
        for (; *p; p++) {
            int d = hex_digit(*p);
            if (d < 0 || value > (limit >> 4))
                return false;
            value = value << 4 | (uint64_t)d;
        }
    } else {
        if (*p < '0' || *p > '9')
            return false;
        for (; *p >= '0' && *p <= '9'; p++) {
            if (value > (limit - 9) / 10)
                return false;
            value = value * 10 + (uint64_t)(*p - '0');
        }
        unsigned shift = 0;
        switch (*p) {
        case 'k': case 'K': shift = 10; p++; break;
        case 'm': case 'M': shift = 20; p++; break;
        case 'g': case 'G': shift = 30; p++; break;
        }
        if (*p || value > (limit >> shift))
            return false;
        value <<= shift;
    }
    if (value == 0 || value > limit)
        return false;
    *out = value;
    return true;
}

bool parse_number(const char *text, unsigned long max, unsigned long *out)
{
    unsigned long value = 0;

    if (!*text)
        return false;
    for (const char *p = text; *p; p++) {
        if (*p < '0' || *p > '9')
            return false;
        unsigned long digit = (unsigned long)(*p - '0');
        if (digit > max || value > (max - digit) / 10)
            return false;
        value = value * 10 + digit;
    }
    *out = value;
    return true;
}

int parse_words(char *line, char **words, int max, const char **error)
{
    char *in = line;
    int count = 0;

    for (;;) {
        while (is_blank(*in))
            in++;
        if (!*in)
            return count;
        if (count == max) {
            *error = "too many words";
            return -1;
        }
        /* Copy the word down over itself, dropping quote characters: the
         * output never runs ahead of the input. */
        char *word = in, *o = in;
        char quote = 0;
        while (*in && (quote || !is_blank(*in))) {
            if (quote && *in == quote)
                quote = 0;
            else if (!quote && (*in == '"' || *in == '\''))
                quote = *in;
            else
                *o++ = *in;
            in++;
        }
        if (quote) {
            *error = "unterminated quote";
            return -1;
        }
        bool more = *in != 0;
        *o = 0;
        words[count++] = word;
        if (!more)
            return count;
        in++;
    }
}

char *parse_next_command(char **cursor)
{
    char *p = *cursor;

    while (p) {
        while (is_blank(*p))
            p++;
        if (!*p) {
            *cursor = NULL;
            return NULL;
        }
        char *start = p;
        char quote = 0;
        while (*p && (quote || *p != ';')) {
            if (quote && *p == quote)
                quote = 0;
            else if (!quote && (*p == '"' || *p == '\''))
                quote = *p;
            p++;
        }
        char *end = p;
        char *next = *p ? p + 1 : NULL;
        while (end > start && is_blank(end[-1]))
            end--;
        *end = 0;
        p = next;
        if (end > start) {
            *cursor = next;
            return start;
        }
    }
    *cursor = NULL;
    return NULL;
}

bool parse_env_assignment(const char *word)
{
    if (!((*word >= 'A' && *word <= 'Z') || (*word >= 'a' && *word <= 'z') || *word == '_'))
        return false;
    for (word++; *word != '='; word++)
        if (!((*word >= 'A' && *word <= 'Z') || (*word >= 'a' && *word <= 'z') ||
              (*word >= '0' && *word <= '9') || *word == '_'))
            return false;
    return true;
}
