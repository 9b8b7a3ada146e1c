/*
 * fat_file.c: open files and directories: read, write, seek, truncate,
 * readdir. Whole clusters that lie one after another on the disk move in
 * one device transfer straight between the caller's buffer and the disk;
 * only a partial sector goes through the bounce buffer.
 */
#include "fat_int.h"

#include <string.h>

#define FAT_FILE_MAX 0xffffffffull

static struct fat_node *node_get(struct fat_volume *v, uint32_t dir, const struct fat_entry *e,
                                 bool root)
{
    struct fat_node *n;

    for (n = v->nodes; n; n = n->next)
        if (root ? n->is_root : !n->is_root && n->dir_start == dir && n->dir_index == e->index) {
            n->refs++;
            return n;
        }
    n = fat_alloc(sizeof *n);
    if (!n)
        return 0;
    memset(n, 0, sizeof *n);
    n->refs = 1;
    n->is_root = root;
    if (root) {
        n->is_dir = true;
        n->first = v->type == 32 ? v->root_cluster : 0;
    } else {
        struct fat_stat st;

        fat_entry_stat(e->raw, &st);
        n->dir_start = dir;
        n->dir_index = e->index;
        n->is_dir = st.is_dir;
        n->attr = e->raw[11];
        n->first = fat_entry_first(v, e->raw);
        n->size = st.size;
        n->mtime = st.mtime;
    }
    n->contig = n->first ? 1 : 0;
    n->next = v->nodes;
    v->nodes = n;
    return n;
}

static void node_put(struct fat_volume *v, struct fat_node *n)
{
    if (--n->refs)
        return;
    for (struct fat_node **p = &v->nodes; *p; p = &(*p)->next)
        if (*p == n) {
            *p = n->next;
            break;
        }
    fat_free(n);
}

int fat_node_write(struct fat_volume *v, struct fat_node *n)
{
    uint16_t date, time;
    uint8_t *ent;
    int r;

    if (!n->dirty || n->is_root)
        return 0;
    r = fat_dir_get(v, n->dir_start, n->dir_index, &ent);
    if (r == 1)
        r = -TABULA_EIO;
    if (r < 0)
        return r;
    fat_entry_set_first(v, ent, n->first);
    if (!n->is_dir)
        fat_put32(ent + 28, (uint32_t)n->size);
    fat_time_pack(n->mtime, &date, &time);
    fat_put16(ent + 22, time);
    fat_put16(ent + 24, date);
    fat_put16(ent + 18, date);
    ent[11] |= FAT_ATTR_ARCHIVE;
    r = fat_sec_put(v);
    if (r == 0)
        n->dirty = false;
    return r;
}

/* A walk read the link from cluster index `at` (cluster c) to next. */
static inline void learn_link(struct fat_node *n, uint32_t at, uint32_t c, uint32_t next)
{
    if (at + 1 == n->contig && next == c + 1)
        n->contig++;
}

/* Walks the chain once, from the end of its known contiguous run, to
 * learn its length and last cluster. */
static int chain_learn(struct fat_volume *v, struct fat_node *n)
{
    uint32_t at = n->contig ? n->contig - 1 : 0, c = n->first ? n->first + at : 0, last = 0;

    if (n->chain_known)
        return 0;
    while (c) {
        uint32_t next;
        int r;

        if (at >= v->nclusters)
            return -TABULA_EIO;
        r = fat_next(v, c, &next);
        if (r < 0)
            return r;
        learn_link(n, at, c, next);
        last = c;
        c = next;
        at++;
    }
    n->nclus = at;
    n->last = last;
    n->chain_known = true;
    return 0;
}

