/*
 * test_fdt.c: the device tree reader against real trees dumped by QEMU's
 * virt machine (generated on the fly with -machine dumpdtb) and against
 * hand-built and deliberately broken blobs. Every parse of a broken blob
 * runs on an exact-size heap copy, so ASan catches any read past its end.
 */
#include "check.h"
#include "fdt.h"
#include "fdt_platform.h"
#include "virt_devices.h"
#include "tabula.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The board description under test is virt's (virt_devices.c); isa is
 * what it found of the first cpu's riscv,isa. */
static char isa[128];

static int describe(const void *blob, size_t len, struct platform_info *p, char *err,
                    size_t errlen)
{
    return virt_describe(blob, len, p, isa, sizeof isa, err, errlen);
}

/* Device i of a kind, or all zeros when there is none. */
static struct platform_device dev(const struct platform_info *p, const char *kind, unsigned i)
{
    const struct platform_device *d = platform_device(p, kind, i);
    return d ? *d : (struct platform_device){0};
}

/* ---- blobs from QEMU ---------------------------------------------------- */

struct blob {
    uint8_t *data;
    size_t len;        /* the file's size (QEMU pads it to 1 MiB) */
    size_t total;      /* the header's totalsize */
};

static uint32_t get_be32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static void put_be32(uint8_t *p, uint32_t v)
{
    p[0] = v >> 24, p[1] = v >> 16, p[2] = v >> 8, p[3] = v;
}

/* Runs QEMU to dump the virt machine's tree with the given extra options.
 * with_initrd adds a 1000-byte initrd. */
static struct blob dump_virt(const char *options, int with_initrd)
{
    struct blob b = {0};
    char dir[] = "/tmp/tabula-fdt-XXXXXX";
    if (!mkdtemp(dir)) {
        check_fail(__FILE__, __LINE__, "mkdtemp failed");
        return b;
    }
    char kernel[64], initrd[64], dtb[64], log[64], cmd[1024];
    snprintf(kernel, sizeof kernel, "%s/kernel.bin", dir);
    snprintf(initrd, sizeof initrd, "%s/initrd.bin", dir);
    snprintf(dtb, sizeof dtb, "%s/virt.dtb", dir);
    snprintf(log, sizeof log, "%s/qemu.log", dir);
    static uint8_t zeros[1000];
    check_write_file(kernel, zeros, 16);   /* -append needs a -kernel */
    check_write_file(initrd, zeros, sizeof zeros);
    snprintf(cmd, sizeof cmd,
             "qemu-system-riscv64 -M virt %s -kernel %s %s%s "
             "-append 'plain exec=run hello; halt' -machine dumpdtb=%s "
             "-display none -serial none -monitor none >%s 2>&1",
             options, kernel, with_initrd ? "-initrd " : "",
             with_initrd ? initrd : "", dtb, log);
    int rc = system(cmd);
    b.data = check_read_file(dtb, &b.len);
    if (rc != 0 || !b.data) {
        size_t n;
        char *out = (char *)check_read_file(log, &n);
        printf("  QEMU failed (is qemu-system-riscv64 installed? it is a "
               "listed dependency): %s\n  %.*s\n", cmd, out ? (int)n : 0,
               out ? out : "");
        free(out);
        check_fail(__FILE__, __LINE__, "could not dump the virt device tree");
    } else {
        b.total = get_be32(b.data + 4);
    }
    unlink(kernel), unlink(initrd), unlink(dtb), unlink(log);
    rmdir(dir);
    return b;
}

static struct blob *virt2(void)
{
    static struct blob b;
    if (!b.data)
        b = dump_virt("-m 128M -smp 2", 0);
    return &b;
}

static struct blob *virt4(void)
{
    static struct blob b;
    if (!b.data)
        b = dump_virt("-m 256M -smp 4", 1);
    return &b;
}

/* ---- the real trees ------------------------------------------------------ */

TEST(virt_platform_smp2)
{
    struct blob *b = virt2();
    if (!b->data)
        return;
    struct platform_info p;
    char err[160];
    CHECK_EQ(describe(b->data, b->len, &p, err, sizeof err), 0);
    CHECK_EQ(err[0], 0);
    CHECK_EQ(p.ram_base, 0x80000000);
    CHECK_EQ(p.ram_size, 128u << 20);
    CHECK_EQ(p.timebase_hz, 10000000);
    CHECK_EQ(p.nharts, 2);
    CHECK_EQ(p.hart_ids[0], 0);
    CHECK_EQ(p.hart_ids[1], 1);
    CHECK(strncmp(isa, "rv64i", 5) == 0);
    CHECK_EQ(dev(&p, PLATFORM_NS16550, 0).base, 0x10000000);
    CHECK_EQ(dev(&p, PLATFORM_NS16550, 0).size, 0x100);
    CHECK_EQ(dev(&p, PLATFORM_NS16550, 0).irq, 10);
    CHECK_EQ(dev(&p, PLATFORM_NS16550, 0).param, 3686400);
    CHECK_EQ(dev(&p, PLATFORM_PLIC, 0).base, 0x0c000000);
    CHECK_EQ(dev(&p, PLATFORM_PLIC, 0).size, 0x600000);
    CHECK_EQ(dev(&p, PLATFORM_PLIC, 0).irq, 0);
    CHECK_EQ(dev(&p, PLATFORM_PLIC, 0).param, 0x60);
    /* Its compatible names both of the table's PLIC rows: one device. */
    CHECK_EQ(platform_count(&p, PLATFORM_PLIC), 1);
    CHECK_EQ(platform_count(&p, PLATFORM_NS16550), 1);
    CHECK_EQ(dev(&p, PLATFORM_GOLDFISH_RTC, 0).base, 0x101000);
    CHECK_EQ(dev(&p, PLATFORM_GOLDFISH_RTC, 0).size, 0x1000);
    CHECK_EQ(dev(&p, PLATFORM_GOLDFISH_RTC, 0).irq, 11);
    CHECK_EQ(dev(&p, PLATFORM_POWEROFF, 0).base, 0x100000);
    CHECK_EQ(dev(&p, PLATFORM_POWEROFF, 0).size, 0x1000);
    CHECK_EQ(platform_count(&p, PLATFORM_VIRTIO_MMIO), 8);
    for (unsigned i = 0; i < 8; i++) {
        CHECK_EQ(dev(&p, PLATFORM_VIRTIO_MMIO, i).base, 0x10001000 + 0x1000 * i);
        CHECK_EQ(dev(&p, PLATFORM_VIRTIO_MMIO, i).size, 0x1000);
        CHECK_EQ(dev(&p, PLATFORM_VIRTIO_MMIO, i).irq, 1 + i);
    }
    CHECK_EQ(p.initrd_start, 0);
    CHECK_EQ(p.initrd_end, 0);
    CHECK(strcmp(p.bootargs, "plain exec=run hello; halt") == 0);
    CHECK(strcmp(p.model, "riscv-virtio,qemu") == 0);
}

