/*
 * fat_path.c: paths and the calls that name them: lookup (case-insensitive,
 * as FAT requires), stat, mkdir, rmdir, unlink, rename and timestamps.
 * Paths arrive normalised by the VFS: "." and ".." are refused, not
 * interpreted, so nothing here can climb out of a directory.
 */
#include "fat_int.h"

#include <string.h>

static uint32_t root_dir(const struct fat_volume *v)
{
    return v->type == 32 ? v->root_cluster : 0;
}

/* The directory an entry names, checked to lie inside the volume. */
static int entry_dir(struct fat_volume *v, const struct fat_entry *e, uint32_t *dir)
{
    uint32_t c = fat_entry_first(v, e->raw);

    if (!(e->raw[11] & FAT_ATTR_DIR))
        return -TABULA_ENOTDIR;
    if (c == 0)
        c = root_dir(v);    /* how ".." names the root; elsewhere it is damage */
    if (c && !fat_valid(v, c))
        return -TABULA_EIO;
    if (c == v->lookup_avoid)
        return -TABULA_EINVAL;
    *dir = c;
    return 0;
}

/* Resolves path. With parent, stops before the last component: *dir is
 * its directory and *leaf and *leaflen the name (not looked up). Without,
 * fills *e and *dir (the directory holding it); returns 1 for the root
 * itself. */
int fat_lookup(struct fat_volume *v, const char *path, bool parent,
               uint32_t *dir, struct fat_entry *e, const char **leaf, size_t *leaflen)
{
    uint32_t d = root_dir(v);
    const char *p = path;
    int r;

    if (!path || path[0] != '/')
        return -TABULA_EINVAL;
    if (d == v->lookup_avoid)
        return -TABULA_EINVAL;
    for (;;) {
        const char *name, *next;
        size_t len;

        while (*p == '/')
            p++;
        if (!*p) {
            if (parent)
                return -TABULA_EINVAL;    /* the root has no parent */
            *dir = d;
            return 1;
        }
        name = p;
        while (*p && *p != '/')
            p++;
        len = (size_t)(p - name);
        next = p;
        while (*next == '/')
            next++;
        if ((len == 1 && name[0] == '.') || (len == 2 && name[0] == '.' && name[1] == '.'))
            return -TABULA_EINVAL;
        if (len > FAT_NAME_MAX * 3)
            return -TABULA_ENAMETOOLONG;
        if (!*next && parent) {
            if (!fat_name_ok(name, len))
                return len > FAT_NAME_MAX ? -TABULA_ENAMETOOLONG : -TABULA_EINVAL;
            *dir = d;
            *leaf = name;
            *leaflen = len;
            return 0;
        }
        r = fat_dir_find(v, d, name, len, e);
        if (r < 0)
            return r;
        if (!*next) {
            *dir = d;
            return 0;
        }
        r = entry_dir(v, e, &d);
        if (r < 0)
            return r;
    }
}

int fat_stat(struct fat_volume *v, const char *path, struct fat_stat *st)
{
    struct fat_entry e;
    uint32_t dir;
    int r = fat_lookup(v, path, false, &dir, &e, 0, 0);

    if (r < 0)
        return r;
    if (r == 1) {
        memset(st, 0, sizeof *st);
        st->is_dir = true;
        return 0;
    }
    fat_entry_stat(e.raw, st);
    /* An open file's size may be ahead of its entry. */
    for (struct fat_node *n = v->nodes; n; n = n->next)
        if (!n->is_root && n->dir_start == dir && n->dir_index == e.index) {
            st->size = n->is_dir ? 0 : n->size;
            st->mtime = n->mtime;
        }
    return 0;
}

static bool is_open(struct fat_volume *v, uint32_t dir, uint32_t index)
{
    for (struct fat_node *n = v->nodes; n; n = n->next)
        if (!n->is_root && n->dir_start == dir && n->dir_index == index)
            return true;
    return false;
}

/* A fresh short entry: attributes, first cluster and times, no name. */
static void proto_entry(struct fat_volume *v, uint8_t *raw, uint8_t attr, uint32_t first)
{
    uint16_t date, time;
    int64_t now = fat_time_now();

    memset(raw, 0, FAT_DIRENT);
    raw[11] = attr;
    fat_entry_set_first(v, raw, first);
    fat_time_pack(now, &date, &time);
    fat_put16(raw + 14, time);
    fat_put16(raw + 16, date);
    fat_put16(raw + 18, date);
    fat_put16(raw + 22, time);
    fat_put16(raw + 24, date);
    fat_note_time(v, now);
}

