/*
 * test_task_layout.c: a slot's layout arithmetic and the string check every
 * call taking a string uses. The layout is fed the sizes hostile apps used
 * (a stack of 2^64 - 8 KiB in a memory note, a slot of 2^64 - 1), a seeded
 * random sweep, and every app image the build made, through the loader's
 * own elf_inspect, as task_spawn does.
 */
#include "check.h"
#include "elf.h"
#include "task_layout.h"
#include "tabula.h"

#include <dirent.h>
#include <stdlib.h>

#define GUARD 4096u

static struct task_layout_req req(uint64_t image, uint64_t stack, uint64_t mem, uint64_t args)
{
    return (struct task_layout_req){image, stack, mem, args, GUARD, 4096};
}

/* What task_spawn relies on once task_layout says OK: every region inside
 * the slot and in order, the stack as large as asked, nothing overlapping. */
static void check_invariants(const struct task_layout_req *r, const struct task_layout *l)
{
    CHECK(l->need % 4096 == 0 && l->need <= r->mem);
    CHECK(l->image_end >= r->image_size && l->image_end % 16 == 0);
    CHECK(l->guard_page >= l->image_end);
    CHECK(l->stack_bottom == l->guard_page + r->guard);
    CHECK(l->stack_bottom % r->guard == 0);
    CHECK(l->stack_bottom < r->mem && r->args <= r->mem);
    CHECK(r->mem - r->args - l->stack_bottom >= r->stack);
}

TEST(ordinary_app)
{
    struct task_layout_req r = req(40000, 64 * 1024, 256 * 1024, 300);
    struct task_layout l;
    CHECK_EQ(task_layout(&r, &l), TASK_LAYOUT_OK);
    check_invariants(&r, &l);
    CHECK_EQ(l.image_end, 40000);
    /* The smallest slot that fits is exactly need. */
    r.mem = l.need;
    CHECK_EQ(task_layout(&r, &l), TASK_LAYOUT_OK);
    check_invariants(&r, &l);
    r.mem = l.need - 1;
    CHECK_EQ(task_layout(&r, &l), TASK_LAYOUT_SLOT_SMALL);
}

/* Attack 1 of issue 15: a memory note's stack near 2^64 wrapped the sum and
 * the canary landed outside the slot. */
TEST(huge_stack_from_note_refused)
{
    static const uint64_t stacks[] = {
        0xFFFFFFFFFFFFE000ull, UINT64_MAX, UINT64_MAX - 4095, 1ull << 63,
        UINT64_MAX - 40000 - 2 * GUARD - 300 - 4095 + 1,
    };
    for (size_t i = 0; i < sizeof stacks / sizeof stacks[0]; i++) {
        struct task_layout_req r = req(40000, stacks[i], 256 * 1024, 300);
        struct task_layout l;
        int rc = task_layout(&r, &l);
        CHECK(rc == TASK_LAYOUT_TOO_LARGE || rc == TASK_LAYOUT_SLOT_SMALL);
        r.mem = UINT64_MAX; /* and no slot size lets it through either */
        rc = task_layout(&r, &l);
        CHECK(rc != TASK_LAYOUT_OK || (check_invariants(&r, &l), 1));
        CHECK(rc == TASK_LAYOUT_TOO_LARGE || r.mem - r.args - l.stack_bottom >= r.stack);
    }
}

TEST(huge_sizes_everywhere)
{
    struct task_layout l;
    struct task_layout_req r = req(UINT64_MAX, 4096, UINT64_MAX, 0);
    CHECK_EQ(task_layout(&r, &l), TASK_LAYOUT_TOO_LARGE);
    r = req(0, 4096, UINT64_MAX, UINT64_MAX);
    CHECK_EQ(task_layout(&r, &l), TASK_LAYOUT_TOO_LARGE);
    r = req(0, 4096, 4096, 0);
    CHECK_EQ(task_layout(&r, &l), TASK_LAYOUT_SLOT_SMALL);
    r = req(0, 4095, UINT64_MAX, 0);
    CHECK_EQ(task_layout(&r, &l), TASK_LAYOUT_STACK_SMALL);
}

