/*
 * fdt.h: a small reader for flattened device trees (the DTB format of the
 * Devicetree Specification). fdt_platform.h turns a tree into a struct
 * platform_info, with the devices a board file lists.
 *
 * fdt_open checks the whole blob once: header, every token, every property
 * length and name offset, nesting depth and the closing FDT_END. Later calls
 * still bounds-check what they read, so no call reads outside the blob even
 * if it changes under us. Nodes are named by their offset inside the
 * structure block (an int >= 0); a negative return is -TABULA_E*.
 */
#ifndef FDT_H
#define FDT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Trees nested deeper than this are refused by fdt_open. */
#define FDT_MAX_DEPTH 16

struct fdt {
    const uint8_t *structs;   /* the structure block */
    const char *strings;      /* the strings block */
    uint32_t struct_size;
    uint32_t strings_size;
    int root;                 /* offset of the root node */
};

/* Validates the blob (at most max_len bytes are ever read) and fills *f.
 * Returns 0, or -TABULA_EINVAL with a message in err naming the fault. */
int fdt_open(struct fdt *f, const void *blob, size_t max_len, char *err,
             size_t errlen);

/* Tree navigation; each returns a node offset or -TABULA_ENOENT. */
int fdt_first_child(const struct fdt *f, int node);
int fdt_next_sibling(const struct fdt *f, int node);
int fdt_parent(const struct fdt *f, int node);
/* The next node in document order. *depth (may be NULL) is adjusted by the
 * levels moved: +1 into a child, 0 to a sibling, negative going up. */
int fdt_next_node(const struct fdt *f, int node, int *depth);
/* "/" or "/soc/serial@10000000"; a component without '@' also matches a
 * name with a unit address ("/memory" finds "memory@80000000"). */
int fdt_find_path(const struct fdt *f, const char *path);
/* The first node after `after` in document order (after < 0: from the root,
 * root included) whose "compatible" list holds compat. */
int fdt_find_compatible(const struct fdt *f, int after, const char *compat);
int fdt_find_phandle(const struct fdt *f, uint32_t phandle);

/* The node's name with its unit address ("" for the root). */
const char *fdt_node_name(const struct fdt *f, int node);

/* Property access. fdt_prop returns NULL when absent. */
const void *fdt_prop(const struct fdt *f, int node, const char *name,
                     uint32_t *len);
/* A property that is a NUL-terminated string, or NULL. */
const char *fdt_prop_str(const struct fdt *f, int node, const char *name);
/* A 32-bit property: 0, -TABULA_ENOENT, or -TABULA_EINVAL if not 4 bytes. */
int fdt_prop_u32(const struct fdt *f, int node, const char *name,
                 uint32_t *out);
/* A 32- or 64-bit (one or two cell) property. */
int fdt_prop_u64(const struct fdt *f, int node, const char *name,
                 uint64_t *out);
/* True when the node's "compatible" string list contains compat. */
bool fdt_is_compatible(const struct fdt *f, int node, const char *compat);
/* The same for a string list property already read (len bytes). */
bool fdt_list_contains(const char *list, uint32_t len, const char *compat);
/* True unless the node's status is present and neither "okay" nor "ok". */
bool fdt_is_enabled(const struct fdt *f, int node);

/* The #address-cells and #size-cells a node sets for its children
 * (defaults 2 and 1). */
void fdt_cells(const struct fdt *f, int node, uint32_t *address_cells,
               uint32_t *size_cells);
/* Decodes entry `index` of the node's reg with its parent's cell sizes.
 * -TABULA_ENOENT: no reg or no such entry; -TABULA_EINVAL: cells above 2 or
 * a length that is not a whole number of entries. */
int fdt_reg(const struct fdt *f, int node, unsigned index, uint64_t *base,
            uint64_t *size);

#endif
