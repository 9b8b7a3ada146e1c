/*
 * fat_dir.c: directory entries. Short (8.3) entries, the VFAT long-name
 * entries that precede them (UTF-16, 13 units each, tied to the short
 * entry by a checksum), short-name generation with ~N tails for new
 * names, and timestamps. Names are UTF-8 outside this file.
 */
#include "fat_int.h"

#include <string.h>

#define DELETED 0xe5
#define LFN_LAST 0x40

/* Which UTF-16 units an LFN entry holds, by byte offset. */
static const uint8_t lfn_offsets[FAT_LFN_CHARS] = {1, 3, 5, 7, 9, 14, 16, 18, 20, 22, 24, 28, 30};

uint32_t fat_entry_first(const struct fat_volume *v, const uint8_t *raw)
{
    uint32_t hi = v->type == 32 ? fat_le16(raw + 20) : 0;

    return hi << 16 | fat_le16(raw + 26);
}

void fat_entry_set_first(const struct fat_volume *v, uint8_t *raw, uint32_t c)
{
    fat_put16(raw + 20, v->type == 32 ? (uint16_t)(c >> 16) : 0);
    fat_put16(raw + 26, (uint16_t)c);
}

/* Days since 1970-01-01 of a proleptic Gregorian date, and back. */
static int64_t days_of(int64_t y, unsigned m, unsigned d)
{
    static const uint16_t before[12] = {0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334};
    int64_t leaps;

    if (m < 1 || m > 12)
        m = 1;
    leaps = (y - 1) / 4 - (y - 1) / 100 + (y - 1) / 400 - (1969 / 4 - 1969 / 100 + 1969 / 400);
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return (y - 1970) * 365 + leaps + before[m - 1] + (m > 2 && leap) + d - 1;
}

int64_t fat_time_unpack(uint16_t date, uint16_t time)
{
    int64_t days = days_of(1980 + (date >> 9), (date >> 5) & 15, date & 31 ? date & 31 : 1);

    return days * 86400 + (time >> 11) * 3600 + ((time >> 5) & 63) * 60 + (time & 31) * 2;
}

void fat_time_pack(int64_t t, uint16_t *date, uint16_t *time)
{
    int64_t days, secs;
    unsigned y = 1980, m = 1;

    /* FAT counts from 1980 to 2107. */
    if (t < 315532800)
        t = 315532800;
    if (t > 4354819199LL)
        t = 4354819199LL;
    days = t / 86400;
    secs = t % 86400;
    while (days_of(y + 1, 1, 1) <= days)
        y++;
    while (m < 12 && days_of(y, m + 1, 1) <= days)
        m++;
    *date = (uint16_t)((y - 1980) << 9 | m << 5 | (unsigned)(days - days_of(y, m, 1) + 1));
    *time = (uint16_t)((secs / 3600) << 11 | ((secs / 60) % 60) << 5 | (secs % 60) / 2);
}

void fat_entry_stat(const uint8_t *raw, struct fat_stat *st)
{
    st->size = raw[11] & FAT_ATTR_DIR ? 0 : fat_le32(raw + 28);
    st->is_dir = raw[11] & FAT_ATTR_DIR;
    st->read_only = raw[11] & FAT_ATTR_RO;
    st->mtime = fat_time_unpack(fat_le16(raw + 24), fat_le16(raw + 22));
    st->ctime = fat_le16(raw + 16) ? fat_time_unpack(fat_le16(raw + 16), fat_le16(raw + 14))
                                   : st->mtime;
}

static uint8_t checksum(const uint8_t *name11)
{
    uint8_t sum = 0;

    for (int i = 0; i < 11; i++)
        sum = (uint8_t)(((sum & 1) << 7) + (sum >> 1) + name11[i]);
    return sum;
}

/* ---- UTF-8 and UTF-16 ---------------------------------------------------- */

