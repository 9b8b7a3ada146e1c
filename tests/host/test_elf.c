/*
 * test_elf.c: tests for the task image loader (src/elf.c) on real images.
 * The fixture tests/host/elf_fixtures/task.c is compiled at test time for
 * RISC-V (riscv64-unknown-elf-gcc) and AArch64 (clang), linked by ld.lld as
 * a static PIE four ways (RELA, -z rel, RELR, and with linker/task.ld as
 * real apps are), and loaded at two bases.
 * The expectations come from an independent reading of the same files
 * (symbols, section table) through plain struct overlays below, not from
 * the loader. (-Isrc hides the host's <elf.h> behind ours.)
 * Bad files are made by mutating the good ones in memory; every buffer is
 * malloc'd to its exact size so ASan catches any access outside it.
 */
#include "check.h"
#include "elf.h"
#include "tabula.h"

#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

static const struct elf_target rv = {ELF_EM_RISCV, ELF_R_RISCV_RELATIVE, 0, "RISC-V"};
static const struct elf_target a64 = {ELF_EM_AARCH64, ELF_R_AARCH64_RELATIVE, 0, "AArch64"};

struct blob {
    uint8_t *data;
    size_t len;
};

/* Per architecture: ld.lld's own layout with RELA, REL and RELR tables,
 * then the layout real apps get from linker/task.ld; last, the fixture
 * compiled without -fPIE and linked with -z notext, so that its read-only
 * pointer table is relocated inside the text segment (as Picolibc's iconv
 * tables are in apps). */
enum { RV, RV_REL, RV_RELR, RV_TASK, A64, A64_REL, A64_RELR, A64_TASK,
       RV_TEXTREL, A64_TEXTREL, NFIXTURES };
static const char *const fixture_names[NFIXTURES] = {
    "rv.elf",  "rv-rel.elf",  "rv-relr.elf",  "rv-task.elf",
    "a64.elf", "a64-rel.elf", "a64-relr.elf", "a64-task.elf",
    "rv-textrel.elf", "a64-textrel.elf"};
static struct blob fixtures[NFIXTURES];
static char tmpdir[64];

static void remove_tmpdir(void)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    if (system(cmd) != 0)
        printf("could not remove %s\n", tmpdir);
}

static int run(const char *cmd)
{
    char full[3 * PATH_MAX + 64];
    snprintf(full, sizeof full, "(%s) >'%s/log' 2>&1", cmd, tmpdir);
    int rc = system(full);
    if (rc != 0) {
        printf("  command failed: %s\n", cmd);
        snprintf(full, sizeof full, "cat '%s/log'", tmpdir);
        if (system(full) != 0)
            printf("  (no log)\n");
    }
    return rc;
}

/* Compiles and links every fixture once; false (with a failed check) when
 * the toolchain is missing or the repository cannot be found. */
static bool build_fixtures(void)
{
    static int state; /* 0 not tried, 1 built, -1 failed */
    if (state)
        return state > 0;
    state = -1;
    /* __FILE__ is relative to the repository root, where make runs us. */
    char here[PATH_MAX], root[PATH_MAX + 8], src[PATH_MAX + 64], inc[PATH_MAX + 64];
    snprintf(here, sizeof here, "%s", __FILE__);
    char *slash = strrchr(here, '/');
    if (slash)
        *slash = 0;
    else
        snprintf(here, sizeof here, ".");
    if (!realpath(here, root)) {
        check_fail(__FILE__, __LINE__, "cannot find tests/host: run from the repository root");
        return false;
    }
    snprintf(src, sizeof src, "%s/elf_fixtures/task.c", root);
    snprintf(inc, sizeof inc, "%s/../../src/include", root);
    snprintf(tmpdir, sizeof tmpdir, "/tmp/tabula-test-elf-XXXXXX");
    if (!mkdtemp(tmpdir)) {
        check_fail(__FILE__, __LINE__, "mkdtemp");
        return false;
    }
    atexit(remove_tmpdir);

    static const char *const cc[2] = {
        "riscv64-unknown-elf-gcc -march=rv64imafdc -mabi=lp64d -mcmodel=medany",
        "clang --target=aarch64-none-elf",
    };
    static const char *const arch[2] = {"rv", "a64"};
    char task_ld[PATH_MAX + 64];
    snprintf(task_ld, sizeof task_ld,
             "-z norelro --gc-sections -T '%s/../../linker/task.ld'", root);
    const char *const variant[4][2] = {{"", ""},
                                       {"-rel", "-z rel"},
                                       {"-relr", "--pack-dyn-relocs=relr"},
                                       {"-task", task_ld}};
    char cmd[3 * PATH_MAX];
    for (int a = 0; a < 2; a++) {
        snprintf(cmd, sizeof cmd,
                 "%s -fPIE -ffreestanding -nostdlib -O2 -g -I'%s' -c '%s' -o '%s/%s.o'",
                 cc[a], inc, src, tmpdir, arch[a]);
        if (run(cmd))
            goto failed;
        for (int v = 0; v < 4; v++) {
            snprintf(cmd, sizeof cmd,
                     "ld.lld -pie --no-dynamic-linker -e _start -z max-page-size=4096 %s "
                     "-o '%s/%s%s.elf' '%s/%s.o'",
                     variant[v][1], tmpdir, arch[a], variant[v][0], tmpdir, arch[a]);
            if (run(cmd))
                goto failed;
        }
        snprintf(cmd, sizeof cmd,
                 "%s -fno-PIE -ffreestanding -nostdlib -O2 -g -I'%s' -c '%s' -o '%s/%s-nopic.o' && "
                 "ld.lld -pie -z notext --no-dynamic-linker -e _start -z max-page-size=4096 "
                 "-o '%s/%s-textrel.elf' '%s/%s-nopic.o'",
                 cc[a], inc, src, tmpdir, arch[a], tmpdir, arch[a], tmpdir, arch[a]);
        if (run(cmd))
            goto failed;
    }
    for (int i = 0; i < NFIXTURES; i++) {
        char path[128];
        snprintf(path, sizeof path, "%s/%s", tmpdir, fixture_names[i]);
        FILE *f = fopen(path, "rb");
        if (!f)
            goto failed;
        fseek(f, 0, SEEK_END);
        fixtures[i].len = (size_t)ftell(f);
        fseek(f, 0, SEEK_SET);
        fixtures[i].data = malloc(fixtures[i].len);
        size_t got = fread(fixtures[i].data, 1, fixtures[i].len, f);
        fclose(f);
        if (got != fixtures[i].len)
            goto failed;
    }
    state = 1;
    return true;
failed:
    check_fail(__FILE__, __LINE__, "could not build the ELF fixtures");
    return false;
}