TEST(virt_platform_smp4_initrd)
{
    struct blob *b = virt4();
    if (!b->data)
        return;
    struct platform_info p;
    char err[160];
    CHECK_EQ(describe(b->data, b->len, &p, err, sizeof err), 0);
    CHECK_EQ(p.ram_base, 0x80000000);
    CHECK_EQ(p.ram_size, 256u << 20);
    CHECK_EQ(p.timebase_hz, 10000000);
    CHECK_EQ(p.nharts, 4);
    for (unsigned i = 0; i < 4; i++)
        CHECK_EQ(p.hart_ids[i], i);
    CHECK_EQ(dev(&p, PLATFORM_NS16550, 0).base, 0x10000000);
    CHECK_EQ(platform_count(&p, PLATFORM_VIRTIO_MMIO), 8);
    CHECK_EQ(p.initrd_end - p.initrd_start, 1000);
    CHECK(p.initrd_start >= p.ram_base);
    CHECK(p.initrd_end <= p.ram_base + p.ram_size);
}

TEST(virt_generic_api)
{
    struct blob *b = virt2();
    if (!b->data)
        return;
    struct fdt f;
    char err[160];
    CHECK_EQ(fdt_open(&f, b->data, b->len, err, sizeof err), 0);
    CHECK_EQ(fdt_find_path(&f, "/"), f.root);
    CHECK(strcmp(fdt_node_name(&f, f.root), "") == 0);
    int soc = fdt_find_path(&f, "/soc");
    int uart = fdt_find_path(&f, "/soc/serial@10000000");
    CHECK(soc >= 0 && uart > soc);
    CHECK_EQ(fdt_find_path(&f, "/soc/serial"), uart);
    CHECK_EQ(fdt_find_path(&f, "//soc//serial@10000000/"), uart);
    CHECK_EQ(fdt_find_path(&f, "/soc/serial@1"), -TABULA_ENOENT);
    CHECK_EQ(fdt_find_path(&f, "/soc/seria"), -TABULA_ENOENT);
    CHECK_EQ(fdt_find_path(&f, "/nothing"), -TABULA_ENOENT);
    CHECK_EQ(fdt_find_path(&f, "soc"), -TABULA_ENOENT);
    CHECK(strcmp(fdt_node_name(&f, fdt_find_path(&f, "/memory")),
                 "memory@80000000") == 0);
    CHECK_EQ(fdt_parent(&f, uart), soc);
    CHECK_EQ(fdt_parent(&f, soc), f.root);
    CHECK_EQ(fdt_parent(&f, f.root), -TABULA_ENOENT);

    /* Children of /cpus, in order, then nothing. */
    int cpus = fdt_find_path(&f, "/cpus");
    int c = fdt_first_child(&f, cpus);
    CHECK(strcmp(fdt_node_name(&f, c), "cpu@0") == 0);
    c = fdt_next_sibling(&f, c);
    CHECK(strcmp(fdt_node_name(&f, c), "cpu@1") == 0);
    c = fdt_next_sibling(&f, c);
    CHECK(strcmp(fdt_node_name(&f, c), "cpu-map") == 0);
    CHECK_EQ(fdt_next_sibling(&f, c), -TABULA_ENOENT);
    CHECK_EQ(fdt_next_sibling(&f, f.root), -TABULA_ENOENT);
    CHECK_EQ(fdt_first_child(&f, uart), -TABULA_ENOENT);

    uint32_t ac, sc;
    fdt_cells(&f, soc, &ac, &sc);
    CHECK_EQ(ac, 2);
    CHECK_EQ(sc, 2);
    fdt_cells(&f, cpus, &ac, &sc);
    CHECK_EQ(ac, 1);
    CHECK_EQ(sc, 0);
    fdt_cells(&f, uart, &ac, &sc);   /* defaults */
    CHECK_EQ(ac, 2);
    CHECK_EQ(sc, 1);

    uint64_t base, size;
    int flash = fdt_find_path(&f, "/flash");
    CHECK_EQ(fdt_reg(&f, flash, 1, &base, &size), 0);
    CHECK_EQ(base, 0x22000000);
    CHECK_EQ(size, 0x2000000);
    CHECK_EQ(fdt_reg(&f, flash, 2, &base, &size), -TABULA_ENOENT);
    CHECK_EQ(fdt_reg(&f, soc, 0, &base, &size), -TABULA_ENOENT);

    int plic = fdt_find_compatible(&f, -1, "riscv,plic0");
    CHECK(plic >= 0);
    CHECK(fdt_is_compatible(&f, plic, "sifive,plic-1.0.0"));
    CHECK(!fdt_is_compatible(&f, plic, "riscv,plic"));
    CHECK(!fdt_is_compatible(&f, plic, "plic0"));
    CHECK(fdt_is_enabled(&f, plic));
    CHECK_EQ(fdt_find_compatible(&f, plic, "riscv,plic0"), -TABULA_ENOENT);

    uint32_t v;
    CHECK_EQ(fdt_prop_u32(&f, plic, "riscv,ndev", &v), 0);
    CHECK_EQ(v, 0x60);
    CHECK_EQ(fdt_prop_u32(&f, plic, "reg", &v), -TABULA_EINVAL);
    CHECK_EQ(fdt_prop_u32(&f, plic, "no-such", &v), -TABULA_ENOENT);
    CHECK(fdt_prop_str(&f, plic, "riscv,ndev") == NULL);
    uint32_t len;
    CHECK(fdt_prop(&f, plic, "interrupt-controller", &len) != NULL);
    CHECK_EQ(len, 0);
    CHECK(fdt_prop_str(&f, fdt_find_path(&f, "/chosen"), "stdout-path"));

    int test = fdt_find_compatible(&f, -1, "sifive,test0");
    uint32_t ph;
    CHECK_EQ(fdt_prop_u32(&f, test, "phandle", &ph), 0);
    CHECK_EQ(fdt_find_phandle(&f, ph), test);
    CHECK_EQ(fdt_find_phandle(&f, 0), -TABULA_ENOENT);
    CHECK_EQ(fdt_find_phandle(&f, 9999), -TABULA_ENOENT);
}