/* Decodes one code point; returns bytes used, 0 on a malformed sequence. */
static size_t utf8_get(const char *s, size_t len, uint32_t *cp)
{
    const uint8_t *p = (const uint8_t *)s;
    uint32_t c = p[0], min;
    size_t n;

    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    if ((c & 0xe0) == 0xc0)
        n = 2, c &= 0x1f, min = 0x80;
    else if ((c & 0xf0) == 0xe0)
        n = 3, c &= 0x0f, min = 0x800;
    else if ((c & 0xf8) == 0xf0)
        n = 4, c &= 0x07, min = 0x10000;
    else
        return 0;
    if (n > len)
        return 0;
    for (size_t i = 1; i < n; i++) {
        if ((p[i] & 0xc0) != 0x80)
            return 0;
        c = c << 6 | (p[i] & 0x3f);
    }
    if (c < min || c > 0x10ffff || (c >= 0xd800 && c < 0xe000))
        return 0;
    *cp = c;
    return n;
}

static size_t utf8_put(char *out, uint32_t c)
{
    if (c < 0x80) {
        out[0] = (char)c;
        return 1;
    }
    if (c < 0x800) {
        out[0] = (char)(0xc0 | c >> 6);
        out[1] = (char)(0x80 | (c & 0x3f));
        return 2;
    }
    if (c < 0x10000) {
        out[0] = (char)(0xe0 | c >> 12);
        out[1] = (char)(0x80 | ((c >> 6) & 0x3f));
        out[2] = (char)(0x80 | (c & 0x3f));
        return 3;
    }
    out[0] = (char)(0xf0 | c >> 18);
    out[1] = (char)(0x80 | ((c >> 12) & 0x3f));
    out[2] = (char)(0x80 | ((c >> 6) & 0x3f));
    out[3] = (char)(0x80 | (c & 0x3f));
    return 4;
}

/* UTF-8 to UTF-16; returns the units, or -1 when malformed or too long. */
static int to_utf16(const char *s, size_t len, uint16_t *out, size_t max)
{
    size_t n = 0;

    for (size_t i = 0; i < len;) {
        uint32_t c;
        size_t k = utf8_get(s + i, len - i, &c);

        if (!k)
            return -1;
        i += k;
        if (c >= 0x10000) {
            if (n + 2 > max)
                return -1;
            c -= 0x10000;
            out[n++] = (uint16_t)(0xd800 | c >> 10);
            out[n++] = (uint16_t)(0xdc00 | (c & 0x3ff));
        } else {
            if (n + 1 > max)
                return -1;
            out[n++] = (uint16_t)c;
        }
    }
    return (int)n;
}

/* A damaged entry may hold a '/' or a control character: shown as '_',
 * so no name read from the disk can split a path. */
static uint32_t safe_char(uint32_t c)
{
    return c < 0x20 || c == '/' || c == 0x7f ? '_' : c;
}

/* UTF-16 to UTF-8 into out (room for 3 bytes per unit + 1); a lone
 * surrogate becomes U+FFFD. */
static void from_utf16(const uint16_t *u, size_t n, char *out)
{
    size_t o = 0;

    for (size_t i = 0; i < n; i++) {
        uint32_t c = u[i];

        if (c >= 0xd800 && c < 0xdc00 && i + 1 < n && u[i + 1] >= 0xdc00 && u[i + 1] < 0xe000) {
            c = 0x10000 + ((c - 0xd800) << 10) + (u[i + 1] - 0xdc00);
            i++;
        } else if (c >= 0xd800 && c < 0xe000) {
            c = 0xfffd;
        }
        o += utf8_put(out + o, safe_char(c));
    }
    out[o] = 0;
}

/* Case folding for lookups: ASCII, Latin-1, Greek and Cyrillic letters,
 * which covers what FAT's upcase tables change in practice. */
static uint32_t upcase(uint32_t c)
{
    if (c >= 'a' && c <= 'z')
        return c - 32;
    if ((c >= 0xe0 && c <= 0xfe && c != 0xf7) || (c >= 0x3b1 && c <= 0x3c9 && c != 0x3c2) ||
        (c >= 0x430 && c <= 0x44f))
        return c - 32;
    if (c >= 0x450 && c <= 0x45f)
        return c - 80;
    return c;
}

static bool same_name(const char *a, size_t alen, const char *b, size_t blen)
{
    size_t i = 0, j = 0;

    while (i < alen && j < blen) {
        uint32_t x, y;
        size_t k = utf8_get(a + i, alen - i, &x), l = utf8_get(b + j, blen - j, &y);

        if (!k || !l)
            return false;
        if (upcase(x) != upcase(y))
            return false;
        i += k;
        j += l;
    }
    return i == alen && j == blen;
}