/* A private, exact-size copy of fixture i (NULL when fixtures failed). */
static struct blob *copy_of(int i)
{
    static struct blob b;
    if (!build_fixtures())
        return NULL;
    free(b.data);
    b.len = fixtures[i].len;
    b.data = malloc(b.len);
    memcpy(b.data, fixtures[i].data, b.len);
    return &b;
}

/* ---- an independent reader ---- */

struct ehdr64 {
    uint8_t e_ident[16];
    uint16_t e_type, e_machine;
    uint32_t e_version;
    uint64_t e_entry, e_phoff, e_shoff;
    uint32_t e_flags;
    uint16_t e_ehsize, e_phentsize, e_phnum, e_shentsize, e_shnum, e_shstrndx;
};
struct phdr64 {
    uint32_t p_type, p_flags;
    uint64_t p_offset, p_vaddr, p_paddr, p_filesz, p_memsz, p_align;
};
struct shdr64 {
    uint32_t sh_name, sh_type;
    uint64_t sh_flags, sh_addr, sh_offset, sh_size;
    uint32_t sh_link, sh_info;
    uint64_t sh_addralign, sh_entsize;
};
struct sym64 {
    uint32_t st_name;
    uint8_t st_info, st_other;
    uint16_t st_shndx;
    uint64_t st_value, st_size;
};
struct dyn64 {
    int64_t d_tag;
    uint64_t d_val;
};
struct rela64 {
    uint64_t r_offset, r_info;
    int64_t r_addend;
};
_Static_assert(sizeof(struct ehdr64) == 64 && sizeof(struct phdr64) == 56 &&
               sizeof(struct shdr64) == 64 && sizeof(struct sym64) == 24, "ELF64 layouts");

#define EI_CLASS 4
#define EI_DATA 5
#define ELFCLASS32 1
#define ELFDATA2MSB 2
#define ET_REL 1
#define ET_EXEC 2
#define EM_X86_64 62
#define PT_NULL 0
#define PT_LOAD 1
#define PT_DYNAMIC 2
#define PT_INTERP 3
#define PT_NOTE 4
#define PT_TLS 7
#define PT_GNU_STACK 0x6474e551
#define DT_NULL 0
#define DT_NEEDED 1
#define DT_PLTRELSZ 2
#define DT_RELA 7
#define DT_RELASZ 8
#define DT_RELAENT 9
#define DT_REL 17
#define DT_PLTREL 20
#define DT_DEBUG 21
#define DT_JMPREL 23
#define DT_RELR 36
#define DT_RELRENT 37
#define R_RISCV_NONE 0
#define R_AARCH64_RELATIVE 1027
#define ELF64_R_TYPE(info) ((uint32_t)(info))
#define ELF64_R_INFO(sym, type) ((uint64_t)(sym) << 32 | (type))

static struct ehdr64 *ehdr(const struct blob *b) { return (struct ehdr64 *)b->data; }

static struct phdr64 *phdr(const struct blob *b, int i)
{
    return (struct phdr64 *)(b->data + ehdr(b)->e_phoff) + i;
}

/* The index of the nth program header of a type, or -1. */
static int find_phdr(const struct blob *b, uint32_t type, int nth)
{
    for (int i = 0; i < ehdr(b)->e_phnum; i++)
        if (phdr(b, i)->p_type == type && nth-- == 0)
            return i;
    return -1;
}

static struct shdr64 *section(const struct blob *b, const char *name)
{
    struct shdr64 *sh = (struct shdr64 *)(b->data + ehdr(b)->e_shoff);
    const char *names = (const char *)b->data + sh[ehdr(b)->e_shstrndx].sh_offset;
    for (int i = 0; i < ehdr(b)->e_shnum; i++)
        if (strcmp(names + sh[i].sh_name, name) == 0)
            return &sh[i];
    return NULL;
}

static uint64_t sym(const struct blob *b, const char *name)
{
    struct shdr64 *symtab = section(b, ".symtab");
    struct shdr64 *strtab = (struct shdr64 *)(b->data + ehdr(b)->e_shoff) + symtab->sh_link;
    struct sym64 *s = (struct sym64 *)(b->data + symtab->sh_offset);
    for (size_t i = 0; i < symtab->sh_size / sizeof *s; i++)
        if (strcmp((const char *)b->data + strtab->sh_offset + s[i].st_name, name) == 0)
            return s[i].st_value;
    check_fail(__FILE__, __LINE__, name);
    return 0;
}

static struct dyn64 *dyn_entry(const struct blob *b, int64_t tag)
{
    struct dyn64 *d = (struct dyn64 *)(b->data + phdr(b, find_phdr(b, PT_DYNAMIC, 0))->p_offset);
    for (; d->d_tag != DT_NULL; d++)
        if (d->d_tag == tag)
            return d;
    return NULL;
}

static uint64_t word(const uint8_t *p)
{
    uint64_t v;
    memcpy(&v, p, 8);
    return v;
}

/* ---- good images ---- */

/* Loads fixture i at base into an exact-size buffer filled with junk. */
static uint8_t *load_at(const struct elf_target *t, int i, uint64_t base,
                        struct elf_info *info)
{
    char err[160];
    CHECK_EQ(elf_inspect(t, fixtures[i].data, fixtures[i].len, info, err, sizeof err), 0);
    uint8_t *dest = malloc(info->image_size);
    memset(dest, 0xa5, info->image_size);
    struct elf_info loaded;
    int rc = elf_load(t, fixtures[i].data, fixtures[i].len, dest, info->image_size, base,
                      &loaded, err, sizeof err);
    CHECK_EQ(rc, 0);
    if (rc)
        printf("  %s\n", err);
    CHECK(memcmp(&loaded, info, sizeof loaded) == 0);
    return dest;
}