/* Walking in document order meets the same nodes as walking by child and
 * sibling, and depths agree with parents. */
static int count_recursive(const struct fdt *f, int node)
{
    int n = 1;
    for (int c = fdt_first_child(f, node); c >= 0; c = fdt_next_sibling(f, c)) {
        CHECK_EQ(fdt_parent(f, c), node);
        n += count_recursive(f, c);
    }
    return n;
}

TEST(virt_walks_agree)
{
    struct blob *b = virt2();
    if (!b->data)
        return;
    struct fdt f;
    CHECK_EQ(fdt_open(&f, b->data, b->len, NULL, 0), 0);
    int n = 0, depth = 0, maxdepth = 0;
    for (int node = f.root; node >= 0; node = fdt_next_node(&f, node, &depth)) {
        n++;
        CHECK(depth >= 0);
        if (depth > maxdepth)
            maxdepth = depth;
    }
    CHECK_EQ(n, count_recursive(&f, f.root));
    CHECK(n > 30);
    CHECK_EQ(maxdepth, 4);   /* /cpus/cpu-map/cluster0/core0 */
}

/* Cuts the real blob at every length. As is, the header's totalsize gives
 * it away; with totalsize and the block sizes shrunk to match, the parser
 * must find the damage inside the blocks. */
TEST(virt_truncated_everywhere)
{
    struct blob *b = virt2();
    if (!b->data)
        return;
    uint32_t off_struct = get_be32(b->data + 8), off_strings = get_be32(b->data + 12);
    uint32_t size_struct = get_be32(b->data + 36), size_strings = get_be32(b->data + 32);
    struct platform_info p;
    char err[160];
    for (size_t n = 0; n < b->total; n++) {
        uint8_t *cut = malloc(n ? n : 1);
        memcpy(cut, b->data, n);
        err[0] = 0;
        CHECK(describe(cut, n, &p, err, sizeof err) < 0);
        CHECK(err[0] != 0);
        if (n >= 40) {
            put_be32(cut + 4, (uint32_t)n);
            if (off_struct <= n && size_struct > n - off_struct)
                put_be32(cut + 36, (uint32_t)(n - off_struct));
            if (off_strings <= n && size_strings > n - off_strings)
                put_be32(cut + 32, (uint32_t)(n - off_strings));
            err[0] = 0;
            int rc = describe(cut, n, &p, err, sizeof err);
            CHECK(rc < 0);
            CHECK(err[0] != 0);
        }
        free(cut);
    }
    uint8_t *whole = malloc(b->total);
    memcpy(whole, b->data, b->total);
    CHECK_EQ(describe(whole, b->total, &p, err, sizeof err), 0);
    free(whole);
}

/* Flips every byte of the structure and strings blocks in turn; whatever
 * the parser decides, it must stay inside the blob (ASan checks). */
TEST(virt_every_byte_flipped)
{
    struct blob *b = virt2();
    if (!b->data)
        return;
    uint8_t *copy = malloc(b->total);
    struct platform_info p;
    char err[160];
    int rejected = 0;
    for (size_t i = get_be32(b->data + 8); i < b->total; i++) {
        memcpy(copy, b->data, b->total);
        copy[i] ^= (i & 1) ? 0xff : 0x80;
        if (describe(copy, b->total, &p, err, sizeof err) < 0)
            rejected++;
    }
    CHECK(rejected > 0);
    free(copy);
}

/* ---- hand-built trees ---------------------------------------------------- */

struct builder {
    uint8_t st[8192];
    size_t slen;
    char str[1024];
    size_t strl;
};

static void b_word(struct builder *b, uint32_t v)
{
    put_be32(b->st + b->slen, v);
    b->slen += 4;
}

static void b_begin(struct builder *b, const char *name)
{
    b_word(b, 1);
    size_t n = strlen(name) + 1;
    memcpy(b->st + b->slen, name, n);
    b->slen += n;
    while (b->slen % 4)
        b->st[b->slen++] = 0;
}

static void b_end(struct builder *b) { b_word(b, 2); }

static uint32_t b_string(struct builder *b, const char *name)
{
    for (size_t i = 0; i < b->strl; i += strlen(b->str + i) + 1)
        if (strcmp(b->str + i, name) == 0)
            return (uint32_t)i;
    uint32_t off = (uint32_t)b->strl;
    memcpy(b->str + b->strl, name, strlen(name) + 1);
    b->strl += strlen(name) + 1;
    return off;
}

static void b_prop(struct builder *b, const char *name, const void *data,
                   size_t len)
{
    b_word(b, 3);
    b_word(b, (uint32_t)len);
    b_word(b, b_string(b, name));
    memcpy(b->st + b->slen, data, len);
    b->slen += len;
    while (b->slen % 4)
        b->st[b->slen++] = 0;
}