bool fat_name_ok(const char *name, size_t len)
{
    uint16_t u[FAT_NAME_MAX];

    if (!len || (len == 1 && name[0] == '.') || (len == 2 && name[0] == '.' && name[1] == '.'))
        return false;
    if (name[len - 1] == '.' || name[len - 1] == ' ')
        return false;
    for (size_t i = 0; i < len; i++) {
        uint8_t c = (uint8_t)name[i];

        if (c < 0x20 || strchr("\"*/:<>?\\|\x7f", c))
            return false;
    }
    return to_utf16(name, len, u, FAT_NAME_MAX) > 0;
}

/* The short name as UTF-8 ("README.TXT"), honouring the lowercase flags
 * Windows NT keeps in byte 12; out has room for 8 + 1 + 3 characters. */
void fat_short_name(const uint8_t *raw, char *out)
{
    size_t o = 0;
    int base = 8, ext = 3;

    while (base > 0 && raw[base - 1] == ' ')
        base--;
    while (ext > 0 && raw[8 + ext - 1] == ' ')
        ext--;
    for (int i = 0; i < base + ext; i++) {
        uint32_t c = i < base ? raw[i] : raw[8 + i - base];

        if (i == base)
            out[o++] = '.';
        if (i == 0 && c == 0x05)
            c = DELETED;
        if (c >= 'A' && c <= 'Z' && (raw[12] & (i < base ? 0x08 : 0x10)))
            c += 32;
        o += utf8_put(out + o, safe_char(c));
    }
    out[o] = 0;
}

/* ---- walking a directory ------------------------------------------------- */

/* The entry at index: 0 with *ent pointing into the sector cache, 1 past
 * the directory's end, <0 on error. The pointer is good until the next
 * sector access. */
int fat_dir_get(struct fat_volume *v, uint32_t dir, uint32_t index, uint8_t **ent)
{
    uint32_t per_sec = v->bps / FAT_DIRENT, sec;
    uint8_t *buf;
    int r;

    if (index >= FAT_DIR_MAX_ENTRIES)
        return 1;
    if (dir == 0) {
        if (index >= v->root_entries)
            return 1;
        sec = v->root_start + index / per_sec;
    } else {
        uint32_t per_cl = v->cluster_bytes / FAT_DIRENT, want = index / per_cl, c, at;

        if (v->dc_dir == dir && v->dc_index <= want) {
            c = v->dc_cluster;
            at = v->dc_index;
        } else {
            c = dir;
            at = 0;
        }
        while (at < want && c) {
            r = fat_next(v, c, &c);
            if (r < 0)
                return r;
            at++;
        }
        if (!c)
            return 1;
        v->dc_dir = dir;
        v->dc_index = at;
        v->dc_cluster = c;
        sec = fat_cluster_sector(v, c) + (index % per_cl) / per_sec;
    }
    r = fat_sec_get(v, sec, &buf);
    if (r < 0)
        return r;
    *ent = buf + (index % per_sec) * FAT_DIRENT;
    return 0;
}

/* The next entry from *index on: 1 and *e (and *index past it), 0 at the
 * end, <0 on error. Skips deleted entries, the volume label, "." and "..";
 * a long name whose order or checksum is broken is dropped, leaving the
 * short name. */