/* Everything a correct load of the fixture shows at base. */
static void check_image(const struct blob *b, const uint8_t *img, uint64_t base,
                        const struct elf_info *info)
{
    uint64_t zeros = sym(b, "fixture_zeros"), counter = sym(b, "fixture_counter");
    uint64_t ro = sym(b, "fixture_ro_table"), rw = sym(b, "fixture_rw_table");
    CHECK_EQ(word(img + ro), base + sym(b, "fixture_message"));
    CHECK_EQ(word(img + ro + 8), base + counter);
    CHECK_EQ(word(img + ro + 16), base + zeros);
    CHECK_EQ(word(img + ro + 24), base + zeros + 4999);
    CHECK_EQ(word(img + ro + 32), base + ro);
    CHECK_EQ(word(img + rw), base + counter);
    CHECK_EQ(word(img + rw + 8), base + zeros + 100);
    CHECK_EQ(word(img + rw + 16), 0);
    CHECK_EQ(word(img + rw + 24), base + sym(b, "fixture_bss_word"));
    CHECK(strcmp((const char *)img + sym(b, "fixture_message"), "hello from the fixture") == 0);
    int32_t c;
    memcpy(&c, img + counter, 4);
    CHECK_EQ(c, 0x1234567);

    /* .bss, the gaps between segments and the tail are zero; every other
     * byte is the file's, apart from relocated words. */
    size_t nonzero_outside = 0;
    for (uint64_t off = 0; off < info->image_size; off++) {
        bool in_file = false;
        for (int i = 0; i < ehdr(b)->e_phnum; i++) {
            struct phdr64 *ph = phdr(b, i);
            if (ph->p_type == PT_LOAD && off >= ph->p_vaddr && off < ph->p_vaddr + ph->p_filesz)
                in_file = true;
        }
        if (!in_file && img[off] != 0)
            nonzero_outside++;
    }
    CHECK_EQ(nonzero_outside, 0);
    CHECK_EQ(word(img + sym(b, "fixture_bss_word")), 0);

    int32_t tls;
    memcpy(&tls, img + info->tls_offset, 4);
    CHECK_EQ(tls, 0x5eed);
}

static void check_fixture(const struct elf_target *t, int i, const char *dt_tag_name,
                          int64_t dt_tag)
{
    if (!build_fixtures())
        return;
    const struct blob *b = &fixtures[i];
    /* Make sure the linker produced the table format we mean to test. */
    CHECK(dyn_entry(b, dt_tag) != NULL);
    if (!dyn_entry(b, dt_tag))
        printf("  %s has no %s\n", fixture_names[i], dt_tag_name);

    struct elf_info info, info2;
    const uint64_t base1 = 0x80200000, base2 = 0x40000000000;
    uint8_t *img1 = load_at(t, i, base1, &info);
    uint8_t *img2 = load_at(t, i, base2, &info2);

    CHECK_EQ(info.entry, sym(b, "_start"));
    CHECK_EQ(info.entry, ehdr(b)->e_entry);
    CHECK_EQ(info.mem_size, 300 * 1024);
    CHECK_EQ(info.stack_size, 32 * 1024);
    CHECK_EQ(info.image_size % 16, 0);
    CHECK(info.image_size >= sym(b, "fixture_zeros") + 5000);
    CHECK(info.image_size < sym(b, "fixture_zeros") + 5000 + 4096);
    struct phdr64 *tls = phdr(b, find_phdr(b, PT_TLS, 0));
    CHECK_EQ(info.tls_offset, tls->p_vaddr);
    CHECK_EQ(info.tls_filesz, 4);
    CHECK_EQ(info.tls_memsz, tls->p_memsz);
    CHECK(info.tls_memsz >= 16);
    CHECK_EQ(info.tls_align, 8);
    /* 5 pointers in the read-only table, 3 non-null in the writable one. */
    CHECK_EQ(info.relocs, 8);

    check_image(b, img1, base1, &info);
    check_image(b, img2, base2, &info);

    /* The two loads differ exactly in the relocated words, by the delta. */
    uint64_t differing = 0;
    for (uint64_t off = 0; off + 8 <= info.image_size; off += 8) {
        if (word(img1 + off) == word(img2 + off))
            continue;
        differing++;
        CHECK_EQ(word(img2 + off) - word(img1 + off), base2 - base1);
    }
    CHECK_EQ(differing, info.relocs);
    free(img1);
    free(img2);
}

TEST(elf_riscv_rela) { check_fixture(&rv, RV, "DT_RELA", DT_RELA); }
TEST(elf_riscv_rel) { check_fixture(&rv, RV_REL, "DT_REL", DT_REL); }
TEST(elf_riscv_relr) { check_fixture(&rv, RV_RELR, "DT_RELR", DT_RELR); }
TEST(elf_aarch64_rela) { check_fixture(&a64, A64, "DT_RELA", DT_RELA); }
TEST(elf_aarch64_rel) { check_fixture(&a64, A64_REL, "DT_REL", DT_REL); }
TEST(elf_aarch64_relr) { check_fixture(&a64, A64_RELR, "DT_RELR", DT_RELR); }
TEST(elf_riscv_task_ld) { check_fixture(&rv, RV_TASK, "DT_RELA", DT_RELA); }
TEST(elf_aarch64_task_ld) { check_fixture(&a64, A64_TASK, "DT_RELA", DT_RELA); }
/* DT_TEXTREL (22): the linker says relocations land in read-only segments. */
TEST(elf_riscv_text_relocations) { check_fixture(&rv, RV_TEXTREL, "DT_TEXTREL", 22); }
TEST(elf_aarch64_text_relocations) { check_fixture(&a64, A64_TEXTREL, "DT_TEXTREL", 22); }

