/*
 * fuzz_elf.c: the libFuzzer target for the task image loader (src/elf.c).
 * Each input is offered to both targets (RISC-V and AArch64) through both
 * phases, into slots malloc'd to their exact size so that ASan flags any
 * byte read or written outside the file or the slot. Beyond memory safety
 * it checks the loader's contract, trapping when it breaks:
 *   - a refusal always comes with a message, and inspect and load agree;
 *   - an image inspect accepts loads into a slot of exactly image_size,
 *     reports the same elf_info, and is refused by a slot one byte short.
 * Built and run by `make fuzz` (tests/fuzz/fuzz.mk).
 */
#include "elf.h"
#include "tabula.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Images larger than this are only checked to be refused by a small slot. */
#define FUZZ_SLOT_MAX (4u << 20)

static const struct elf_target targets[] = {
    {ELF_EM_RISCV, ELF_R_RISCV_RELATIVE, 0, "RISC-V"},
    {ELF_EM_AARCH64, ELF_R_AARCH64_RELATIVE, 0, "AArch64"},
};

static void expect(int cond)
{
    if (!cond)
        __builtin_trap();
}

static void fuzz_one(const struct elf_target *t, const uint8_t *data, size_t size)
{
    struct elf_info info, loaded;
    char err[TABULA_ERROR_MAX];
    /* Any 4 KiB-aligned base; vary it with the input. */
    uint64_t base = 0x80000000ull + ((uint64_t)(size * 2654435761u) & 0xfff000);

    int rc = elf_inspect(t, data, size, &info, err, sizeof err);
    if (rc) {
        expect(rc < 0 && err[0] && strlen(err) < sizeof err);
        uint8_t *small = malloc(4096);
        expect(elf_load(t, data, size, small, 4096, base, &loaded, err, sizeof err) == rc);
        free(small);
        return;
    }
    expect(info.image_size % 16 == 0 && info.image_size <= ELF_IMAGE_MAX);
    expect(info.entry < info.image_size);
    if (info.image_size > FUZZ_SLOT_MAX) {
        uint8_t *small = malloc(4096);
        expect(elf_load(t, data, size, small, 4096, base, &loaded, err, sizeof err) ==
               -TABULA_ENOMEM);
        free(small);
        return;
    }
    size_t slot = info.image_size;
    uint8_t *dest = malloc(slot ? slot : 1);
    memset(dest, 0xa5, slot);
    if (slot)
        expect(elf_load(t, data, size, dest, slot - 1, base, &loaded, err, sizeof err) ==
               -TABULA_ENOMEM);
    rc = elf_load(t, data, size, dest, slot, base, &loaded, err, sizeof err);
    expect(rc == 0 && memcmp(&info, &loaded, sizeof info) == 0);
    free(dest);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    for (size_t i = 0; i < sizeof targets / sizeof targets[0]; i++)
        fuzz_one(&targets[i], data, size);
    return 0;
}