static void b_u32(struct builder *b, const char *name, uint32_t v)
{
    uint8_t d[4];
    put_be32(d, v);
    b_prop(b, name, d, 4);
}

static void b_cells(struct builder *b, const char *name, const uint32_t *v,
                    size_t n)
{
    uint8_t d[64];
    for (size_t i = 0; i < n; i++)
        put_be32(d + 4 * i, v[i]);
    b_prop(b, name, d, 4 * n);
}

static void b_str(struct builder *b, const char *name, const char *s)
{
    b_prop(b, name, s, strlen(s) + 1);
}

/* Lays the blob out (header, empty reservation map, structure, strings) in
 * an exact-size heap buffer. with_end adds the closing FDT_END token. */
static uint8_t *b_finish(struct builder *b, int with_end, size_t *len)
{
    if (with_end)
        b_word(b, 9);
    size_t off_struct = 56, off_strings = off_struct + b->slen;
    *len = off_strings + b->strl;
    uint8_t *blob = calloc(1, *len);
    put_be32(blob, 0xd00dfeed);
    put_be32(blob + 4, (uint32_t)*len);
    put_be32(blob + 8, (uint32_t)off_struct);
    put_be32(blob + 12, (uint32_t)off_strings);
    put_be32(blob + 16, 40);
    put_be32(blob + 20, 17);
    put_be32(blob + 24, 16);
    put_be32(blob + 32, (uint32_t)b->strl);
    put_be32(blob + 36, (uint32_t)b->slen);
    memcpy(blob + off_struct, b->st, b->slen);
    memcpy(blob + off_strings, b->str, b->strl);
    return blob;
}

enum { NO_MEMORY = 1, NO_TIMEBASE = 2, TIMEBASE_ON_CPU = 4, NO_CPUS = 8 };

/* Root, /memory and /cpus with one cpu; leaves the root open. */
static void b_minimal(struct builder *b, unsigned flags)
{
    memset(b, 0, sizeof *b);
    b_begin(b, "");
    b_u32(b, "#address-cells", 2);
    b_u32(b, "#size-cells", 2);
    b_str(b, "model", "test-board");
    if (!(flags & NO_MEMORY)) {
        b_begin(b, "memory@40000000");
        b_str(b, "device_type", "memory");
        b_cells(b, "reg", (uint32_t[]){0, 0x40000000, 0, 0x1000000}, 4);
        b_end(b);
    }
    if (!(flags & NO_CPUS)) {
        b_begin(b, "cpus");
        b_u32(b, "#address-cells", 1);
        b_u32(b, "#size-cells", 0);
        if (!(flags & (NO_TIMEBASE | TIMEBASE_ON_CPU)))
            b_u32(b, "timebase-frequency", 1000000);
        b_begin(b, "cpu@3");
        b_str(b, "device_type", "cpu");
        b_u32(b, "reg", 3);
        if (flags & TIMEBASE_ON_CPU)
            b_u32(b, "timebase-frequency", 2000000);
        b_end(b);
        b_end(b);
    }
}

/* Closes the root, builds, runs virt_describe; err gets the message. */
static int platform_of(struct builder *b, struct platform_info *p, char *err,
                       size_t errlen)
{
    size_t len;
    b_end(b);
    uint8_t *blob = b_finish(b, 1, &len);
    int rc = describe(blob, len, p, err, errlen);
    free(blob);
    return rc;
}

static struct builder bld;

TEST(minimal_tree)
{
    struct platform_info p;
    char err[160];
    b_minimal(&bld, 0);
    CHECK_EQ(platform_of(&bld, &p, err, sizeof err), 0);
    CHECK_EQ(p.ram_base, 0x40000000);
    CHECK_EQ(p.ram_size, 0x1000000);
    CHECK_EQ(p.timebase_hz, 1000000);
    CHECK_EQ(p.nharts, 1);
    CHECK_EQ(p.hart_ids[0], 3);
    CHECK_EQ(dev(&p, PLATFORM_NS16550, 0).base, 0);
    CHECK_EQ(platform_count(&p, PLATFORM_VIRTIO_MMIO), 0);
    CHECK_EQ(p.bootargs[0], 0);
    CHECK(strcmp(p.model, "test-board") == 0);

    b_minimal(&bld, TIMEBASE_ON_CPU);
    CHECK_EQ(platform_of(&bld, &p, err, sizeof err), 0);
    CHECK_EQ(p.timebase_hz, 2000000);
}

TEST(required_nodes_missing)
{
    struct platform_info p;
    char err[160];
    b_minimal(&bld, NO_MEMORY);
    CHECK_EQ(platform_of(&bld, &p, err, sizeof err), -TABULA_ENOENT);
    CHECK_STR_CONTAINS(err, "no /memory");
    b_minimal(&bld, NO_TIMEBASE);
    CHECK_EQ(platform_of(&bld, &p, err, sizeof err), -TABULA_ENOENT);
    CHECK_STR_CONTAINS(err, "timebase-frequency");
    b_minimal(&bld, NO_CPUS);
    CHECK_EQ(platform_of(&bld, &p, err, sizeof err), -TABULA_ENOENT);
    CHECK_STR_CONTAINS(err, "/cpus");
}

