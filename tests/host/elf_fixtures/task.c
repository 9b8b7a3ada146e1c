/*
 * task.c: the ELF loader's test fixture, a tiny static PIE built for each
 * architecture by tests/host/test_elf.c and tests/fuzz/make_corpus.sh.
 *
 * It exercises what a real task image holds: a tabula memory note, code,
 * read-only data, pointer tables that need RELATIVE relocations (in
 * .data.rel.ro and .data), initialised .data, a .bss large enough to span
 * pages, and thread-local data (PT_TLS). It is never run, only loaded.
 */
#include "tabula.h"

TABULA_APP_MEMORY(300 * 1024, 32 * 1024);

/* The note is laid out for 8-byte note alignment (descriptor at offset
 * 24), and readers only assume that when the section says 8. Apps get it
 * from linker/task.ld; this fixture is also linked without it, so it asks
 * for the alignment itself. */
__asm__(".section .note.tabula,\"a\",%note\n.balign 8\n.previous");

static const char fixture_message[] = "hello from the fixture";
int fixture_counter = 0x1234567;
char fixture_zeros[5000];
long fixture_bss_word;

/* Resolved at load time: each element needs one relocation. */
const void *const fixture_ro_table[] = {
    fixture_message, &fixture_counter, fixture_zeros, &fixture_zeros[4999],
    fixture_ro_table,
};
void *fixture_rw_table[] = { &fixture_counter, fixture_zeros + 100, 0, &fixture_bss_word };

__thread int fixture_tls_data = 0x5eed;
__thread long fixture_tls_bss;

void _start(void)
{
    /* Hand the tables to the "outside" so neither the compiler nor
     * --gc-sections can drop them or fold their loads. */
    __asm__ volatile("" ::"r"(fixture_ro_table), "r"(fixture_rw_table),
                     "r"(&fixture_tls_data), "r"(&fixture_tls_bss)
                     : "memory");
    for (;;)
        __asm__ volatile("");
}
