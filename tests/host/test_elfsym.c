/*
 * test_elfsym.c: function names from an ELF symbol table (src/elfsym.c),
 * on small ELF files built here: containment, sized against unsized
 * symbols, and files whose tables point outside them or whose names run
 * off the end of the string table.
 */
#include "check.h"
#include "elfsym.h"

#include <stdint.h>
#include <string.h>

#define EHDR 64
#define SHDR 64
#define SYM 24

static uint8_t file[4096];
static size_t file_len;
static size_t str_len;

static void put(uint8_t *p, uint64_t v, int bytes)
{
    for (int i = 0; i < bytes; i++, v >>= 8)
        p[i] = (uint8_t)v;
}

enum { SYMS_AT = 256, STRS_AT = 1024, SHDRS_AT = 2048, MAX_SYMS = 16 };
static int nsyms;

/* An ELF64 header and three sections: null, .symtab (link 2), .strtab. */
static void begin(void)
{
    memset(file, 0, sizeof file);
    memcpy(file, "\177ELF", 4);
    file[4] = 2; /* 64-bit */
    file[5] = 1; /* little-endian */
    file[6] = 1;
    put(file + 40, SHDRS_AT, 8);
    put(file + 58, SHDR, 2);
    put(file + 60, 3, 2);
    nsyms = 1;          /* entry 0 is the null symbol */
    str_len = 1;        /* and offset 0 the empty name */
    file_len = SHDRS_AT + 3 * SHDR;
}

static void sym(const char *name, uint64_t value, uint64_t size, int type)
{
    uint8_t *s = file + SYMS_AT + nsyms++ * SYM;
    put(s, str_len, 4);
    s[4] = (uint8_t)type;
    put(s + 6, 1, 2); /* defined in section 1 */
    put(s + 8, value, 8);
    put(s + 16, size, 8);
    strcpy((char *)file + STRS_AT + str_len, name);
    str_len += strlen(name) + 1;
}

static void end(void)
{
    uint8_t *sh = file + SHDRS_AT;
    put(sh + SHDR + 4, 2, 4); /* SHT_SYMTAB */
    put(sh + SHDR + 24, SYMS_AT, 8);
    put(sh + SHDR + 32, (uint64_t)nsyms * SYM, 8);
    put(sh + SHDR + 40, 2, 4);
    put(sh + SHDR + 56, SYM, 8);
    put(sh + 2 * SHDR + 4, 3, 4); /* SHT_STRTAB */
    put(sh + 2 * SHDR + 24, STRS_AT, 8);
    put(sh + 2 * SHDR + 32, str_len, 8);
}

static const char *lookup(uint64_t addr, uint64_t *off)
{
    struct elf_symtab st;
    const char *name = NULL;
    CHECK(elfsym_open(file, file_len, &st));
    if (!elfsym_lookup(&st, addr, &name, off))
        return NULL;
    return name;
}

TEST(finds_the_function_holding_an_address)
{
    uint64_t off = 0;
    begin();
    sym("main", 0x100, 0x40, 2);
    sym("helper", 0x200, 0x10, 2);
    sym("data", 0x140, 0x100, 1); /* an object: never a function's name */
    end();
    CHECK(!strcmp(lookup(0x100, &off), "main"));
    CHECK_EQ(off, 0);
    CHECK(!strcmp(lookup(0x13f, &off), "main"));
    CHECK_EQ(off, 0x3f);
    CHECK(!strcmp(lookup(0x20c, &off), "helper"));
    CHECK_EQ(off, 0xc);
    CHECK(lookup(0x140, &off) == NULL); /* past main, before helper */
    CHECK(lookup(0x210, &off) == NULL); /* past the last sized function */
    CHECK(lookup(0xff, &off) == NULL);
}

TEST(unsized_symbols_reach_the_next_one)
{
    uint64_t off = 0;
    begin();
    sym("_start", 0x0, 0, 2);
    sym("entry_alias", 0x40, 0, 2);
    sym("real", 0x40, 0x20, 2); /* same address, sized: it wins */
    sym("tail", 0x80, 0, 2);
    end();
    CHECK(!strcmp(lookup(0x3e, &off), "_start"));
    CHECK_EQ(off, 0x3e);
    CHECK(!strcmp(lookup(0x44, &off), "real"));
    CHECK(lookup(0x70, &off) == NULL); /* past real: not _start's either */
    CHECK(!strcmp(lookup(0x1000, &off), "tail"));
    CHECK_EQ(off, 0xf80);
}

TEST(no_table_or_a_broken_one_gives_no_names)
{
    struct elf_symtab st;
    const char *name;
    uint64_t off;

    begin();
    sym("main", 0x100, 0x40, 2);
    end();
    CHECK(!elfsym_open(file, 63, &st));            /* shorter than a header */
    CHECK(!elfsym_open(file, SHDRS_AT + SHDR, &st)); /* headers cut off */
    CHECK(!elfsym_lookup(&st, 0x100, &name, &off)); /* the empty table */

    put(file + SHDRS_AT + SHDR + 4, 0, 4); /* no SHT_SYMTAB at all */
    CHECK(!elfsym_open(file, file_len, &st));

    begin();
    sym("main", 0x100, 0x40, 2);
    end();
    put(file + SHDRS_AT + SHDR + 32, 1u << 20, 8); /* symbols past the end */
    CHECK(!elfsym_open(file, file_len, &st));

    begin();
    sym("main", 0x100, 0x40, 2);
    end();
    put(file + SHDRS_AT + SHDR + 40, 7, 4); /* link to a section that is not there */
    CHECK(!elfsym_open(file, file_len, &st));

    begin();
    sym("main", 0x100, 0x40, 2);
    end();
    put(file + SHDRS_AT + 2 * SHDR + 24, (uint64_t)-8, 8); /* strings wrap around */
    CHECK(!elfsym_open(file, file_len, &st));
}

TEST(names_must_end_inside_the_string_table)
{
    struct elf_symtab st;
    const char *name;
    uint64_t off;

    begin();
    sym("main", 0x100, 0x40, 2);
    sym("cut", 0x200, 0x40, 2);
    end();
    /* The table ends in the middle of "cut": no terminator inside it. */
    put(file + SHDRS_AT + 2 * SHDR + 32, str_len - 2, 8);
    CHECK(elfsym_open(file, file_len, &st));
    CHECK(!elfsym_lookup(&st, 0x210, &name, &off));
    CHECK(elfsym_lookup(&st, 0x110, &name, &off));
    CHECK(!strcmp(name, "main"));
    /* A name offset beyond the table. */
    put(file + SYMS_AT + SYM, 4000, 4);
    CHECK(!elfsym_lookup(&st, 0x110, &name, &off));
}
