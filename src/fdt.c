/*
 * fdt.c: the flattened device tree reader.
 *
 * A DTB is a 40-byte big-endian header, a structure block of 32-bit tokens
 * (BEGIN_NODE name, PROP len nameoff value, END_NODE, NOP, END) and a
 * strings block holding property names. fdt_open walks every token once and
 * refuses anything malformed with a message naming the offset; the walkers
 * below still read through token(), which treats anything out of bounds as
 * FDT_END, so a walk always stops inside the blob. Every multi-byte value is
 * read a byte at a time: the blob need not be aligned.
 */
#include "fdt.h"

#include <stdio.h>
#include <string.h>

#include "errmsg.h"
#include "tabula.h"

#define FDT_MAGIC 0xd00dfeedu
#define FDT_HEADER_SIZE 40
#define FDT_VERSION_READ 17   /* the newest format this reader understands */
#define FDT_VERSION_MIN 16

enum {
    TOK_BEGIN_NODE = 1,
    TOK_END_NODE = 2,
    TOK_PROP = 3,
    TOK_NOP = 4,
    TOK_END = 9,
};

static uint32_t be32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static uint64_t align4(uint64_t x) { return (x + 3) & ~(uint64_t)3; }

/* Checks the header and returns the block bounds through f. */
static int check_header(struct fdt *f, const uint8_t *b, size_t max_len,
                        char *err, size_t errlen)
{
    if (max_len < FDT_HEADER_SIZE)
        return errmsg_invalid(err, errlen, "device tree: %zu bytes is smaller than the "
                    "%d-byte header", max_len, FDT_HEADER_SIZE);
    uint32_t magic = be32(b), total = be32(b + 4);
    uint32_t off_struct = be32(b + 8), off_strings = be32(b + 12);
    uint32_t off_rsv = be32(b + 16), version = be32(b + 20);
    uint32_t last_comp = be32(b + 24), size_strings = be32(b + 32);
    if (magic != FDT_MAGIC)
        return errmsg_invalid(err, errlen, "device tree: bad magic 0x%08x (expected "
                    "0x%08x)", magic, FDT_MAGIC);
    if (total < FDT_HEADER_SIZE || total > max_len || total > INT32_MAX)
        return errmsg_invalid(err, errlen, "device tree: totalsize %u is outside %d.."
                    "%zu bytes", total, FDT_HEADER_SIZE, max_len);
    if (version < FDT_VERSION_MIN)
        return errmsg_invalid(err, errlen, "device tree: version %u is older than %d",
                    version, FDT_VERSION_MIN);
    if (last_comp > FDT_VERSION_READ)
        return errmsg_invalid(err, errlen, "device tree: only readers of version %u or "
                    "later understand it (this one reads %d)", last_comp,
                    FDT_VERSION_READ);
    if (off_struct < FDT_HEADER_SIZE || off_struct > total || off_struct % 4)
        return errmsg_invalid(err, errlen, "device tree: structure block offset %u is "
                    "outside the blob or unaligned", off_struct);
    /* size_dt_struct only exists from version 17 on. */
    uint32_t size_struct = version >= 17 ? be32(b + 36) : total - off_struct;
    if (size_struct > total - off_struct)
        return errmsg_invalid(err, errlen, "device tree: structure block (offset %u, "
                    "%u bytes) runs past totalsize %u", off_struct,
                    size_struct, total);
    if (off_strings > total || size_strings > total - off_strings)
        return errmsg_invalid(err, errlen, "device tree: strings block (offset %u, %u "
                    "bytes) runs past totalsize %u", off_strings,
                    size_strings, total);
    if (off_rsv < FDT_HEADER_SIZE || off_rsv > total || total - off_rsv < 16)
        return errmsg_invalid(err, errlen, "device tree: memory reservation map offset "
                    "%u is outside the blob", off_rsv);
    f->structs = b + off_struct;
    f->struct_size = size_struct;
    f->strings = (const char *)b + off_strings;
    f->strings_size = size_strings;
    return 0;
}

/* Walks every token of the structure block once, so later walks can trust
 * lengths and name offsets. */