int fat_open(struct fat_volume *v, const char *path, unsigned flags, struct fat_file **out)
{
    struct fat_entry e;
    struct fat_node *n;
    struct fat_file *f;
    const char *leaf;
    size_t len;
    uint32_t dir;
    bool writes = flags & (FAT_O_WRITE | FAT_O_CREATE | FAT_O_TRUNC | FAT_O_APPEND);
    int r;

    *out = 0;
    if (!(flags & (FAT_O_READ | FAT_O_WRITE | FAT_O_DIR)) || flags & ~127u ||
        (flags & FAT_O_DIR && writes))
        return -TABULA_EINVAL;
    if (writes && !(flags & FAT_O_WRITE))
        return -TABULA_EINVAL;
    if (writes && v->ro)
        return -TABULA_EROFS;
    r = fat_lookup(v, path, false, &dir, &e, 0, 0);
    if (r == 1) {
        if (!(flags & FAT_O_DIR))
            return -TABULA_EISDIR;
        n = node_get(v, 0, 0, true);
        goto have_node;
    }
    if (r == -TABULA_ENOENT && flags & FAT_O_CREATE) {
        uint32_t index;
        r = fat_lookup(v, path, true, &dir, &e, &leaf, &len);
        if (r < 0)
            return r;
        uint8_t *ent;

        r = fat_create_entry(v, dir, leaf, len, FAT_ATTR_ARCHIVE, 0, &index);
        if (r < 0)
            return r;
        r = fat_dir_get(v, dir, index, &ent);
        if (r != 0)
            return r < 0 ? r : -TABULA_EIO;
        memcpy(e.raw, ent, FAT_DIRENT);
        e.index = index;
    } else if (r < 0) {
        return r;
    } else if ((flags & (FAT_O_CREATE | FAT_O_EXCL)) == (FAT_O_CREATE | FAT_O_EXCL)) {
        return -TABULA_EEXIST;
    }
    if (e.raw[11] & FAT_ATTR_DIR && !(flags & FAT_O_DIR))
        return -TABULA_EISDIR;
    if (!(e.raw[11] & FAT_ATTR_DIR) && flags & FAT_O_DIR)
        return -TABULA_ENOTDIR;
    if (writes && e.raw[11] & FAT_ATTR_RO)
        return -TABULA_EACCES;
    {
        uint32_t first = fat_entry_first(v, e.raw);

        if (first && !fat_valid(v, first))
            return -TABULA_EIO;    /* the entry points outside the volume */
        if (e.raw[11] & FAT_ATTR_DIR && !first)
            return -TABULA_EIO;
    }
    /* The chain is not walked here: opening a 16 MiB file would read its
     * whole FAT run (25 ms under QEMU). A loop or a link out of the
     * volume is EIO where the chain is used: cluster_at, grow, and a
     * read reaching the end (read_end). */
    n = node_get(v, dir, &e, false);
have_node:
    if (!n)
        return -TABULA_ENOMEM;
    f = fat_alloc(sizeof *f);
    if (!f) {
        node_put(v, n);
        return -TABULA_ENOMEM;
    }
    memset(f, 0, sizeof *f);
    f->v = v;
    f->n = n;
    f->flags = flags;
    f->gen = n->gen;
    if (flags & FAT_O_TRUNC && n->size) {
        r = fat_truncate(f, 0);
        if (r < 0) {
            fat_close(f);
            return r;
        }
    }
    *out = f;
    return 0;
}

/* The cluster holding cluster index ci of the file: in the contiguous
 * run, no FAT read; else a walk from the handle's last position or the
 * run's end, whichever is nearer. 0 when the chain is shorter. */
static int cluster_at(struct fat_file *f, uint32_t ci, uint32_t *c)
{
    struct fat_volume *v = f->v;
    struct fat_node *n = f->n;
    uint32_t at, cur, mark, steps, span;
    int r;

    if (f->gen != n->gen) {
        f->gen = n->gen;
        f->cl_num = 0;
    }
    if (ci < n->contig) {
        *c = n->first + ci;
        return 0;
    }
    if (!f->cl_num || f->cl_index > ci || f->cl_index + 1 < n->contig) {
        /* The cycle finding may start at the run's end: no loop lies
         * inside a rising run, and Brent's method finds one from any
         * point that leads into it. */
        at = n->contig ? n->contig - 1 : 0;
        cur = n->first ? n->first + at : 0;
        mark = cur;
        steps = 0;
        span = 1;
    } else {
        at = f->cl_index;
        cur = f->cl_num;
        mark = f->loop_mark;
        steps = f->loop_steps;
        span = f->loop_span;
    }
    if (ci - at > v->nclusters)
        return -TABULA_EIO;
    while (at < ci && cur) {
        uint32_t next;

        r = fat_next(v, cur, &next);
        if (r < 0)
            return r;
        learn_link(n, at, cur, next);
        cur = next;
        at++;
        if (cur == mark)
            return -TABULA_EIO;    /* the chain loops */
        if (++steps == span) {
            mark = cur;
            steps = 0;
            span = span < (1u << 31) ? span * 2 : span;
        }
    }
    /* The walk's state is kept only with the position it belongs to. */
    if (cur) {
        f->cl_index = at;
        f->cl_num = cur;
        f->loop_mark = mark;
        f->loop_steps = steps;
        f->loop_span = span;
    }
    *c = cur;
    return 0;
}