TEST(elf_rela_matches_section_table)
{
    /* The loader finds relocations through PT_DYNAMIC; the linker also
     * lists them in .rela.dyn. Both must agree on every entry. */
    if (!build_fixtures())
        return;
    for (int i = RV; i <= A64; i += A64 - RV) {
        const struct blob *b = &fixtures[i];
        const struct elf_target *t = i == RV ? &rv : &a64;
        struct shdr64 *rela = section(b, ".rela.dyn");
        struct elf_info info;
        uint8_t *img = load_at(t, i, 0x10000, &info);
        struct rela64 *r = (struct rela64 *)(b->data + rela->sh_offset);
        CHECK_EQ(rela->sh_size / sizeof *r, info.relocs);
        for (size_t k = 0; k < rela->sh_size / sizeof *r; k++) {
            CHECK_EQ(ELF64_R_TYPE(r[k].r_info), t->reloc_relative);
            CHECK_EQ(word(img + r[k].r_offset), 0x10000 + r[k].r_addend);
        }
        free(img);
    }
}

TEST(elf_slot_larger_than_image_is_untouched_past_it)
{
    if (!build_fixtures())
        return;
    struct elf_info info;
    char err[160];
    CHECK_EQ(elf_inspect(&rv, fixtures[RV].data, fixtures[RV].len, &info, err, sizeof err), 0);
    size_t slot = info.image_size + 8192;
    uint8_t *dest = malloc(slot);
    memset(dest, 0x5a, slot);
    CHECK_EQ(elf_load(&rv, fixtures[RV].data, fixtures[RV].len, dest, slot, 0x1000, &info,
                      err, sizeof err), 0);
    size_t touched = 0;
    for (size_t k = info.image_size; k < slot; k++)
        touched += dest[k] != 0x5a;
    CHECK_EQ(touched, 0);
    free(dest);
}

static struct elf_info inspect_ok(const struct blob *b)
{
    struct elf_info info;
    char err[160] = "";
    int rc = elf_inspect(&rv, b->data, b->len, &info, err, sizeof err);
    CHECK_EQ(rc, 0);
    if (rc)
        printf("  %s\n", err);
    return info;
}

/* ---- bad images ---- */

/* Both phases must refuse b with code and a message containing msg. */
static void expect_reject(const struct elf_target *t, const struct blob *b, int code,
                          const char *msg)
{
    char err[200] = "";
    struct elf_info info;
    memset(&info, 0xff, sizeof info);
    CHECK_EQ(elf_inspect(t, b->data, b->len, &info, err, sizeof err), -code);
    CHECK_STR_CONTAINS(err, msg);
    CHECK_EQ(info.image_size, 0);
    size_t slot = 1 << 20;
    uint8_t *dest = malloc(slot);
    err[0] = 0;
    CHECK_EQ(elf_load(t, b->data, b->len, dest, slot, 0x80000000, &info, err, sizeof err), -code);
    CHECK_STR_CONTAINS(err, msg);
    free(dest);
}

TEST(elf_rejects_bad_headers)
{
    struct blob *b;
    if (!(b = copy_of(RV)))
        return;
    b->data[1] = 'X';
    expect_reject(&rv, b, TABULA_ENOEXEC, "not an ELF file (bad magic)");
    b = copy_of(RV);
    b->len = 3;
    expect_reject(&rv, b, TABULA_ENOEXEC, "not an ELF file (bad magic)");
    b = copy_of(RV);
    b->len = 40;
    expect_reject(&rv, b, TABULA_ENOEXEC, "truncated: the ELF header ends at 0x40 but file is 0x28 bytes");
    b = copy_of(RV);
    b->data[EI_CLASS] = ELFCLASS32;
    expect_reject(&rv, b, TABULA_ENOEXEC, "ELF class 32, need 64-bit");
    b = copy_of(RV);
    b->data[EI_DATA] = ELFDATA2MSB;
    expect_reject(&rv, b, TABULA_ENOEXEC, "big-endian ELF, need little-endian");
    b = copy_of(RV);
    ehdr(b)->e_type = ET_EXEC;
    expect_reject(&rv, b, TABULA_ENOEXEC,
                  "type EXEC, need a position-independent executable (ET_DYN)");
    ehdr(b)->e_type = ET_REL;
    expect_reject(&rv, b, TABULA_ENOEXEC, "type REL (an object file), need");
    ehdr(b)->e_type = 0x1234;
    expect_reject(&rv, b, TABULA_ENOEXEC, "type 4660, need");
    b = copy_of(RV);
    ehdr(b)->e_phentsize = 32;
    expect_reject(&rv, b, TABULA_ENOEXEC, "program header size 32, need 56");
    b = copy_of(RV);
    ehdr(b)->e_phnum = 0;
    expect_reject(&rv, b, TABULA_ENOEXEC, "no program headers");
    ehdr(b)->e_phnum = 0xffff;
    expect_reject(&rv, b, TABULA_ENOEXEC, "too many program headers");
    b = copy_of(RV);
    ehdr(b)->e_phoff = UINT64_MAX - 100;
    expect_reject(&rv, b, TABULA_ENOEXEC, "lie past the end of the file");
}

TEST(elf_rejects_wrong_machine)
{
    if (!build_fixtures())
        return;
    expect_reject(&a64, &fixtures[RV], TABULA_ENOEXEC, "machine RISC-V, need AArch64");
    expect_reject(&rv, &fixtures[A64], TABULA_ENOEXEC, "machine AArch64, need RISC-V");
    struct blob *b = copy_of(RV);
    ehdr(b)->e_machine = EM_X86_64;
    expect_reject(&rv, b, TABULA_ENOEXEC, "machine x86-64, need RISC-V");
    ehdr(b)->e_machine = 999;
    expect_reject(&rv, b, TABULA_ENOEXEC, "machine 999, need RISC-V");
}

TEST(elf_rejects_truncated_program_headers)
{
    struct blob *b;
    if (!(b = copy_of(RV)))
        return;
    uint64_t phoff = b->len - 10, end = phoff + 56ull * ehdr(b)->e_phnum;
    ehdr(b)->e_phoff = phoff;
    char msg[120];
    snprintf(msg, sizeof msg, "truncated: program headers end at %#lx but file is %#lx bytes",
             (unsigned long)end, (unsigned long)b->len);
    expect_reject(&rv, b, TABULA_ENOEXEC, msg);
}