static int check_structure(struct fdt *f, char *err, size_t errlen)
{
    const uint8_t *s = f->structs;
    uint64_t size = f->struct_size, pos = 0;
    int depth = 0;
    bool root_closed = false;
    f->root = -1;
    for (;;) {
        if (pos > size || size - pos < 4)
            return errmsg_invalid(err, errlen, "device tree: structure block ends "
                        "without an FDT_END token");
        uint32_t tok = be32(s + pos);
        switch (tok) {
        case TOK_BEGIN_NODE: {
            if (root_closed)
                return errmsg_invalid(err, errlen, "device tree: a second root node at "
                            "struct offset %u", (unsigned)pos);
            const uint8_t *name = s + pos + 4;
            const uint8_t *nul = memchr(name, 0, size - pos - 4);
            if (!nul)
                return errmsg_invalid(err, errlen, "device tree: node name at struct "
                            "offset %u is not terminated", (unsigned)pos);
            if (f->root < 0)
                f->root = (int)pos;
            if (++depth > FDT_MAX_DEPTH)
                return errmsg_invalid(err, errlen, "device tree: nodes nested deeper "
                            "than %d at struct offset %u", FDT_MAX_DEPTH,
                            (unsigned)pos);
            pos = align4(pos + 4 + (uint64_t)(nul - name) + 1);
            break;
        }
        case TOK_END_NODE:
            if (depth == 0)
                return errmsg_invalid(err, errlen, "device tree: FDT_END_NODE with no "
                            "open node at struct offset %u", (unsigned)pos);
            if (--depth == 0)
                root_closed = true;
            pos += 4;
            break;
        case TOK_PROP: {
            if (depth == 0)
                return errmsg_invalid(err, errlen, "device tree: property outside any "
                            "node at struct offset %u", (unsigned)pos);
            if (size - pos < 12)
                return errmsg_invalid(err, errlen, "device tree: property header at "
                            "struct offset %u runs past the structure block",
                            (unsigned)pos);
            uint32_t len = be32(s + pos + 4), nameoff = be32(s + pos + 8);
            if (len > size - pos - 12)
                return errmsg_invalid(err, errlen, "device tree: property at struct "
                            "offset %u: length %u runs past the structure "
                            "block", (unsigned)pos, len);
            if (nameoff >= f->strings_size)
                return errmsg_invalid(err, errlen, "device tree: property at struct "
                            "offset %u: name offset %u is outside the %u-byte "
                            "strings block", (unsigned)pos, nameoff,
                            f->strings_size);
            if (!memchr(f->strings + nameoff, 0, f->strings_size - nameoff))
                return errmsg_invalid(err, errlen, "device tree: property at struct "
                            "offset %u: name is not terminated inside the "
                            "strings block", (unsigned)pos);
            pos = pos + 12 + align4(len);
            break;
        }
        case TOK_NOP:
            pos += 4;
            break;
        case TOK_END:
            if (depth != 0)
                return errmsg_invalid(err, errlen, "device tree: FDT_END at struct "
                            "offset %u inside an open node", (unsigned)pos);
            if (f->root < 0)
                return errmsg_invalid(err, errlen, "device tree: no root node");
            return 0;
        default:
            return errmsg_invalid(err, errlen, "device tree: unknown token 0x%x at "
                        "struct offset %u", tok, (unsigned)pos);
        }
    }
}

int fdt_open(struct fdt *f, const void *blob, size_t max_len, char *err,
             size_t errlen)
{
    memset(f, 0, sizeof *f);
    f->root = -1;
    if (!blob)
        return errmsg_invalid(err, errlen, "device tree: none was passed (null pointer)");
    int rc = check_header(f, blob, max_len, err, errlen);
    if (rc == 0)
        rc = check_structure(f, err, errlen);
    if (rc != 0) {
        memset(f, 0, sizeof *f);
        f->root = -1;
    }
    return rc;
}

/* The token at off, with the offset after it in *next. Anything out of
 * bounds or malformed reads as TOK_END, which stops every walk. */
static uint32_t token(const struct fdt *f, int off, int *next)
{
    *next = off;
    if (off < 0 || (uint32_t)off > f->struct_size || f->struct_size - (uint32_t)off < 4)
        return TOK_END;
    uint64_t size = f->struct_size, pos = (uint64_t)off, after;
    uint32_t tok = be32(f->structs + pos);
    switch (tok) {
    case TOK_BEGIN_NODE: {
        const uint8_t *nul = memchr(f->structs + pos + 4, 0, size - pos - 4);
        if (!nul)
            return TOK_END;
        after = align4((uint64_t)(nul - f->structs) + 1);
        break;
    }
    case TOK_PROP:
        if (size - pos < 12)
            return TOK_END;
        after = pos + 12 + align4(be32(f->structs + pos + 4));
        break;
    case TOK_END_NODE:
    case TOK_NOP:
        after = pos + 4;
        break;
    default:
        return TOK_END;
    }
    if (after > size)
        return TOK_END;
    *next = (int)after;
    return tok;
}