TEST(cpus_status_and_regs)
{
    struct platform_info p;
    char err[160];
    b_minimal(&bld, 0);
    b_begin(&bld, "cpus2");   /* not /cpus: ignored */
    b_end(&bld);
    CHECK_EQ(platform_of(&bld, &p, err, sizeof err), 0);

    /* A second /cpus-like tree: build by hand with disabled harts. */
    memset(&bld, 0, sizeof bld);
    b_begin(&bld, "");
    b_begin(&bld, "memory");   /* root cells default to 2 and 1 */
    b_cells(&bld, "reg", (uint32_t[]){0, 0x80000000, 0x100000}, 3);
    b_end(&bld);
    b_begin(&bld, "cpus");
    b_u32(&bld, "#address-cells", 1);
    b_u32(&bld, "#size-cells", 0);
    b_u32(&bld, "timebase-frequency", 10);
    const char *status[] = {"okay", "disabled", NULL, "ok", "fail"};
    for (unsigned i = 0; i < 5; i++) {
        char name[16];
        snprintf(name, sizeof name, "cpu@%u", i);
        b_begin(&bld, name);
        b_str(&bld, "device_type", "cpu");
        b_u32(&bld, "reg", i);
        if (status[i])
            b_str(&bld, "status", status[i]);
        b_end(&bld);
    }
    b_end(&bld);
    CHECK_EQ(platform_of(&bld, &p, err, sizeof err), 0);
    CHECK_EQ(p.nharts, 3);
    CHECK_EQ(p.hart_ids[0], 0);
    CHECK_EQ(p.hart_ids[1], 2);
    CHECK_EQ(p.hart_ids[2], 3);
    CHECK_EQ(p.ram_base, 0x80000000);
    CHECK_EQ(p.ram_size, 0x100000);
}

TEST(chosen_variants)
{
    struct platform_info p;
    char err[160];
    b_minimal(&bld, 0);
    b_begin(&bld, "chosen");
    b_str(&bld, "bootargs", "hello");
    b_cells(&bld, "linux,initrd-start", (uint32_t[]){0x1, 0x2}, 2);
    b_cells(&bld, "linux,initrd-end", (uint32_t[]){0x1, 0x3}, 2);
    b_end(&bld);
    CHECK_EQ(platform_of(&bld, &p, err, sizeof err), 0);
    CHECK(strcmp(p.bootargs, "hello") == 0);
    CHECK_EQ(p.initrd_start, 0x100000002ull);
    CHECK_EQ(p.initrd_end, 0x100000003ull);

    b_minimal(&bld, 0);
    b_begin(&bld, "chosen");
    b_u32(&bld, "linux,initrd-start", 0x1000);
    b_end(&bld);
    CHECK_EQ(platform_of(&bld, &p, err, sizeof err), -TABULA_EINVAL);
    CHECK_STR_CONTAINS(err, "only one of");

    b_minimal(&bld, 0);
    b_begin(&bld, "chosen");
    b_u32(&bld, "linux,initrd-start", 0x2000);
    b_u32(&bld, "linux,initrd-end", 0x1000);
    b_end(&bld);
    CHECK_EQ(platform_of(&bld, &p, err, sizeof err), -TABULA_EINVAL);
    CHECK_STR_CONTAINS(err, "before it starts");

    b_minimal(&bld, 0);
    b_begin(&bld, "chosen");
    b_prop(&bld, "linux,initrd-start", "abc", 3);
    b_prop(&bld, "linux,initrd-end", "abc", 3);
    b_end(&bld);
    CHECK_EQ(platform_of(&bld, &p, err, sizeof err), -TABULA_EINVAL);
    CHECK_STR_CONTAINS(err, "32 or 64 bits");

    b_minimal(&bld, 0);
    b_begin(&bld, "chosen");
    b_prop(&bld, "bootargs", "abc", 3);   /* no NUL */
    b_end(&bld);
    CHECK_EQ(platform_of(&bld, &p, err, sizeof err), -TABULA_EINVAL);
    CHECK_STR_CONTAINS(err, "not a string");

    char longargs[PLATFORM_BOOTARGS_MAX + 1];
    memset(longargs, 'x', sizeof longargs - 1);
    longargs[sizeof longargs - 1] = 0;
    b_minimal(&bld, 0);
    b_begin(&bld, "chosen");
    b_str(&bld, "bootargs", longargs);
    b_end(&bld);
    CHECK_EQ(platform_of(&bld, &p, err, sizeof err), -TABULA_EINVAL);
    CHECK_STR_CONTAINS(err, "the limit is 4095");
    longargs[PLATFORM_BOOTARGS_MAX - 1] = 0;   /* exactly 4095: fits */
    b_minimal(&bld, 0);
    b_begin(&bld, "chosen");
    b_str(&bld, "bootargs", longargs);
    b_end(&bld);
    CHECK_EQ(platform_of(&bld, &p, err, sizeof err), 0);
    CHECK_EQ(strlen(p.bootargs), PLATFORM_BOOTARGS_MAX - 1);
}

static void b_virtio(struct builder *b, uint32_t addr, uint32_t irq,
                     const char *status)
{
    char name[32];
    snprintf(name, sizeof name, "virtio_mmio@%x", addr);
    b_begin(b, name);
    b_u32(b, "interrupts", irq);
    b_cells(b, "reg", (uint32_t[]){0, addr, 0, 0x1000}, 4);
    b_str(b, "compatible", "virtio,mmio");
    if (status)
        b_str(b, "status", status);
    b_end(b);
}

/* A board described by hand: kinds mixed, each kept in address order and
 * bounded on its own, and a full table refuses more. */