TEST(elf_rejects_bad_segments)
{
    struct blob *b;
    if (!(b = copy_of(RV)))
        return;
    int l0 = find_phdr(b, PT_LOAD, 0), l1 = find_phdr(b, PT_LOAD, 1);
    int l2 = find_phdr(b, PT_LOAD, 2), l3 = find_phdr(b, PT_LOAD, 3);
    char msg[120];

    phdr(b, l2)->p_offset = b->len;
    phdr(b, l2)->p_filesz = 1;
    snprintf(msg, sizeof msg, "segment %d extends past the end of the file", l2);
    expect_reject(&rv, b, TABULA_ENOEXEC, msg);

    b = copy_of(RV);
    phdr(b, l2)->p_offset = UINT64_MAX - 4;
    expect_reject(&rv, b, TABULA_ENOEXEC, msg);

    b = copy_of(RV);
    phdr(b, l2)->p_vaddr = phdr(b, l1)->p_vaddr + 1;
    snprintf(msg, sizeof msg, "segments %d and %d overlap", l1, l2);
    expect_reject(&rv, b, TABULA_ENOEXEC, msg);

    b = copy_of(RV);
    phdr(b, l3)->p_vaddr = phdr(b, l1)->p_vaddr - 16;
    snprintf(msg, sizeof msg, "segments %d and %d are out of order", l2, l3);
    expect_reject(&rv, b, TABULA_ENOEXEC, msg);

    b = copy_of(RV);
    phdr(b, l1)->p_filesz = phdr(b, l1)->p_memsz + 1;
    expect_reject(&rv, b, TABULA_ENOEXEC, "exceeds memory size");

    b = copy_of(RV);
    phdr(b, l1)->p_align = 0x10000;
    expect_reject(&rv, b, TABULA_ENOEXEC, "needs 0x10000-byte alignment");

    b = copy_of(RV);
    phdr(b, l3)->p_memsz = UINT64_MAX - 8;
    expect_reject(&rv, b, TABULA_ENOEXEC, "image limit");

    b = copy_of(RV);
    for (int i = 0; i < ehdr(b)->e_phnum; i++)
        if (phdr(b, i)->p_type == PT_LOAD)
            phdr(b, i)->p_type = PT_NULL;
    expect_reject(&rv, b, TABULA_ENOEXEC, "no loadable segments");

    b = copy_of(RV);
    ehdr(b)->e_entry = phdr(b, l0)->p_vaddr + 0x40; /* inside the R-only segment */
    expect_reject(&rv, b, TABULA_ENOEXEC, "entry point 0x40 is not in an executable segment");
    ehdr(b)->e_entry = UINT64_MAX;
    expect_reject(&rv, b, TABULA_ENOEXEC, "is not in an executable segment");

    b = copy_of(RV);
    phdr(b, find_phdr(b, PT_GNU_STACK, 0))->p_type = PT_INTERP;
    expect_reject(&rv, b, TABULA_ENOEXEC, "has an interpreter (PT_INTERP): dynamically linked");

    /* A zero-size PT_LOAD anywhere is harmless. */
    b = copy_of(RV);
    int stack = find_phdr(b, PT_GNU_STACK, 0);
    phdr(b, stack)->p_type = PT_LOAD;
    phdr(b, stack)->p_vaddr = 0x123;
    char err[120];
    struct elf_info info;
    CHECK_EQ(elf_inspect(&rv, b->data, b->len, &info, err, sizeof err), 0);
}

TEST(elf_rejects_bad_tls)
{
    struct blob *b;
    if (!(b = copy_of(RV)))
        return;
    int tls = find_phdr(b, PT_TLS, 0);
    phdr(b, find_phdr(b, PT_GNU_STACK, 0))->p_type = PT_TLS;
    expect_reject(&rv, b, TABULA_ENOEXEC, "more than one PT_TLS");
    b = copy_of(RV);
    phdr(b, tls)->p_align = 24;
    expect_reject(&rv, b, TABULA_ENOEXEC, "TLS alignment 0x18 is not a power of 2");
    phdr(b, tls)->p_align = 8192;
    expect_reject(&rv, b, TABULA_ENOEXEC, "TLS alignment 0x2000 exceeds 0x1000");
    b = copy_of(RV);
    phdr(b, tls)->p_filesz = phdr(b, tls)->p_memsz + 1;
    expect_reject(&rv, b, TABULA_ENOEXEC, "TLS file size");
    b = copy_of(RV);
    phdr(b, tls)->p_vaddr = 0x100000;
    expect_reject(&rv, b, TABULA_ENOEXEC, "TLS template at 0x100000 is not inside a loaded segment");
}