int fat_create_entry(struct fat_volume *v, uint32_t dir, const char *name, size_t len,
                     uint8_t attr, uint32_t first, uint32_t *index)
{
    uint8_t raw[FAT_DIRENT];

    proto_entry(v, raw, attr, first);
    return fat_dir_add(v, dir, name, len, raw, index);
}

int fat_mkdir(struct fat_volume *v, const char *path)
{
    struct fat_entry e;
    const char *leaf;
    size_t len;
    uint32_t dir, c, index;
    uint8_t *ent;
    int r;

    if (v->ro)
        return -TABULA_EROFS;
    r = fat_lookup(v, path, true, &dir, &e, &leaf, &len);
    if (r < 0)
        return r == -TABULA_EINVAL && fat_lookup(v, path, false, &dir, &e, 0, 0) == 1
                   ? -TABULA_EEXIST : r;
    r = fat_dir_find(v, dir, leaf, len, &e);
    if (r == 0)
        return -TABULA_EEXIST;
    if (r != -TABULA_ENOENT)
        return r;
    r = fat_alloc_chain(v, 0, 1, &c);
    if (r < 0)
        return r;
    r = fat_zero_cluster(v, c);
    /* "." and "..": ".." names the root as cluster 0. */
    for (int i = 0; i < 2 && r == 0; i++) {
        r = fat_dir_get(v, c, (uint32_t)i, &ent);
        if (r == 1)
            r = -TABULA_EIO;
        if (r < 0)
            break;
        proto_entry(v, ent, FAT_ATTR_DIR, i == 0 ? c : dir == root_dir(v) ? 0 : dir);
        memset(ent, ' ', 11);
        ent[0] = '.';
        if (i == 1)
            ent[1] = '.';
        r = fat_sec_put(v);
    }
    if (r == 0)
        r = fat_create_entry(v, dir, leaf, len, FAT_ATTR_DIR, c, &index);
    if (r < 0)
        fat_free_chain(v, c);
    return r;
}

/* Removes the entry e of dir and frees its clusters: a directory only
 * when empty, anything only when not open. */
static int drop_entry(struct fat_volume *v, uint32_t dir, const struct fat_entry *e)
{
    uint32_t first = fat_entry_first(v, e->raw);
    int r;

    if (is_open(v, dir, e->index))
        return -TABULA_EBUSY;
    if (first && !fat_valid(v, first))
        return -TABULA_EIO;
    if (e->raw[11] & FAT_ATTR_DIR) {
        if (!first)
            return -TABULA_EIO;
        r = fat_dir_empty(v, first);
        if (r <= 0)
            return r < 0 ? r : -TABULA_ENOTEMPTY;
    }
    r = fat_dir_remove(v, dir, e);
    if (r == 0 && first)
        r = fat_free_chain(v, first);
    return r;
}

/* Finds path for a change: 0 and *dir, *e; the root is EBUSY. */
static int find_for_change(struct fat_volume *v, const char *path, uint32_t *dir,
                           struct fat_entry *e)
{
    int r;

    if (v->ro)
        return -TABULA_EROFS;
    r = fat_lookup(v, path, false, dir, e, 0, 0);
    return r == 1 ? -TABULA_EBUSY : r;
}

static int remove_path(struct fat_volume *v, const char *path, bool dir_wanted)
{
    struct fat_entry e;
    uint32_t dir;
    int r = find_for_change(v, path, &dir, &e);

    if (r < 0)
        return r;
    if (dir_wanted != !!(e.raw[11] & FAT_ATTR_DIR))
        return dir_wanted ? -TABULA_ENOTDIR : -TABULA_EISDIR;
    return drop_entry(v, dir, &e);
}

int fat_rmdir(struct fat_volume *v, const char *path)
{
    return remove_path(v, path, true);
}

int fat_unlink(struct fat_volume *v, const char *path)
{
    return remove_path(v, path, false);
}

