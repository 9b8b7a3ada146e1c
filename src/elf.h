/*
 * elf.h: the task image loader. A task is a static position-independent
 * ELF64 executable (ET_DYN, linked by ld.lld -pie) that runs from one
 * contiguous slot at any 4 KiB-aligned address. Loading has two phases so
 * the kernel can size the slot before it allocates one: elf_inspect()
 * checks the file and reports its layout, elf_load() copies and relocates it.
 *
 * The loader knows no architecture: the arch layer describes its machine
 * and relocation codes in `arch_elf_target` (declared in arch.h).
 *
 * Offsets in struct elf_info are relative to the load base. The image is
 * laid out from link address 0 (where ld.lld puts the first PT_LOAD, with
 * the ELF header in it), so a segment linked at vaddr V lands at base + V.
 */
#ifndef ELF_H
#define ELF_H

#include <stddef.h>
#include <stdint.h>

/* ELF machine and RELATIVE relocation codes of the architectures we run on. */
#define ELF_EM_AARCH64 183
#define ELF_EM_RISCV 243
#define ELF_R_AARCH64_RELATIVE 1027
#define ELF_R_RISCV_RELATIVE 3

/* Slots start on this boundary, so no segment may ask for more. */
#define ELF_LOAD_ALIGN 4096u
/* Larger images are refused: no slot could hold them, and it keeps every
 * offset computation far from overflow. */
#define ELF_IMAGE_MAX (1ull << 30)

struct elf_target {
    uint16_t machine;        /* e_machine: ELF_EM_RISCV, ELF_EM_AARCH64 */
    uint32_t reloc_relative; /* the RELATIVE relocation type */
    uint32_t reloc_none;     /* the no-op relocation type */
    const char *name;        /* for messages: "RISC-V" */
};

struct elf_info {
    uint64_t image_size; /* link address 0 to the end of the last PT_LOAD
                            (.bss included), rounded up to 16 */
    uint64_t entry;      /* entry point, offset from the load base */
    uint64_t mem_size;   /* from the tabula note (TABULA_APP_MEMORY), */
    uint64_t stack_size; /* 0 when the app has none */
    uint64_t tls_offset; /* PT_TLS: the .tdata template at base + tls_offset, */
    uint64_t tls_filesz; /* tls_filesz bytes of it, then zeroes up to */
    uint64_t tls_memsz;  /* tls_memsz; tls_align is 1 or more (all 0 when */
    uint64_t tls_align;  /* the image has no PT_TLS) */
    uint64_t relocs;     /* relocations elf_load applies (or applied) */
    uint32_t caps;       /* TABULA_CAP_* the app asks for (TABULA_APP_CAPS), or 0 */
    uint64_t code_end;   /* end of the last executable PT_LOAD */
    uint64_t fs_offset;  /* the file grants it asks for (TABULA_APP_FS): */
    uint32_t fs_len;     /* fs_len bytes of text at file + fs_offset, NUL
                            excluded (0 when it asks none) */
};

/*
 * Checks that file[0..len) is a task image for target t and fills *info.
 * Returns 0, or a negative TABULA_E* code with a human reason in err
 * (always NUL-terminated when errlen > 0). Never reads outside the file.
 */
int elf_inspect(const struct elf_target *t, const void *file, size_t len,
                struct elf_info *info, char *err, size_t errlen);

/*
 * Inspects the file, then writes the image to dest[0..image_size): every
 * PT_LOAD copied to dest + p_vaddr, the gaps between segments and .bss
 * zeroed, and the RELATIVE relocations applied for code that will run at
 * run_base (4 KiB-aligned; equal to dest in the kernel). Never writes
 * outside dest[0..dest_size); fails with -TABULA_ENOMEM when the image does
 * not fit. file and dest must not overlap. On failure dest holds junk.
 */
int elf_load(const struct elf_target *t, const void *file, size_t len,
             void *dest, size_t dest_size, uint64_t run_base,
             struct elf_info *info, char *err, size_t errlen);

#endif