TEST(platform_device_list)
{
    static struct platform_info p;
    memset(&p, 0, sizeof p);
    CHECK(platform_device(&p, PLATFORM_PL011, 0) == NULL);
    CHECK(platform_add(&p, &(struct platform_device){PLATFORM_PL011, 0x3000, 0x100, 57, 48000000}));
    CHECK(platform_add(&p, &(struct platform_device){PLATFORM_BCM2835_PM, 0x1000, 0x100, 0, 0}));
    CHECK(platform_add(&p, &(struct platform_device){PLATFORM_PL011, 0x2000, 0x100, 58, 0}));
    CHECK_EQ(platform_count(&p, PLATFORM_PL011), 2);
    CHECK_EQ(platform_device(&p, PLATFORM_PL011, 0)->base, 0x2000);
    CHECK_EQ(platform_device(&p, PLATFORM_PL011, 1)->param, 48000000);
    CHECK_EQ(platform_device(&p, PLATFORM_BCM2835_PM, 0)->base, 0x1000);
    CHECK(platform_device(&p, PLATFORM_BCM2835_PM, 1) == NULL);
    /* Nine of a kind from the top down: the lowest eight stay, and one
     * higher than all of them is refused. */
    for (unsigned i = 9; i-- > 0;)
        platform_add(&p, &(struct platform_device){PLATFORM_VIRTIO_MMIO, 0x10000 + 0x1000 * i, 0x1000, i, 0});
    CHECK_EQ(platform_count(&p, PLATFORM_VIRTIO_MMIO), PLATFORM_MAX_SAME);
    CHECK_EQ(platform_device(&p, PLATFORM_VIRTIO_MMIO, 7)->base, 0x17000);
    CHECK(!platform_add(&p, &(struct platform_device){PLATFORM_VIRTIO_MMIO, 0x90000, 0x1000, 0, 0}));
    /* Other kinds fill the table to PLATFORM_MAX_DEVICES, then no more. */
    static char kinds[PLATFORM_MAX_DEVICES][16];
    for (unsigned i = p.ndevices; i < PLATFORM_MAX_DEVICES; i++) {
        snprintf(kinds[i], sizeof kinds[i], "test,kind%u", i);
        CHECK(platform_add(&p, &(struct platform_device){kinds[i], 0x100000 + i, 1, 0, 0}));
    }
    CHECK(!platform_add(&p, &(struct platform_device){"test,more", 0x1, 1, 0, 0}));
    CHECK_EQ(p.ndevices, PLATFORM_MAX_DEVICES);
    CHECK_EQ(platform_device(&p, PLATFORM_PL011, 0)->base, 0x2000);
}

TEST(devices_sorted_and_bounded)
{
    struct platform_info p;
    char err[160];
    b_minimal(&bld, 0);
    b_begin(&bld, "soc");
    b_u32(&bld, "#address-cells", 2);
    b_u32(&bld, "#size-cells", 2);
    /* Eleven slots in scrambled order, one disabled: the lowest eight of
     * the enabled ten are kept, sorted. */
    uint32_t order[] = {7, 2, 10, 0, 5, 9, 1, 3, 8, 6, 4};
    for (unsigned i = 0; i < 11; i++)
        b_virtio(&bld, 0x20000000 + 0x1000 * order[i], 100 + order[i],
                 order[i] == 2 ? "disabled" : NULL);
    b_begin(&bld, "uart@3000");
    b_str(&bld, "compatible", "ns16550a");
    b_str(&bld, "status", "disabled");
    b_cells(&bld, "reg", (uint32_t[]){0, 0x3000, 0, 8}, 4);
    b_end(&bld);
    b_begin(&bld, "uart@4000");
    b_prop(&bld, "compatible", "foo\0ns16550a", 13);
    b_cells(&bld, "reg", (uint32_t[]){0, 0x4000, 0, 8}, 4);
    b_cells(&bld, "interrupts", (uint32_t[]){33, 4}, 2);
    b_end(&bld);
    b_begin(&bld, "test@5000");
    b_prop(&bld, "compatible", "sifive,test1\0sifive,test0", 26);
    b_cells(&bld, "reg", (uint32_t[]){0, 0x5000, 0, 0x1000}, 4);
    b_end(&bld);
    b_end(&bld);
    CHECK_EQ(platform_of(&bld, &p, err, sizeof err), 0);
    CHECK_EQ(platform_count(&p, PLATFORM_VIRTIO_MMIO), 8);
    uint32_t want[] = {0, 1, 3, 4, 5, 6, 7, 8};
    for (unsigned i = 0; i < 8; i++) {
        CHECK_EQ(dev(&p, PLATFORM_VIRTIO_MMIO, i).base, 0x20000000 + 0x1000 * want[i]);
        CHECK_EQ(dev(&p, PLATFORM_VIRTIO_MMIO, i).irq, 100 + want[i]);
    }
    CHECK_EQ(dev(&p, PLATFORM_NS16550, 0).base, 0x4000);
    CHECK_EQ(dev(&p, PLATFORM_NS16550, 0).irq, 33);
    CHECK_EQ(dev(&p, PLATFORM_NS16550, 0).param, 0);
    CHECK_EQ(dev(&p, PLATFORM_POWEROFF, 0).base, 0x5000);   /* no syscon-poweroff: the test device */
    CHECK_EQ(dev(&p, PLATFORM_PLIC, 0).base, 0);
    CHECK_EQ(dev(&p, PLATFORM_GOLDFISH_RTC, 0).base, 0);
}