int fat_dir_next(struct fat_volume *v, uint32_t dir, uint32_t *index, struct fat_entry *e)
{
    uint16_t u[20 * FAT_LFN_CHARS];
    unsigned expect = 0, count = 0;
    uint8_t sum = 0;
    uint32_t lfn_first = 0;

    for (uint32_t i = *index;; i++) {
        uint8_t *ent;
        int r = fat_dir_get(v, dir, i, &ent);

        if (r < 0)
            return r;
        if (r == 1 || ent[0] == 0) {
            *index = i;
            return 0;
        }
        if (ent[0] == DELETED) {
            expect = 0;
            continue;
        }
        if ((ent[11] & 0x3f) == FAT_ATTR_LFN) {
            unsigned ord = ent[0] & 0x1f;

            if (ent[0] & LFN_LAST) {
                if (ord < 1 || ord > 20) {
                    expect = 0;
                    continue;
                }
                count = ord;
                sum = ent[13];
                lfn_first = i;
                for (unsigned k = 0; k < count * FAT_LFN_CHARS; k++)
                    u[k] = 0xffff;
            } else if (!expect || ord != expect || ent[13] != sum) {
                expect = 0;
                continue;
            }
            for (unsigned k = 0; k < FAT_LFN_CHARS; k++)
                u[(ord - 1) * FAT_LFN_CHARS + k] = fat_le16(ent + lfn_offsets[k]);
            expect = ord - 1;
            if (!expect)
                expect = 0x100;    /* complete: the short entry comes next */
            continue;
        }
        if (ent[11] & FAT_ATTR_VOLID || (ent[0] == '.' && (ent[1] == ' ' || ent[1] == '.'))) {
            expect = 0;
            continue;
        }
        memcpy(e->raw, ent, FAT_DIRENT);
        e->index = i;
        e->lfn_count = 0;
        e->lfn_first = i;
        e->name[0] = 0;
        if (expect == 0x100 && sum == checksum(ent)) {
            size_t n = 0;

            while (n < count * FAT_LFN_CHARS && u[n] != 0 && u[n] != 0xffff)
                n++;
            if (n && n <= FAT_NAME_MAX) {
                from_utf16(u, n, e->name);
                e->lfn_count = count;
                e->lfn_first = lfn_first;
            }
        }
        if (!e->name[0])
            fat_short_name(ent, e->name);
        expect = 0;
        if (!e->name[0] || !strcmp(e->name, ".") || !strcmp(e->name, ".."))
            continue;    /* a blank name: damage no path could name */
        *index = i + 1;
        return 1;
    }
}

int fat_dir_find(struct fat_volume *v, uint32_t dir, const char *name, size_t len,
                 struct fat_entry *e)
{
    uint32_t index = 0;

    for (;;) {
        char sn[40];
        int r = fat_dir_next(v, dir, &index, e);

        if (r <= 0)
            return r < 0 ? r : -TABULA_ENOENT;
        if (same_name(e->name, strlen(e->name), name, len))
            return 0;
        fat_short_name(e->raw, sn);
        if (e->lfn_count && same_name(sn, strlen(sn), name, len))
            return 0;
    }
}

/* 1 if the directory holds nothing but "." and "..", 0 if it does. */
int fat_dir_empty(struct fat_volume *v, uint32_t dir)
{
    struct fat_entry e;
    uint32_t index = 0;
    int r = fat_dir_next(v, dir, &index, &e);

    return r < 0 ? r : !r;
}

/* ---- creating and removing entries --------------------------------------- */

static bool short_char_ok(uint16_t c)
{
    return c > 0x20 && c < 0x7f && !strchr("\"*+,./:;<=>?[\\]|", c);
}

/* The basis name of the specification's algorithm: 11 bytes, space
 * padded. *fits when the name is an 8.3 name but for case (the basis
 * then needs no tail), *exact when it is this short name (no long
 * entries needed either). */
static void basis_name(const uint16_t *u, int n, uint8_t *out, bool *fits, bool *exact)
{
    int dot = -1, b = 0, x = 0;
    bool upper_only = true, lossy = false;

    memset(out, ' ', 11);
    for (int i = 0; i < n; i++)
        if (u[i] == '.')
            dot = i;
    for (int i = 0; i < n; i++) {
        uint16_t c = u[i];
        bool in_ext = dot >= 0 && i > dot;

        if (i == dot)
            continue;
        if (c == ' ' || (c == '.' && !in_ext)) {
            lossy = true;    /* spaces and extra periods are stripped */
            continue;
        }
        if (c >= 'a' && c <= 'z') {
            c -= 32;
            upper_only = false;
        } else if (!short_char_ok(c)) {
            c = '_';
            lossy = true;
        }
        if (in_ext) {
            if (x < 3)
                out[8 + x] = (uint8_t)c;
            else
                lossy = true;
            x++;
        } else {
            if (b < 8)
                out[b] = (uint8_t)c;
            else
                lossy = true;
            b++;
        }
    }
    if (b == 0) {
        out[0] = '_';
        lossy = true;
    }
    if (out[0] == DELETED)
        out[0] = 0x05;
    *fits = !lossy && (dot < 0 || dot != n - 1) && dot != 0;
    *exact = *fits && upper_only;
}