TEST(elf_rejects_bad_relocations)
{
    struct blob *b;
    if (!(b = copy_of(RV)))
        return;
    struct rela64 *r = (struct rela64 *)(b->data + section(b, ".rela.dyn")->sh_offset);
    char msg[120];
    r[1].r_info = ELF64_R_INFO(0, 57);
    snprintf(msg, sizeof msg, "unknown relocation type 57 at offset %#lx",
             (unsigned long)r[1].r_offset);
    expect_reject(&rv, b, TABULA_ENOEXEC, msg);

    /* R_AARCH64_RELATIVE means nothing on RISC-V. */
    r[1].r_info = ELF64_R_INFO(0, R_AARCH64_RELATIVE);
    expect_reject(&rv, b, TABULA_ENOEXEC, "unknown relocation type 1027");

    struct elf_info info;
    char err[120];
    b = copy_of(RV);
    CHECK_EQ(elf_inspect(&rv, b->data, b->len, &info, err, sizeof err), 0);
    r = (struct rela64 *)(b->data + section(b, ".rela.dyn")->sh_offset);
    r[0].r_offset = info.image_size - 4;
    snprintf(msg, sizeof msg, "relocation at offset %#lx is outside the image",
             (unsigned long)r[0].r_offset);
    expect_reject(&rv, b, TABULA_ENOEXEC, msg);
    r[0].r_offset = UINT64_MAX - 3;
    expect_reject(&rv, b, TABULA_ENOEXEC, "is outside the image");
    r[0].r_offset = info.image_size - 8; /* the last word is fine */
    CHECK_EQ(elf_inspect(&rv, b->data, b->len, &info, err, sizeof err), 0);

    /* R_RISCV_NONE is skipped. */
    b = copy_of(RV);
    r = (struct rela64 *)(b->data + section(b, ".rela.dyn")->sh_offset);
    r[2].r_info = ELF64_R_INFO(0, R_RISCV_NONE);
    CHECK_EQ(elf_inspect(&rv, b->data, b->len, &info, err, sizeof err), 0);
    CHECK_EQ(info.relocs, 7);

    b = copy_of(RV);
    dyn_entry(b, DT_RELAENT)->d_val = 16;
    expect_reject(&rv, b, TABULA_ENOEXEC, "DT_RELA entries are 16 bytes, need 24");
    b = copy_of(RV);
    dyn_entry(b, DT_RELASZ)->d_val = 25;
    expect_reject(&rv, b, TABULA_ENOEXEC, "DT_RELA size 0x19 is not a multiple of 24");
    b = copy_of(RV);
    dyn_entry(b, DT_RELASZ)->d_tag = DT_DEBUG;
    expect_reject(&rv, b, TABULA_ENOEXEC, "DT_RELA table is missing its address or size");
    b = copy_of(RV);
    dyn_entry(b, DT_RELA)->d_val = 0x7fff0000;
    expect_reject(&rv, b, TABULA_ENOEXEC, "DT_RELA table at 0x7fff0000");
    b = copy_of(RV);
    dyn_entry(b, DT_RELASZ)->d_val = UINT64_MAX - 7;
    expect_reject(&rv, b, TABULA_ENOEXEC, "not a multiple of 24");
    b = copy_of(RV);
    dyn_entry(b, DT_RELAENT)->d_tag = DT_NEEDED;
    expect_reject(&rv, b, TABULA_ENOEXEC, "needs a shared library (DT_NEEDED): dynamically linked");
    b = copy_of(RV);
    dyn_entry(b, DT_RELAENT)->d_tag = DT_PLTREL;
    expect_reject(&rv, b, TABULA_ENOEXEC, "DT_PLTREL is 24");

    /* PLT relocations (DT_JMPREL) are checked like the others. */
    b = copy_of(RV);
    dyn_entry(b, DT_RELA)->d_tag = DT_JMPREL;
    dyn_entry(b, DT_RELASZ)->d_tag = DT_PLTRELSZ;
    CHECK_EQ(elf_inspect(&rv, b->data, b->len, &info, err, sizeof err), 0);
    CHECK_EQ(info.relocs, 8);
}

/* Issue 15: with its relocation tags renamed to ones the loader ignores,
 * an image loaded unrelocated; its .rela.dyn says it must not. */
TEST(elf_rejects_relocations_no_tag_names)
{
    struct blob *b;
    if (!(b = copy_of(RV)))
        return;
    dyn_entry(b, DT_RELA)->d_tag = DT_DEBUG;
    dyn_entry(b, DT_RELASZ)->d_tag = DT_DEBUG;
    expect_reject(&rv, b, TABULA_ENOEXEC, "bytes of relocations, but PT_DYNAMIC names no "
                                          "relocation table");
    /* Without PT_DYNAMIC at all (its program header made a PT_NULL). */
    b = copy_of(A64);
    struct phdr64 *ph = (struct phdr64 *)(b->data + ((struct ehdr64 *)b->data)->e_phoff);
    for (int i = 0; i < ((struct ehdr64 *)b->data)->e_phnum; i++)
        if (ph[i].p_type == 2)
            ph[i].p_type = 0;
    expect_reject(&a64, b, TABULA_ENOEXEC, "there is no PT_DYNAMIC to name");
}

TEST(elf_rejects_bad_relr)
{
    struct blob *b;
    if (!(b = copy_of(RV_RELR)))
        return;
    struct dyn64 *relr = dyn_entry(b, DT_RELR);
    uint64_t *t = (uint64_t *)(b->data + section(b, ".relr.dyn")->sh_offset);
    CHECK_EQ(relr->d_val, section(b, ".relr.dyn")->sh_addr);
    t[0] = 3; /* a bitmap first */
    expect_reject(&rv, b, TABULA_ENOEXEC, "DT_RELR table starts with a bitmap");
    /* An address at the last word, then a bitmap reaching one word past. */
    struct elf_info info = inspect_ok(&fixtures[RV_RELR]);
    b = copy_of(RV_RELR);
    t = (uint64_t *)(b->data + section(b, ".relr.dyn")->sh_offset);
    t[0] = info.image_size - 16;
    t[1] = 0x1 << 1 | 1;
    inspect_ok(b); /* the last word is fine */
    t[1] = 0x3 << 1 | 1;
    char msg[80];
    snprintf(msg, sizeof msg, "relocation at offset %#lx is outside the image",
             (unsigned long)info.image_size);
    expect_reject(&rv, b, TABULA_ENOEXEC, msg);
    b = copy_of(RV_RELR);
    dyn_entry(b, DT_RELRENT)->d_val = 16;
    expect_reject(&rv, b, TABULA_ENOEXEC, "DT_RELR entries are 16 bytes, need 8");
}

TEST(elf_load_checks_its_arguments)
{
    struct blob *b;
    if (!(b = copy_of(RV)))
        return;
    char err[120];
    struct elf_info info;
    uint8_t *dest = malloc(1 << 20);
    CHECK_EQ(elf_load(&rv, b->data, b->len, dest, 1 << 20, 0x80200010, &info, err, sizeof err),
             -TABULA_EINVAL);
    CHECK_STR_CONTAINS(err, "load address 0x80200010 is not 4 KiB-aligned");
    CHECK_EQ(elf_load(&rv, b->data, b->len, NULL, 0, 0x1000, &info, err, sizeof err),
             -TABULA_EINVAL);
    CHECK_EQ(elf_load(&rv, b->data, b->len, dest, 1 << 20, UINT64_MAX - 4095, &info, err,
                      sizeof err), -TABULA_EINVAL);
    CHECK_STR_CONTAINS(err, "wrap around");
    CHECK_EQ(elf_inspect(NULL, b->data, b->len, &info, err, sizeof err), -TABULA_EINVAL);
    CHECK_EQ(elf_inspect(&rv, NULL, 100, &info, err, sizeof err), -TABULA_ENOEXEC);

    /* A 300 KiB image in a 256 KiB slot. */
    int last = find_phdr(b, PT_LOAD, 3);
    phdr(b, last)->p_memsz = 300 * 1024 - phdr(b, last)->p_vaddr;
    CHECK_EQ(elf_inspect(&rv, b->data, b->len, &info, err, sizeof err), 0);
    CHECK_EQ(info.image_size, 300 * 1024);
    CHECK_EQ(elf_load(&rv, b->data, b->len, dest, 256 * 1024, 0x80000000, &info, err,
                      sizeof err), -TABULA_ENOMEM);
    CHECK_STR_CONTAINS(err, "image needs 300 KiB but the slot holds 256 KiB");
    CHECK_EQ(elf_load(&rv, b->data, b->len, dest, 300 * 1024 - 1, 0x80000000, &info, err,
                      sizeof err), -TABULA_ENOMEM);
    CHECK_STR_CONTAINS(err, "image needs 300 KiB but the slot holds 299 KiB");
    CHECK_EQ(elf_load(&rv, b->data, b->len, dest, 300 * 1024, 0x80000000, &info, err,
                      sizeof err), 0);
    free(dest);
}