TEST(bad_device_nodes)
{
    struct platform_info p;
    char err[160];
    b_minimal(&bld, 0);
    b_begin(&bld, "serial@1");
    b_str(&bld, "compatible", "ns16550a");
    b_cells(&bld, "reg", (uint32_t[]){0, 1, 0}, 3);   /* not a whole entry */
    b_end(&bld);
    CHECK_EQ(platform_of(&bld, &p, err, sizeof err), -TABULA_EINVAL);
    CHECK_STR_CONTAINS(err, "serial@1 has no usable reg");

    b_minimal(&bld, 0);
    b_begin(&bld, "bus");
    b_u32(&bld, "#address-cells", 3);
    b_begin(&bld, "rtc@1");
    b_str(&bld, "compatible", "google,goldfish-rtc");
    b_cells(&bld, "reg", (uint32_t[]){0, 0, 1, 4}, 4);
    b_end(&bld);
    b_end(&bld);
    CHECK_EQ(platform_of(&bld, &p, err, sizeof err), -TABULA_EINVAL);
    CHECK_STR_CONTAINS(err, "rtc@1 has no usable reg");

    b_minimal(&bld, 0);
    b_begin(&bld, "poweroff");
    b_str(&bld, "compatible", "syscon-poweroff");
    b_u32(&bld, "regmap", 42);
    b_end(&bld);
    CHECK_EQ(platform_of(&bld, &p, err, sizeof err), -TABULA_EINVAL);
    CHECK_STR_CONTAINS(err, "regmap 0x2a matches no node");

    b_minimal(&bld, 0);
    b_begin(&bld, "poweroff");
    b_str(&bld, "compatible", "syscon-poweroff");
    b_u32(&bld, "regmap", 42);
    b_end(&bld);
    b_begin(&bld, "syscon@9000");
    b_u32(&bld, "phandle", 42);
    b_cells(&bld, "reg", (uint32_t[]){0, 0x9000, 0, 0x10}, 4);
    b_end(&bld);
    b_begin(&bld, "test@5000");   /* ignored: syscon-poweroff wins */
    b_str(&bld, "compatible", "sifive,test0");
    b_cells(&bld, "reg", (uint32_t[]){0, 0x5000, 0, 0x1000}, 4);
    b_end(&bld);
    CHECK_EQ(platform_of(&bld, &p, err, sizeof err), 0);
    CHECK_EQ(dev(&p, PLATFORM_POWEROFF, 0).base, 0x9000);
    CHECK_EQ(dev(&p, PLATFORM_POWEROFF, 0).size, 0x10);

    /* A compatible list whose last entry lacks its NUL matches nothing. */
    b_minimal(&bld, 0);
    b_begin(&bld, "serial@2");
    b_prop(&bld, "compatible", "ns16550a", 8);
    b_cells(&bld, "reg", (uint32_t[]){0, 2, 0, 8}, 4);
    b_end(&bld);
    CHECK_EQ(platform_of(&bld, &p, err, sizeof err), 0);
    CHECK_EQ(dev(&p, PLATFORM_NS16550, 0).base, 0);
}

/* ---- broken blobs -------------------------------------------------------- */

/* Runs fdt_open on an exact-size copy and checks the message. */
static void expect_rejected(const uint8_t *blob, size_t len, const char *what,
                            int line)
{
    uint8_t *copy = malloc(len ? len : 1);
    memcpy(copy, blob, len);
    struct fdt f;
    char err[200] = "";
    int rc = fdt_open(&f, copy, len, err, sizeof err);
    if (rc != -TABULA_EINVAL || !strstr(err, what)) {
        char m[400];
        snprintf(m, sizeof m, "rejected with \"%s\" (rc %d, got \"%s\")",
                 what, rc, err);
        check_fail(__FILE__, line, m);
    }
    struct platform_info p;
    CHECK(describe(copy, len, &p, err, sizeof err) == -TABULA_EINVAL);
    free(copy);
}
#define REJECT(blob, len, what) expect_rejected(blob, len, what, __LINE__)

TEST(header_faults)
{
    size_t len;
    b_minimal(&bld, 0);
    b_end(&bld);
    uint8_t *good = b_finish(&bld, 1, &len);
    uint8_t *bad = malloc(len);
    struct fdt f;
    CHECK_EQ(fdt_open(&f, good, len, NULL, 0), 0);

    REJECT(good, 39, "smaller than the 40-byte header");
    CHECK_EQ(fdt_open(&f, NULL, 100, NULL, 0), -TABULA_EINVAL);
#define PATCH(off, v, what) \
    (memcpy(bad, good, len), put_be32(bad + (off), (v)), REJECT(bad, len, what))
    PATCH(0, 0xd00dfeee, "bad magic 0xd00dfeee");
    PATCH(4, (uint32_t)len + 1, "totalsize");
    PATCH(4, 39, "totalsize 39");
    PATCH(20, 15, "version 15 is older than 16");
    PATCH(24, 18, "version 18 or later");
    PATCH(8, (uint32_t)len + 4, "structure block offset");
    PATCH(8, 57, "structure block offset 57");
    PATCH(36, (uint32_t)len, "structure block (offset 56");
    PATCH(36, 0xfffffffc, "runs past totalsize");
    PATCH(12, (uint32_t)len + 1, "strings block");
    PATCH(32, (uint32_t)len, "strings block");
    PATCH(32, 0xffffffff, "strings block");
    PATCH(16, (uint32_t)len - 8, "memory reservation map");
    /* Version 16 has no size_dt_struct: the block runs to totalsize. */
    memcpy(bad, good, len);
    put_be32(bad + 20, 16);
    put_be32(bad + 36, 0xffffffff);
    CHECK_EQ(fdt_open(&f, bad, len, NULL, 0), 0);
#undef PATCH
    free(good);
    free(bad);
}