/* Two characters of the basis and four hex digits of a hash of the name. */
static void hashed_basis(const uint16_t *u, int n, uint8_t *basis)
{
    static const char hex[] = "0123456789ABCDEF";
    uint32_t h = 2166136261u;

    for (int i = 0; i < n; i++)
        h = (h ^ u[i]) * 16777619u;
    h ^= h >> 16;
    if (basis[1] == ' ')
        basis[1] = '_';
    for (int i = 0; i < 4; i++)
        basis[2 + i] = (uint8_t)hex[(h >> (12 - 4 * i)) & 15];
    basis[6] = basis[7] = ' ';
}

/* The basis with tail ~k: the base is cut so the tail fits in 8. */
static void with_tail(const uint8_t *basis, uint32_t k, uint8_t *out)
{
    char digits[12];
    int nd = 0, b = 8;

    memcpy(out, basis, 11);
    do {
        digits[nd++] = (char)('0' + k % 10);
        k /= 10;
    } while (k);
    while (b > 0 && basis[b - 1] == ' ')
        b--;
    if (b > 8 - 1 - nd)
        b = 8 - 1 - nd;
    out[b++] = '~';
    while (nd)
        out[b++] = (uint8_t)digits[--nd];
    while (b < 8)
        out[b++] = ' ';
}

/* If raw is basis~k, returns k, else 0. */
static uint32_t tail_of(const uint8_t *raw, const uint8_t *basis)
{
    uint32_t k = 0;
    int t = -1;
    uint8_t cand[11];

    if (memcmp(raw + 8, basis + 8, 3))
        return 0;
    for (int i = 0; i < 8; i++)
        if (raw[i] == '~')
            t = i;
    if (t < 0)
        return 0;
    for (int i = t + 1; i < 8 && raw[i] != ' '; i++) {
        if (raw[i] < '0' || raw[i] > '9' || k > 999999)
            return 0;
        k = k * 10 + (raw[i] - '0');
    }
    if (!k)
        return 0;
    with_tail(basis, k, cand);
    return memcmp(cand, raw, 11) ? 0 : k;
}

/* How many ~N tails one basis may take before the hashed basis; the host
 * test lowers it so its thousand alike names reach the hashed ones. */
#ifndef FAT_TAILS
#define FAT_TAILS 4096u
#endif
#define TAILS FAT_TAILS

/* Adds an entry named `name` with the fields of `proto` (its name bytes
 * are replaced) to dir; *index gets the short entry's index. The caller
 * has made sure the name is not there. */