TEST(elf_error_buffer_is_optional_and_bounded)
{
    struct blob *b;
    if (!(b = copy_of(RV)))
        return;
    b->data[0] = 0;
    char err[8];
    memset(err, 'x', sizeof err);
    CHECK_EQ(elf_inspect(&rv, b->data, b->len, NULL, err, 0), -TABULA_ENOEXEC);
    CHECK_EQ(err[0], 'x');
    CHECK_EQ(elf_inspect(&rv, b->data, b->len, NULL, NULL, 100), -TABULA_ENOEXEC);
    CHECK_EQ(elf_inspect(&rv, b->data, b->len, NULL, err, sizeof err), -TABULA_ENOEXEC);
    CHECK(strcmp(err, "not an ") == 0);
}

/* ---- the tabula note ---- */

/* Points the PT_NOTE of a copy of the RISC-V fixture at `extra` bytes of
 * notes appended to the file. */
static struct blob *with_notes(const void *notes, size_t size, uint64_t align)
{
    struct blob *b = copy_of(RV);
    if (!b)
        return NULL;
    size_t at = (b->len + 7) & ~(size_t)7;
    b->data = realloc(b->data, at + size);
    memcpy(b->data + at, notes, size);
    b->len = at + size;
    struct phdr64 *note = phdr(b, find_phdr(b, PT_NOTE, 0));
    note->p_offset = at;
    note->p_filesz = size;
    note->p_align = align;
    return b;
}

static size_t put_note(uint8_t *p, const char *name, uint32_t namesz, uint32_t type,
                       const void *desc, uint32_t descsz, uint32_t align)
{
    uint32_t h[3] = {namesz, descsz, type};
    memcpy(p, h, 12);
    memcpy(p + 12, name, namesz);
    size_t d = (12 + namesz + align - 1) & ~(size_t)(align - 1);
    memcpy(p + d, desc, descsz);
    return (d + descsz + align - 1) & ~(size_t)(align - 1);
}

TEST(elf_note_layouts)
{
    if (!build_fixtures())
        return;
    uint64_t desc[2] = {123 * 4096, 5 * 4096};
    uint8_t gnu_desc[20] = {1, 2, 3};
    uint8_t notes[256];
    struct blob *b;
    struct elf_info info;

    /* 4-byte padding, a build-id note first, name "tabula" with one NUL. */
    memset(notes, 0, sizeof notes);
    size_t n = put_note(notes, "GNU", 4, 3, gnu_desc, 20, 4);
    n += put_note(notes + n, "tabula", 7, 1, desc, 16, 4);
    b = with_notes(notes, n, 4);
    info = inspect_ok(b);
    CHECK_EQ(info.mem_size, 123 * 4096);
    CHECK_EQ(info.stack_size, 5 * 4096);

    /* 8-byte padding, as TABULA_APP_MEMORY lays it out; an unrelated
     * tabula note type and an empty note before it. */
    memset(notes, 0, sizeof notes);
    n = put_note(notes, "", 0, 9, gnu_desc, 0, 8);
    n += put_note(notes + n, "tabula\0", 8, 2, gnu_desc, 3, 8);
    n += put_note(notes + n, "tabula\0", 8, 1, desc, 16, 8);
    b = with_notes(notes, n, 8);
    info = inspect_ok(b);
    CHECK_EQ(info.mem_size, 123 * 4096);

    /* Trailing padding shorter than a header is ignored. */
    b = with_notes(notes, n + 4, 8);
    CHECK_EQ(inspect_ok(b).stack_size, 5 * 4096);

    /* No tabula note in PT_NOTE or in any section: zeros. */
    n = put_note(notes, "GNU", 4, 3, gnu_desc, 20, 4);
    b = with_notes(notes, n, 4);
    section(b, ".note.tabula")->sh_type = 1; /* SHT_PROGBITS */
    info = inspect_ok(b);
    CHECK_EQ(info.mem_size, 0);
    CHECK_EQ(info.stack_size, 0);
    b = with_notes(notes, 0, 4);
    section(b, ".note.tabula")->sh_type = 1;
    CHECK_EQ(inspect_ok(b).mem_size, 0);

    /* A tabula note with the wrong size, and notes that overflow. */
    n = put_note(notes, "tabula", 7, 1, desc, 12, 4);
    b = with_notes(notes, n, 4);
    expect_reject(&rv, b, TABULA_ENOEXEC, "tabula memory note holds 12 bytes, need 16");
    n = put_note(notes, "tabula", 7, 1, desc, 16, 4);
    b = with_notes(notes, n - 1, 4);
    expect_reject(&rv, b, TABULA_ENOEXEC, "runs past the end of its segment");
    uint32_t huge[3] = {0xffffffff, 0xffffffff, 1};
    b = with_notes(huge, sizeof huge, 8);
    expect_reject(&rv, b, TABULA_ENOEXEC, "runs past the end of its segment");
    huge[0] = 4;
    b = with_notes(huge, sizeof huge, 4);
    expect_reject(&rv, b, TABULA_ENOEXEC, "runs past the end of its segment");
}