/* A read reached the end of the file: the chain must end within the
 * volume from there (it may run on past the size, as FAT allows), which
 * no loop does. Learns the chain's length and last cluster on the way, so
 * a later append does not walk it again. */
static int read_end(struct fat_file *f)
{
    struct fat_volume *v = f->v;
    struct fat_node *n = f->n;
    uint32_t ci, c, count;
    int r;

    if (n->chain_known || !n->size)
        return 0;
    ci = (uint32_t)((n->size - 1) / v->cluster_bytes);
    r = cluster_at(f, ci, &c);
    if (r < 0)
        return r;
    if (!c)
        return -TABULA_EIO;
    for (count = ci + 1;; count++) {
        uint32_t next;

        r = fat_next(v, c, &next);
        if (r < 0)
            return r;
        if (!next)
            break;
        if (count >= v->nclusters)
            return -TABULA_EIO;    /* longer than the volume: a loop */
        learn_link(n, count - 1, c, next);
        c = next;
    }
    n->nclus = count;
    n->last = c;
    n->chain_known = true;
    return 0;
}

/* Moves len bytes at file offset pos between buf and the disk; the
 * clusters are there. */
static long transfer(struct fat_file *f, uint64_t pos, uint8_t *buf, size_t len, bool write)
{
    struct fat_volume *v = f->v;
    struct fat_node *fn = f->n;
    uint32_t cb = v->cluster_bytes;
    size_t done = 0;
    int r;

    while (done < len) {
        uint32_t ci = (uint32_t)(pos / cb), off = (uint32_t)(pos % cb), c;

        r = cluster_at(f, ci, &c);
        if (r < 0)
            return r;
        if (!c)
            return -TABULA_EIO;    /* the chain is shorter than the size */
        if (off == 0 && len - done >= cb) {
            /* Whole clusters: extend the run while the next is adjacent
             * (known so within the contiguous run). At most 2^22 sectors
             * (2 GiB at 512 bytes) in one call. */
            uint32_t run = 1;
            uint64_t max = (len - done) / cb;

            if (max > (1u << 22) / v->spc)
                max = (1u << 22) / v->spc;
            if (fn->contig > ci + 1)
                run = fn->contig - ci < max ? fn->contig - ci : (uint32_t)max;
            while (run < max) {
                uint32_t next;

                r = fat_next(v, c + run - 1, &next);
                if (r < 0)
                    return r;
                if (next != c + run)
                    break;
                learn_link(fn, ci + run - 1, c + run - 1, next);
                run++;
            }
            r = write ? fat_io_write(v, fat_cluster_sector(v, c), run * v->spc, buf + done)
                      : fat_io_read(v, fat_cluster_sector(v, c), run * v->spc, buf + done);
            if (r < 0)
                return r;
            done += (size_t)run * cb;
            pos += (uint64_t)run * cb;
            continue;
        }
        {
            uint32_t sec = fat_cluster_sector(v, c) + off / v->bps, soff = off % v->bps;
            size_t n = len - done;

            if (soff == 0 && n >= v->bps) {
                /* Whole sectors up to the cluster's end. */
                uint32_t secs = (uint32_t)((n < cb - off ? n : cb - off) / v->bps);

                r = write ? fat_io_write(v, sec, secs, buf + done)
                          : fat_io_read(v, sec, secs, buf + done);
                if (r < 0)
                    return r;
                n = (size_t)secs * v->bps;
            } else {
                if (n > v->bps - soff)
                    n = v->bps - soff;
                r = fat_io_read(v, sec, 1, v->bounce);
                if (r < 0)
                    return r;
                if (write) {
                    memcpy(v->bounce + soff, buf + done, n);
                    r = fat_io_write(v, sec, 1, v->bounce);
                    if (r < 0)
                        return r;
                } else {
                    memcpy(buf + done, v->bounce + soff, n);
                }
            }
            done += n;
            pos += n;
        }
    }
    return (long)done;
}