/* The offset of the first token after the node's name, or -1. */
static int node_body(const struct fdt *f, int node)
{
    int next;
    return token(f, node, &next) == TOK_BEGIN_NODE ? next : -1;
}

int fdt_first_child(const struct fdt *f, int node)
{
    int off = node_body(f, node), next;
    while (off >= 0) {
        uint32_t tok = token(f, off, &next);
        if (tok == TOK_BEGIN_NODE)
            return off;
        if (tok != TOK_PROP && tok != TOK_NOP)
            break;
        off = next;
    }
    return -TABULA_ENOENT;
}

int fdt_next_sibling(const struct fdt *f, int node)
{
    int off = node, next, depth = 0;
    if (node_body(f, node) < 0)
        return -TABULA_ENOENT;
    for (;;) {
        uint32_t tok = token(f, off, &next);
        if (tok == TOK_END)
            return -TABULA_ENOENT;
        if (tok == TOK_BEGIN_NODE) {
            if (depth == 0 && off != node)
                return off;
            depth++;
        } else if (tok == TOK_END_NODE && --depth < 0) {
            return -TABULA_ENOENT;
        }
        off = next;
    }
}

int fdt_next_node(const struct fdt *f, int node, int *depth)
{
    int off = node_body(f, node), next, moved = 0;
    while (off >= 0) {
        uint32_t tok = token(f, off, &next);
        if (tok == TOK_BEGIN_NODE) {
            if (depth)
                *depth += moved + 1;
            return off;
        }
        if (tok == TOK_END_NODE)
            moved--;
        else if (tok != TOK_PROP && tok != TOK_NOP)
            break;
        off = next;
    }
    return -TABULA_ENOENT;
}

int fdt_parent(const struct fdt *f, int node)
{
    int stack[FDT_MAX_DEPTH];
    int off = f->root, depth = 0;
    stack[0] = off;
    while ((off = fdt_next_node(f, off, &depth)) >= 0 && off <= node) {
        if (depth < 1 || depth >= FDT_MAX_DEPTH)
            break;
        stack[depth] = off;
        if (off == node)
            return stack[depth - 1];
    }
    return -TABULA_ENOENT;
}

const char *fdt_node_name(const struct fdt *f, int node)
{
    return node_body(f, node) >= 0 ? (const char *)f->structs + node + 4 : NULL;
}

static bool name_matches(const char *name, const char *comp, size_t len)
{
    if (strncmp(name, comp, len) != 0)
        return false;
    return name[len] == 0 || (name[len] == '@' && !memchr(comp, '@', len));
}

int fdt_find_path(const struct fdt *f, const char *path)
{
    if (!path || path[0] != '/' || f->root < 0)
        return -TABULA_ENOENT;
    int node = f->root;
    const char *p = path;
    for (;;) {
        while (*p == '/')
            p++;
        if (!*p)
            return node;
        size_t len = strcspn(p, "/");
        int child = fdt_first_child(f, node);
        while (child >= 0 && !name_matches(fdt_node_name(f, child), p, len))
            child = fdt_next_sibling(f, child);
        if (child < 0)
            return -TABULA_ENOENT;
        node = child;
        p += len;
    }
}

const void *fdt_prop(const struct fdt *f, int node, const char *name,
                     uint32_t *len)
{
    int off = node_body(f, node), next;
    while (off >= 0) {
        uint32_t tok = token(f, off, &next);
        if (tok == TOK_PROP) {
            uint32_t nameoff = be32(f->structs + off + 8);
            size_t want = strlen(name) + 1;
            if (nameoff < f->strings_size &&
                want <= f->strings_size - nameoff &&
                memcmp(f->strings + nameoff, name, want) == 0) {
                if (len)
                    *len = be32(f->structs + off + 4);
                return f->structs + off + 12;
            }
        } else if (tok != TOK_NOP) {
            break;
        }
        off = next;
    }
    return NULL;
}

