/*
 * fuzz_elf.c: the libFuzzer target for the task image loader (src/elf.c).
 * Each input is offered to both targets (RISC-V and AArch64) through both
 * phases, into slots malloc'd to their exact size so that ASan flags any
 * byte read or written outside the file or the slot. Beyond memory safety
 * it checks the loader's contract, trapping when it breaks:
 *   - a refusal always comes with a message, and inspect and load agree;
 *   - an image inspect accepts loads into a slot of exactly image_size,
 *     reports the same elf_info, and is refused by a slot one byte short;
 *   - what task_spawn derives from an accepted image (the note's stack and
 *     slot sizes, or the defaults, and stack or slot sizes a spawner could
 *     ask for, drawn from the input's last bytes) goes through the slot
 *     layout (src/task_layout.c), whose every answer must lie in the slot.
 * Built and run by `make fuzz` (tests/fuzz/fuzz.mk).
 */
#include "elf.h"
#include "tabula.h"
#include "task_layout.h"

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

/* A layout task_layout accepted must fit the slot as task_spawn uses it. */
static void check_layout(const struct task_layout_req *r)
{
    struct task_layout l;
    enum task_layout_error e = task_layout(r, &l);
    if (e != TASK_LAYOUT_OK) {
        expect(e == TASK_LAYOUT_STACK_SMALL || e == TASK_LAYOUT_TOO_LARGE ||
               e == TASK_LAYOUT_SLOT_SMALL);
        expect(e != TASK_LAYOUT_STACK_SMALL || r->stack < r->stack_min);
        return;
    }
    expect(l.need % 4096 == 0 && l.need <= r->mem && r->args <= r->mem);
    expect(l.image_end >= r->image_size && l.guard_page >= l.image_end);
    expect(l.stack_bottom == l.guard_page + r->guard && l.stack_bottom % r->guard == 0);
    expect(l.stack_bottom < r->mem && r->mem - r->args - l.stack_bottom >= r->stack);
}

static uint64_t tail64(const uint8_t *data, size_t size, size_t back)
{
    uint64_t v = 0;
    for (size_t i = 0; i < 8 && back + i < size; i++)
        v = v << 8 | data[size - 1 - back - i];
    return v;
}

/* task_spawn's arithmetic on what the image says, and on sizes a spawner
 * picks (the input's last 24 bytes, so mutations reach the edges). */
static void fuzz_spawn_sizes(const struct elf_info *info, const uint8_t *data, size_t size)
{
    struct task_layout_req r = {
        .image_size = info->image_size,
        .stack = info->stack_size ? info->stack_size : TABULA_DEFAULT_STACK,
        .mem = info->mem_size ? info->mem_size : TABULA_DEFAULT_MEM,
        .args = 16 + 3 * sizeof(char *) + TABULA_NAME_MAX,
        .guard = 4096,
        .stack_min = 4096,
    };
    check_layout(&r);
    r.stack = tail64(data, size, 0);
    check_layout(&r);
    r.mem = tail64(data, size, 8);
    check_layout(&r);
    r.args = tail64(data, size, 16) & 0x7ffff;
    check_layout(&r);
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
    fuzz_spawn_sizes(&info, data, size);
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