long fat_read(struct fat_file *f, void *buf, size_t len)
{
    uint64_t size = f->n->size;
    long r;

    if (!(f->flags & FAT_O_READ))
        return f->flags & FAT_O_DIR ? -TABULA_EISDIR : -TABULA_EBADF;
    if (f->n->is_dir)
        return -TABULA_EISDIR;
    if (f->pos >= size || !len)
        return 0;
    if (len > size - f->pos)
        len = (size_t)(size - f->pos);
    if (len > 0x40000000)
        len = 0x40000000;
    r = transfer(f, f->pos, buf, len, false);
    if (r > 0 && f->pos + (uint64_t)r == size) {
        int e = read_end(f);

        if (e < 0)
            return e;
    }
    if (r > 0)
        f->pos += (uint64_t)r;
    return r;
}

/* Makes the chain hold `bytes`; allocates what is missing, contiguous
 * with the last cluster when it can. */
static int grow(struct fat_file *f, uint64_t bytes)
{
    struct fat_volume *v = f->v;
    struct fat_node *n = f->n;
    uint32_t want = (uint32_t)((bytes + v->cluster_bytes - 1) / v->cluster_bytes), first;
    int r;

    /* Within the clusters the size already needs, nothing is allocated
     * and the chain is not walked (overwriting in place); a chain shorter
     * than its size is EIO in transfer. */
    if (!n->chain_known && bytes <= n->size)
        return 0;
    r = chain_learn(v, n);
    if (r < 0 || want <= n->nclus)
        return r;
    r = fat_alloc_chain(v, n->last, want - n->nclus, &first);
    if (r < 0)
        return r;
    if (!n->first) {
        n->first = first;
        n->contig = 1;
    }
    r = fat_chain_nth(v, first, want - n->nclus - 1, &n->last);
    n->nclus = want;
    n->dirty = true;
    return r;
}

static const uint8_t zeros[512];

/* Writes zeros over [from, to), to grow a file past its end. */
static int zero_fill(struct fat_file *f, uint64_t from, uint64_t to)
{
    while (from < to) {
        size_t n = to - from < sizeof zeros ? (size_t)(to - from) : sizeof zeros;
        long r = transfer(f, from, (uint8_t *)zeros, n, true);

        if (r < 0)
            return (int)r;
        from += n;
    }
    return 0;
}

long fat_write(struct fat_file *f, const void *buf, size_t len)
{
    struct fat_volume *v = f->v;
    struct fat_node *n = f->n;
    uint64_t end;
    long r;

    if (!(f->flags & FAT_O_WRITE))
        return f->flags & FAT_O_DIR ? -TABULA_EISDIR : -TABULA_EBADF;
    if (v->ro)
        return -TABULA_EROFS;
    if (f->flags & FAT_O_APPEND)
        f->pos = n->size;
    if (!len)
        return 0;
    if (f->pos >= FAT_FILE_MAX)
        return -TABULA_ENOSPC;    /* FAT sizes are 32 bits */
    if (len > FAT_FILE_MAX - f->pos)
        len = (size_t)(FAT_FILE_MAX - f->pos);
    if (len > 0x40000000)
        len = 0x40000000;
    end = f->pos + len;
    r = grow(f, end > n->size ? end : n->size);
    if (r == -TABULA_ENOSPC) {
        /* Write what fits in the clusters there are and the free ones. */
        uint64_t room = ((uint64_t)n->nclus + v->free_count) * v->cluster_bytes;

        if (room <= f->pos)
            return -TABULA_ENOSPC;
        len = (size_t)(room - f->pos < len ? room - f->pos : len);
        end = f->pos + len;
        r = grow(f, end);
    }
    if (r < 0)
        return r;
    if (f->pos > n->size) {
        r = zero_fill(f, n->size, f->pos);
        if (r < 0)
            return r;
    }
    r = transfer(f, f->pos, (uint8_t *)buf, len, true);
    if (r < 0)
        return r;
    f->pos += (uint64_t)r;
    if (f->pos > n->size)
        n->size = f->pos;
    n->mtime = fat_time_now();
    fat_note_time(v, n->mtime);
    n->dirty = true;
    return r;
}