int fat_dir_add(struct fat_volume *v, uint32_t dir, const char *name, size_t len,
                const uint8_t *proto, uint32_t *index)
{
    uint16_t u[FAT_NAME_MAX + 1];
    uint8_t basis[11], sname[11], *ent;
    bool fits, exact, basis_taken = false;
    uint32_t need, run = 0, run_start = 0, end = UINT32_MAX, i, slots;
    uint8_t *tails;
    int n = to_utf16(name, len, u, FAT_NAME_MAX), r;

    if (n <= 0)
        return -TABULA_EINVAL;
    if (v->ro)
        return -TABULA_EROFS;
    basis_name(u, n, basis, &fits, &exact);
    need = exact ? 1 : 1 + ((uint32_t)n + FAT_LFN_CHARS - 1) / FAT_LFN_CHARS;
    tails = fat_alloc(TAILS / 8);
    if (!tails)
        return -TABULA_ENOMEM;
    for (int attempt = 0;; attempt++) {
        uint32_t k = 1;

        /* First pass: which short names near the basis are taken, and
         * where the directory ends (its first never-used entry). */
        memset(tails, 0, TAILS / 8);
        basis_taken = false;
        for (i = 0;; i++) {
            r = fat_dir_get(v, dir, i, &ent);
            if (r < 0)
                goto out;
            if (r == 1 || ent[0] == 0)
                break;
            if (ent[0] != DELETED && (ent[11] & 0x3f) != FAT_ATTR_LFN) {
                k = tail_of(ent, basis);
                if (!memcmp(ent, basis, 11))
                    basis_taken = true;
                if (k && k < TAILS)
                    tails[k / 8] |= (uint8_t)(1u << (k % 8));
            }
        }
        end = i;
        if (fits && !basis_taken) {
            memcpy(sname, basis, 11);
            break;
        }
        need = 1 + ((uint32_t)n + FAT_LFN_CHARS - 1) / FAT_LFN_CHARS;
        for (k = 1; k < TAILS && tails[k / 8] & (1u << (k % 8)); k++)
            ;
        if (k < TAILS) {
            with_tail(basis, k, sname);
            break;
        }
        if (attempt) {
            r = -TABULA_ENOSPC;
            goto out;
        }
        /* Every tail of this basis is taken (thousands of names alike):
         * as Windows does, a basis of two characters and a hash of the
         * whole name, whose tails are then all but free. */
        hashed_basis(u, n, basis);
        fits = false;
    }
    /* Second pass: the first run of `need` deleted entries, else the run
     * that reaches the end. */
    run_start = end;
    for (i = 0; i < end; i++) {
        r = fat_dir_get(v, dir, i, &ent);
        if (r < 0)
            goto out;
        if (r == 1)
            break;
        if (ent[0] == DELETED) {
            if (!run++)
                run_start = i;
            if (run >= need)
                break;
        } else {
            run = 0;
            run_start = end;
        }
    }
    /* Grow the directory until the run fits. */
    slots = run_start + need;
    if (slots > FAT_DIR_MAX_ENTRIES || (dir == 0 && slots > v->root_entries)) {
        r = -TABULA_ENOSPC;
        goto out;
    }
    if (dir) {
        uint32_t per_cl = v->cluster_bytes / FAT_DIRENT, have = 0, c = dir, last = dir;

        while (c) {
            last = c;
            have++;
            if (have > v->nclusters) {
                r = -TABULA_EIO;
                goto out;
            }
            r = fat_next(v, c, &c);
            if (r < 0)
                goto out;
        }
        if (slots > have * per_cl) {
            uint32_t more = (slots - have * per_cl + per_cl - 1) / per_cl, nc;

            r = fat_alloc_chain(v, last, more, &nc);
            if (r < 0)
                goto out;
            for (c = nc; c; ) {
                r = fat_zero_cluster(v, c);
                if (r == 0)
                    r = fat_next(v, c, &c);
                if (r < 0)
                    goto out;
            }
        }
    }
    {
        uint8_t sum = checksum(sname);
        uint32_t nlfn = need - 1;

        for (uint32_t k = 0; k < nlfn; k++) {
            uint32_t ord = nlfn - k;

            r = fat_dir_get(v, dir, run_start + k, &ent);
            if (r == 1)
                r = -TABULA_EIO;
            if (r < 0)
                goto out;
            memset(ent, 0, FAT_DIRENT);
            ent[0] = (uint8_t)(ord | (k == 0 ? LFN_LAST : 0));
            ent[11] = FAT_ATTR_LFN;
            ent[13] = sum;
            for (unsigned j = 0; j < FAT_LFN_CHARS; j++) {
                uint32_t at = (ord - 1) * FAT_LFN_CHARS + j;
                uint16_t c = at < (uint32_t)n ? u[at] : at == (uint32_t)n ? 0 : 0xffff;

                fat_put16(ent + lfn_offsets[j], c);
            }
            r = fat_sec_put(v);
            if (r < 0)
                goto out;
        }
        r = fat_dir_get(v, dir, run_start + nlfn, &ent);
        if (r == 1)
            r = -TABULA_EIO;
        if (r < 0)
            goto out;
        memcpy(ent, proto, FAT_DIRENT);
        memcpy(ent, sname, 11);
        ent[12] = 0;
        r = fat_sec_put(v);
        if (r == 0)
            *index = run_start + nlfn;
    }
out:
    fat_free(tails);
    return r;
}

int fat_dir_remove(struct fat_volume *v, uint32_t dir, const struct fat_entry *e)
{
    for (uint32_t i = e->lfn_first; i <= e->index; i++) {
        uint8_t *ent;
        int r = fat_dir_get(v, dir, i, &ent);

        if (r == 1)
            r = -TABULA_EIO;
        if (r < 0)
            return r;
        ent[0] = DELETED;
        r = fat_sec_put(v);
        if (r < 0)
            return r;
    }
    return 0;
}