int fat_rename(struct fat_volume *v, const char *from, const char *to)
{
    struct fat_entry src, dst;
    const char *leaf;
    size_t len;
    uint32_t sdir, ddir, index, first;
    bool is_dir;
    int r;

    r = find_for_change(v, from, &sdir, &src);
    if (r < 0)
        return r;
    is_dir = src.raw[11] & FAT_ATTR_DIR;
    first = fat_entry_first(v, src.raw);
    if (first && !fat_valid(v, first))
        return -TABULA_EIO;
    /* A directory cannot move into itself or below. */
    v->lookup_avoid = is_dir ? first : UINT32_MAX;
    r = fat_lookup(v, to, true, &ddir, &dst, &leaf, &len);
    v->lookup_avoid = UINT32_MAX;
    if (r < 0)
        return r;
    if (is_dir && ddir == first)
        return -TABULA_EINVAL;
    r = fat_dir_find(v, ddir, leaf, len, &dst);
    if (r == 0 && !(ddir == sdir && dst.index == src.index)) {
        bool dst_dir = dst.raw[11] & FAT_ATTR_DIR;

        if (dst_dir != is_dir)
            return dst_dir ? -TABULA_EISDIR : -TABULA_ENOTDIR;
        r = drop_entry(v, ddir, &dst);
        if (r < 0)
            return r;
    } else if (r < 0 && r != -TABULA_ENOENT) {
        return r;
    }
    /* The old entries go first: a rename within a directory (a change of
     * case) may need their slots. */
    r = fat_dir_remove(v, sdir, &src);
    if (r < 0)
        return r;
    r = fat_dir_add(v, ddir, leaf, len, src.raw, &index);
    if (r < 0) {
        /* Put the short entry back so the file is not lost. */
        uint8_t *ent;

        if (fat_dir_get(v, sdir, src.index, &ent) == 0) {
            memcpy(ent, src.raw, FAT_DIRENT);
            fat_sec_put(v);
        }
        return r;
    }
    for (struct fat_node *n = v->nodes; n; n = n->next)
        if (!n->is_root && n->dir_start == sdir && n->dir_index == src.index) {
            n->dir_start = ddir;
            n->dir_index = index;
        }
    if (is_dir && ddir != sdir) {
        uint8_t *ent;

        r = fat_dir_get(v, first, 1, &ent);
        if (r == 0 && ent[0] == '.' && ent[1] == '.') {
            fat_entry_set_first(v, ent, ddir == root_dir(v) ? 0 : ddir);
            r = fat_sec_put(v);
        }
        if (r == 1)
            r = 0;
    }
    return r;
}

int fat_set_mtime(struct fat_volume *v, const char *path, int64_t mtime)
{
    struct fat_entry e;
    uint32_t dir;
    uint16_t date, time;
    uint8_t *ent;
    int r;

    if (v->ro)
        return -TABULA_EROFS;
    r = fat_lookup(v, path, false, &dir, &e, 0, 0);
    if (r == 1)
        return -TABULA_EINVAL;    /* the root has no entry to hold it */
    if (r < 0)
        return r;
    for (struct fat_node *n = v->nodes; n; n = n->next)
        if (!n->is_root && n->dir_start == dir && n->dir_index == e.index)
            n->mtime = mtime;
    r = fat_dir_get(v, dir, e.index, &ent);
    if (r == 1)
        r = -TABULA_EIO;
    if (r < 0)
        return r;
    fat_time_pack(mtime, &date, &time);
    fat_put16(ent + 22, time);
    fat_put16(ent + 24, date);
    fat_note_time(v, mtime);
    return fat_sec_put(v);
}

/* The newest modification time in the root and one level below: enough to
 * date a disk a user just wrote to, bounded for a huge tree. */
int64_t fat_newest_time(struct fat_volume *v)
{
    struct fat_entry e;
    uint32_t index = 0, seen = 0;
    int64_t newest = v->newest;

    while (seen++ < 4096 && fat_dir_next(v, root_dir(v), &index, &e) == 1) {
        struct fat_stat st;
        uint32_t sub = fat_entry_first(v, e.raw), j = 0;
        struct fat_entry f;

        fat_entry_stat(e.raw, &st);
        if (st.mtime > newest)
            newest = st.mtime;
        if (!st.is_dir || !fat_valid(v, sub))
            continue;
        while (seen++ < 4096 && fat_dir_next(v, sub, &j, &f) == 1) {
            fat_entry_stat(f.raw, &st);
            if (st.mtime > newest)
                newest = st.mtime;
        }
    }
    return newest;
}