const char *fdt_prop_str(const struct fdt *f, int node, const char *name)
{
    uint32_t len;
    const char *s = fdt_prop(f, node, name, &len);
    return s && len > 0 && s[len - 1] == 0 ? s : NULL;
}

int fdt_prop_u32(const struct fdt *f, int node, const char *name,
                 uint32_t *out)
{
    uint32_t len;
    const uint8_t *p = fdt_prop(f, node, name, &len);
    if (!p)
        return -TABULA_ENOENT;
    if (len != 4)
        return -TABULA_EINVAL;
    *out = be32(p);
    return 0;
}

int fdt_prop_u64(const struct fdt *f, int node, const char *name,
                 uint64_t *out)
{
    uint32_t len;
    const uint8_t *p = fdt_prop(f, node, name, &len);
    if (!p)
        return -TABULA_ENOENT;
    if (len == 4)
        *out = be32(p);
    else if (len == 8)
        *out = (uint64_t)be32(p) << 32 | be32(p + 4);
    else
        return -TABULA_EINVAL;
    return 0;
}

bool fdt_is_compatible(const struct fdt *f, int node, const char *compat)
{
    uint32_t len;
    const char *list = fdt_prop(f, node, "compatible", &len);
    return list && fdt_list_contains(list, len, compat);
}

bool fdt_list_contains(const char *list, uint32_t len, const char *compat)
{
    uint32_t pos = 0;
    size_t want = strlen(compat);
    while (pos < len) {
        const char *s = list + pos;
        const char *nul = memchr(s, 0, len - pos);
        if (!nul)
            return false;   /* an unterminated last entry matches nothing */
        if ((size_t)(nul - s) == want && memcmp(s, compat, want) == 0)
            return true;
        pos += (uint32_t)(nul - s) + 1;
    }
    return false;
}

bool fdt_is_enabled(const struct fdt *f, int node)
{
    if (!fdt_prop(f, node, "status", NULL))
        return true;
    const char *status = fdt_prop_str(f, node, "status");
    return status && (strcmp(status, "okay") == 0 || strcmp(status, "ok") == 0);
}

int fdt_find_compatible(const struct fdt *f, int after, const char *compat)
{
    int node = after < 0 ? f->root : fdt_next_node(f, after, NULL);
    while (node >= 0 && !fdt_is_compatible(f, node, compat))
        node = fdt_next_node(f, node, NULL);
    return node >= 0 ? node : -TABULA_ENOENT;
}

int fdt_find_phandle(const struct fdt *f, uint32_t phandle)
{
    if (phandle == 0 || phandle == UINT32_MAX)
        return -TABULA_ENOENT;
    for (int node = f->root; node >= 0; node = fdt_next_node(f, node, NULL)) {
        uint32_t v;
        if ((fdt_prop_u32(f, node, "phandle", &v) == 0 ||
             fdt_prop_u32(f, node, "linux,phandle", &v) == 0) && v == phandle)
            return node;
    }
    return -TABULA_ENOENT;
}

void fdt_cells(const struct fdt *f, int node, uint32_t *address_cells,
               uint32_t *size_cells)
{
    *address_cells = 2;
    *size_cells = 1;
    fdt_prop_u32(f, node, "#address-cells", address_cells);
    fdt_prop_u32(f, node, "#size-cells", size_cells);
}

int fdt_reg(const struct fdt *f, int node, unsigned index, uint64_t *base,
            uint64_t *size)
{
    int parent = fdt_parent(f, node);
    if (parent < 0)
        return -TABULA_ENOENT;
    uint32_t ac, sc, len;
    fdt_cells(f, parent, &ac, &sc);
    if (ac < 1 || ac > 2 || sc > 2)
        return -TABULA_EINVAL;
    const uint8_t *p = fdt_prop(f, node, "reg", &len);
    if (!p)
        return -TABULA_ENOENT;
    uint32_t entry = (ac + sc) * 4;
    if (len % entry)
        return -TABULA_EINVAL;
    if (index >= len / entry)
        return -TABULA_ENOENT;
    p += (size_t)index * entry;
    uint64_t v = 0;
    for (uint32_t i = 0; i < ac; i++, p += 4)
        v = v << 32 | be32(p);
    *base = v;
    v = 0;
    for (uint32_t i = 0; i < sc; i++, p += 4)
        v = v << 32 | be32(p);
    *size = v;
    return 0;
}