TEST(random_sizes_keep_invariants)
{
    uint64_t seed = 15;
    int ok = 0;
    for (int i = 0; i < 200000; i++) {
        uint64_t v[4];
        for (int k = 0; k < 4; k++) {
            uint64_t x = check_random(&seed);
            /* Mostly plausible sizes, sometimes the edges of 64 bits. */
            switch (x & 3) {
            case 0: v[k] = x >> (40 + (x >> 60)); break;
            case 1: v[k] = UINT64_MAX - (x >> 44); break;
            default: v[k] = (x >> 8) & 0xFFFFFF; break;
            }
        }
        struct task_layout_req r = req(v[0], v[1], v[2], v[3] & 0xFFFF);
        struct task_layout l;
        if (task_layout(&r, &l) == TASK_LAYOUT_OK) {
            check_invariants(&r, &l);
            ok++;
        }
    }
    CHECK(ok > 1000);
}

/* The loader's corpus: every app the build made, as task_spawn sees it
 * (the note's sizes, or the defaults), with stacks from the note's to 2^64. */
TEST(app_images_through_spawn_arithmetic)
{
    static const struct elf_target rv = {ELF_EM_RISCV, ELF_R_RISCV_RELATIVE, 0, "RISC-V"};
    DIR *d = opendir(LAYOUT_CORPUS);
    CHECK(d != NULL);
    if (!d)
        return;
    int images = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        size_t n = strlen(e->d_name);
        if (n < 5 || strcmp(e->d_name + n - 4, ".elf"))
            continue;
        char path[512];
        snprintf(path, sizeof path, "%s/%s", LAYOUT_CORPUS, e->d_name);
        size_t len;
        uint8_t *img = check_read_file(path, &len);
        CHECK(img != NULL);
        struct elf_info info;
        char err[TABULA_ERROR_MAX];
        if (img && elf_inspect(&rv, img, len, &info, err, sizeof err) == 0) {
            uint64_t stack = info.stack_size ? info.stack_size : TABULA_DEFAULT_STACK;
            uint64_t mem = info.mem_size ? info.mem_size : TABULA_DEFAULT_MEM;
            struct task_layout_req r = req(info.image_size, stack, mem, 16 + 4 * 8 + 64);
            struct task_layout l;
            /* Every app built here fits its own default slot. */
            CHECK_EQ(task_layout(&r, &l), TASK_LAYOUT_OK);
            check_invariants(&r, &l);
            for (int shift = 12; shift < 64; shift++) {
                r.stack = (1ull << shift) | (uint64_t)(shift * 8);
                r.mem = (1ull << 27) | (uint64_t)shift;
                if (task_layout(&r, &l) == TASK_LAYOUT_OK)
                    check_invariants(&r, &l);
                r.stack = UINT64_MAX - (1ull << shift) + 1;
                CHECK(task_layout(&r, &l) != TASK_LAYOUT_OK);
            }
            images++;
        }
        free(img);
    }
    closedir(d);
    CHECK(images >= 10);
}

TEST(string_inside_range)
{
    char slot[64];
    memset(slot, 'A', sizeof slot);
    uintptr_t lo = (uintptr_t)slot, hi = lo + sizeof slot;
    memcpy(slot + 8, "hello", 6);
    CHECK_EQ(task_layout_string(lo, hi, slot + 8, 16), 5);
    CHECK_EQ(task_layout_string(lo, hi, slot + 13, 16), 0);
    /* No NUL before the end of the slot: refused without reading past it
     * (ASan would catch a read of slot[64]). */
    CHECK_EQ(task_layout_string(lo, hi, slot + 20, 4096), -TABULA_EFAULT);
    slot[63] = 0;
    CHECK_EQ(task_layout_string(lo, hi, slot + 20, 4096), 43);
    /* Longer than max, NUL or not further on. */
    CHECK_EQ(task_layout_string(lo, hi, slot + 20, 10), -TABULA_EINVAL);
    CHECK_EQ(task_layout_string(lo, hi, slot + 20, 44), 43);
    CHECK_EQ(task_layout_string(lo, hi, slot + 20, 43), -TABULA_EINVAL);
    /* Outside. */
    CHECK_EQ(task_layout_string(lo, hi, slot - 1, 16), -TABULA_EFAULT);
    CHECK_EQ(task_layout_string(lo, hi, slot + 64, 16), -TABULA_EFAULT);
    CHECK_EQ(task_layout_string(lo, hi, NULL, 16), -TABULA_EFAULT);
}