int64_t fat_seek(struct fat_file *f, int64_t offset, int whence)
{
    int64_t base = whence == 0 ? 0 : whence == 1 ? (int64_t)f->pos
                 : whence == 2 ? (int64_t)f->n->size : -1;

    if (base < 0 || (whence == 2 && f->n->is_dir))
        return -TABULA_EINVAL;
    if (offset < 0 ? base + offset < 0 : offset > INT64_MAX - base)
        return -TABULA_EINVAL;
    f->pos = (uint64_t)(base + offset);
    return (int64_t)f->pos;
}

int fat_truncate(struct fat_file *f, uint64_t size)
{
    struct fat_volume *v = f->v;
    struct fat_node *n = f->n;
    int r;

    if (n->is_dir)
        return -TABULA_EISDIR;
    if (!(f->flags & FAT_O_WRITE))
        return -TABULA_EBADF;
    if (v->ro)
        return -TABULA_EROFS;
    if (size > FAT_FILE_MAX)
        return -TABULA_ENOSPC;
    if (size > n->size) {
        r = grow(f, size);
        if (r == 0)
            r = zero_fill(f, n->size, size);
        if (r < 0)
            return r;
    } else if (size < n->size) {
        uint32_t keep = (uint32_t)((size + v->cluster_bytes - 1) / v->cluster_bytes);

        if (n->contig > keep)
            n->contig = keep;
        if (n->first) {
            /* The chain is cut from the end of what is known contiguous. */
            uint32_t skip = n->contig ? n->contig - 1 : 0;

            r = keep ? fat_truncate_chain(v, n->first + skip, keep - skip)
                     : fat_free_chain(v, n->first);
            if (r < 0)
                return r;
            if (!keep)
                n->first = 0;
        }
        n->chain_known = false;
        n->gen++;
    }
    n->size = size;
    n->mtime = fat_time_now();
    fat_note_time(v, n->mtime);
    n->dirty = true;
    return 0;
}

int fat_fsync(struct fat_file *f)
{
    struct fat_volume *v = f->v;
    int r = fat_node_write(v, f->n);

    if (r == 0)
        r = fat_sync(v);
    return r;
}

const void *fat_file_id(const struct fat_file *f)
{
    return f->n;
}

int fat_fstat(struct fat_file *f, struct fat_stat *st)
{
    struct fat_node *n = f->n;

    memset(st, 0, sizeof *st);
    st->is_dir = n->is_dir;
    st->size = n->is_dir ? 0 : n->size;
    st->read_only = n->attr & FAT_ATTR_RO;
    st->mtime = n->mtime;
    st->ctime = n->mtime;
    if (!n->is_root) {
        uint8_t *ent;

        if (fat_dir_get(f->v, n->dir_start, n->dir_index, &ent) == 0) {
            struct fat_stat disk;

            fat_entry_stat(ent, &disk);
            st->ctime = disk.ctime;
        }
    }
    return 0;
}

int fat_readdir(struct fat_file *dir, struct fat_dirent *out)
{
    struct fat_entry e;
    uint32_t index;
    int r;

    if (!dir->n->is_dir || !(dir->flags & FAT_O_DIR))
        return -TABULA_ENOTDIR;
    if (dir->pos >= FAT_DIR_MAX_ENTRIES)
        return 0;
    index = (uint32_t)dir->pos;
    r = fat_dir_next(dir->v, dir->n->first, &index, &e);
    dir->pos = index;
    if (r <= 0)
        return r;
    /* A long name is at most 255 UTF-16 units, which can be 765 bytes of
     * UTF-8: one that does not fit is given by its short name, which
     * opens the same file. */
    if (strlen(e.name) < sizeof out->name)
        strcpy(out->name, e.name);
    else
        fat_short_name(e.raw, out->name);
    fat_entry_stat(e.raw, &out->st);
    for (struct fat_node *n = dir->v->nodes; n; n = n->next)
        if (!n->is_root && n->dir_start == dir->n->first && n->dir_index == e.index) {
            out->st.size = n->is_dir ? 0 : n->size;
            out->st.mtime = n->mtime;
        }
    return 1;
}

int fat_close(struct fat_file *f)
{
    int r = 0;

    if (!f)
        return -TABULA_EBADF;
    if (f->n->dirty && !f->v->ro)
        r = fat_node_write(f->v, f->n);
    node_put(f->v, f->n);
    fat_free(f);
    return r;
}