TEST(elf_note_file_grants)
{
    if (!build_fixtures())
        return;
    char text[TABULA_NOTE_FS_MAX] = "/scripts:ro /tmp:rw";
    uint8_t notes[512];
    struct blob *b;
    struct elf_info info;

    /* As TABULA_APP_FS lays it out: the text is found where it lies. */
    memset(notes, 0, sizeof notes);
    size_t n = put_note(notes, "tabula\0", 8, TABULA_NOTE_TYPE_FS, text, sizeof text, 8);
    b = with_notes(notes, n, 8);
    info = inspect_ok(b);
    CHECK_EQ(info.fs_len, strlen(text));
    CHECK(memcmp(b->data + info.fs_offset, text, info.fs_len) == 0);

    /* The wrong size, no NUL, a byte that is not printable ASCII. */
    n = put_note(notes, "tabula\0", 8, TABULA_NOTE_TYPE_FS, text, 64, 8);
    expect_reject(&rv, with_notes(notes, n, 8), TABULA_ENOEXEC,
                  "file-grant note holds 64 bytes, need 128 ending in a NUL");
    memset(text, 'x', sizeof text);
    n = put_note(notes, "tabula\0", 8, TABULA_NOTE_TYPE_FS, text, sizeof text, 8);
    expect_reject(&rv, with_notes(notes, n, 8), TABULA_ENOEXEC, "ending in a NUL");
    snprintf(text, sizeof text, "/tmp\n:rw");
    n = put_note(notes, "tabula\0", 8, TABULA_NOTE_TYPE_FS, text, sizeof text, 8);
    expect_reject(&rv, with_notes(notes, n, 8), TABULA_ENOEXEC,
                  "holds byte 0xa at 4 (printable ASCII only)");
}

TEST(elf_note_found_through_sections)
{
    struct blob *b;
    if (!(b = copy_of(RV)))
        return;
    phdr(b, find_phdr(b, PT_NOTE, 0))->p_type = PT_NULL;
    struct elf_info info = inspect_ok(b);
    CHECK_EQ(info.mem_size, 300 * 1024);
    CHECK_EQ(info.stack_size, 32 * 1024);

    ehdr(b)->e_shoff = b->len - 32;
    expect_reject(&rv, b, TABULA_ENOEXEC, "truncated: section headers at");
    ehdr(b)->e_shoff = 0; /* no sections, no note */
    CHECK_EQ(inspect_ok(b).mem_size, 0);

    b = copy_of(RV);
    phdr(b, find_phdr(b, PT_NOTE, 0))->p_type = PT_NULL;
    section(b, ".note.tabula")->sh_offset = b->len;
    expect_reject(&rv, b, TABULA_ENOEXEC, "extends past the end of the file");
}

/* ---- every truncation, random damage ---- */

/* Runs both phases on an exact-size copy of data[0..len); ASan does the
 * real checking. Returns whether inspect accepted it. */
static bool try_image(const struct elf_target *t, const uint8_t *data, size_t len)
{
    uint8_t *copy = malloc(len ? len : 1);
    memcpy(copy, data, len);
    struct elf_info info, loaded;
    char err[160];
    int rc = elf_inspect(t, copy, len, &info, err, sizeof err);
    if (rc == 0 && info.image_size <= (1 << 20)) {
        uint8_t *dest = malloc(info.image_size ? info.image_size : 1);
        CHECK_EQ(elf_load(t, copy, len, dest, info.image_size, 0x80000000, &loaded, err,
                          sizeof err), 0);
        CHECK(memcmp(&info, &loaded, sizeof info) == 0);
        free(dest);
    } else {
        uint8_t *dest = malloc(4096);
        CHECK(elf_load(t, copy, len, dest, 4096, 0x80000000, &loaded, err, sizeof err) < 0);
        free(dest);
    }
    CHECK(rc <= 0 && strlen(err) < sizeof err);
    if (rc)
        CHECK(err[0] != 0);
    free(copy);
    return rc == 0;
}

TEST(elf_every_truncation)
{
    if (!build_fixtures())
        return;
    for (int i = 0; i < NFIXTURES; i++) {
        const struct blob *b = &fixtures[i];
        const struct elf_target *t = fixture_names[i][0] == 'r' ? &rv : &a64; /* "rv..." or "a64..." */
        uint64_t data_end = 0;
        for (int k = 0; k < ehdr(b)->e_phnum; k++)
            if (phdr(b, k)->p_type == PT_LOAD)
                data_end = phdr(b, k)->p_offset + phdr(b, k)->p_filesz > data_end
                               ? phdr(b, k)->p_offset + phdr(b, k)->p_filesz
                               : data_end;
        for (size_t len = 0; len <= b->len; len++) {
            bool ok = try_image(t, b->data, len);
            if (len < data_end && ok) {
                printf("  %s accepted when cut to %zu bytes\n", fixture_names[i], len);
                CHECK(!ok);
            }
        }
        CHECK(try_image(t, b->data, b->len));
    }
}

static uint64_t rng = 0x9e3779b97f4a7c15;
static uint64_t next_random(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

TEST(elf_random_damage)
{
    if (!build_fixtures())
        return;
    int accepted = 0, rounds = 0;
    for (int i = 0; i < NFIXTURES; i++) {
        const struct blob *b = &fixtures[i];
        const struct elf_target *t = fixture_names[i][0] == 'r' ? &rv : &a64; /* "rv..." or "a64..." */
        /* Headers, notes, dynamic section and relocations sit in the first
         * 0x600 bytes; aim most damage there. */
        size_t hot = b->len < 0x600 ? b->len : 0x600;
        uint8_t *copy = malloc(b->len);
        for (int round = 0; round < 1500; round++, rounds++) {
            memcpy(copy, b->data, b->len);
            int flips = 1 + (int)(next_random() % 4);
            for (int f = 0; f < flips; f++) {
                size_t at = next_random() % (round % 4 ? hot : b->len);
                uint64_t r = next_random();
                if (r & 0x100)
                    copy[at] ^= (uint8_t)(1u << (r & 7));
                else
                    copy[at] = (uint8_t)(r >> 16);
            }
            accepted += try_image(t, copy, b->len);
        }
        free(copy);
    }
    /* Most damage lands in bytes the loader ignores or must refuse; both
     * outcomes must happen or the test exercises nothing. */
    CHECK(accepted > 0 && accepted < rounds);
}