TEST(structure_faults)
{
    size_t len;
    uint8_t *blob;

    /* A property whose length runs far past the block. */
    memset(&bld, 0, sizeof bld);
    b_begin(&bld, "");
    b_u32(&bld, "x", 1);
    b_end(&bld);
    blob = b_finish(&bld, 1, &len);
    put_be32(blob + 56 + 8 + 4, 0xfffffff0);
    REJECT(blob, len, "length 4294967280 runs past");
    put_be32(blob + 56 + 8 + 4, 13);   /* one byte past the block */
    REJECT(blob, len, "length 13 runs past the structure block");
    put_be32(blob + 56 + 8 + 4, 12);   /* exactly to the end: eats FDT_END */
    REJECT(blob, len, "without an FDT_END");
    put_be32(blob + 56 + 8 + 4, 8);    /* swallows END_NODE: END inside a node */
    REJECT(blob, len, "inside an open node");
    put_be32(blob + 56 + 8 + 4, 4);
    put_be32(blob + 56 + 8 + 8, 2);    /* name offset == strings size */
    REJECT(blob, len, "name offset 2 is outside");
    put_be32(blob + 56 + 8 + 8, 0xffffffff);
    REJECT(blob, len, "name offset 4294967295");
    free(blob);

    /* A strings block whose last name lacks its NUL. */
    memset(&bld, 0, sizeof bld);
    b_begin(&bld, "");
    b_u32(&bld, "abc", 1);
    b_end(&bld);
    blob = b_finish(&bld, 1, &len);
    put_be32(blob + 32, 3);
    REJECT(blob, len, "not terminated inside the strings block");
    free(blob);

    /* No FDT_END at all. */
    memset(&bld, 0, sizeof bld);
    b_begin(&bld, "");
    b_end(&bld);
    blob = b_finish(&bld, 0, &len);
    REJECT(blob, len, "without an FDT_END");
    free(blob);

    /* The root never closes. */
    memset(&bld, 0, sizeof bld);
    b_begin(&bld, "");
    blob = b_finish(&bld, 1, &len);
    REJECT(blob, len, "inside an open node");
    free(blob);

    /* Empty structure block: no root. */
    memset(&bld, 0, sizeof bld);
    blob = b_finish(&bld, 1, &len);
    REJECT(blob, len, "no root node");
    free(blob);

    /* An END_NODE too many. */
    memset(&bld, 0, sizeof bld);
    b_begin(&bld, "");
    b_end(&bld);
    b_end(&bld);
    blob = b_finish(&bld, 1, &len);
    REJECT(blob, len, "FDT_END_NODE with no open node");
    free(blob);

    /* Two roots. */
    memset(&bld, 0, sizeof bld);
    b_begin(&bld, "");
    b_end(&bld);
    b_begin(&bld, "");
    b_end(&bld);
    blob = b_finish(&bld, 1, &len);
    REJECT(blob, len, "a second root node");
    free(blob);

    /* A property before the root. */
    memset(&bld, 0, sizeof bld);
    b_u32(&bld, "x", 1);
    b_begin(&bld, "");
    b_end(&bld);
    blob = b_finish(&bld, 1, &len);
    REJECT(blob, len, "property outside any node");
    free(blob);

    /* An unknown token. */
    memset(&bld, 0, sizeof bld);
    b_begin(&bld, "");
    b_word(&bld, 7);
    b_end(&bld);
    blob = b_finish(&bld, 1, &len);
    REJECT(blob, len, "unknown token 0x7");
    free(blob);

    /* A node name running to the end of the block. */
    memset(&bld, 0, sizeof bld);
    b_word(&bld, 1);
    memcpy(bld.st + bld.slen, "abcdefgh", 8);
    bld.slen += 8;
    blob = b_finish(&bld, 0, &len);
    REJECT(blob, len, "is not terminated");
    free(blob);

    /* A property header cut by the end of the block. */
    memset(&bld, 0, sizeof bld);
    b_begin(&bld, "");
    b_word(&bld, 3);
    b_word(&bld, 0);
    blob = b_finish(&bld, 0, &len);
    REJECT(blob, len, "property header");
    free(blob);

    /* NOPs anywhere are fine. */
    memset(&bld, 0, sizeof bld);
    b_word(&bld, 4);
    b_begin(&bld, "");
    b_word(&bld, 4);
    b_u32(&bld, "a", 5);
    b_word(&bld, 4);
    b_begin(&bld, "kid");
    b_end(&bld);
    b_word(&bld, 4);
    b_end(&bld);
    b_word(&bld, 4);
    blob = b_finish(&bld, 1, &len);
    struct fdt f;
    uint32_t v;
    CHECK_EQ(fdt_open(&f, blob, len, NULL, 0), 0);
    CHECK_EQ(f.root, 4);
    CHECK_EQ(fdt_prop_u32(&f, f.root, "a", &v), 0);
    CHECK_EQ(v, 5);
    CHECK_EQ(fdt_find_path(&f, "/kid"), fdt_first_child(&f, f.root));
    CHECK(fdt_find_path(&f, "/kid") > 0);
    free(blob);
}

TEST(nesting_depth)
{
    size_t len;
    struct fdt f;
    char err[160];
    for (int depth = FDT_MAX_DEPTH; depth <= FDT_MAX_DEPTH + 1; depth++) {
        memset(&bld, 0, sizeof bld);
        for (int i = 0; i < depth; i++)
            b_begin(&bld, i ? "n" : "");
        for (int i = 0; i < depth; i++)
            b_end(&bld);
        uint8_t *blob = b_finish(&bld, 1, &len);
        int rc = fdt_open(&f, blob, len, err, sizeof err);
        if (depth == FDT_MAX_DEPTH) {
            CHECK_EQ(rc, 0);
            char path[64] = "";
            for (int i = 1; i < depth; i++)
                strcat(path, "/n");
            int deepest = fdt_find_path(&f, path);
            CHECK(deepest > 0);
            CHECK(fdt_parent(&f, deepest) > 0);
        } else {
            CHECK_EQ(rc, -TABULA_EINVAL);
            CHECK_STR_CONTAINS(err, "nested deeper than 16");
        }
        free(blob);
    }
    /* Very deep: rejected without recursion trouble. */
    memset(&bld, 0, sizeof bld);
    for (int i = 0; i < 1000; i++)
        b_begin(&bld, "");
    uint8_t *blob = b_finish(&bld, 1, &len);
    REJECT(blob, len, "nested deeper");
    free(blob);
}

TEST(unaligned_blob)
{
    struct blob *b = virt2();
    if (!b->data)
        return;
    uint8_t *buf = malloc(b->total + 1);
    memcpy(buf + 1, b->data, b->total);
    struct platform_info p;
    char err[160];
    CHECK_EQ(describe(buf + 1, b->total, &p, err, sizeof err), 0);
    CHECK_EQ(dev(&p, PLATFORM_NS16550, 0).base, 0x10000000);
    free(buf);
}

TEST(small_error_buffer)
{
    uint8_t junk[64] = {0};
    struct platform_info p;
    char err[8];
    CHECK_EQ(describe(junk, sizeof junk, &p, err, sizeof err), -TABULA_EINVAL);
    CHECK_EQ(strlen(err), 7);
    CHECK_EQ(describe(junk, sizeof junk, &p, NULL, 0), -TABULA_EINVAL);
}
