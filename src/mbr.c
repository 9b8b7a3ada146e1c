/*
 * mbr.c: sector 0 read as a partition table or as a FAT boot sector (see
 * mbr.h). Both end in 55 AA, so the boot sector is told apart by its
 * jump instruction and a sane bytes-per-sector field, which no partition
 * table's boot code has at those offsets in practice.
 */
#include "mbr.h"

#include <stdio.h>

static uint32_t le32(const uint8_t *p)
{
    return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

static int is_fat_type(uint8_t t)
{
    return t == 0x01 || t == 0x04 || t == 0x06 || t == 0x0b || t == 0x0c || t == 0x0e;
}

int mbr_parse(const uint8_t *s0, uint64_t sectors, struct mbr_part out[MBR_PARTS], char *why,
              unsigned whylen)
{
    if (s0[510] != 0x55 || s0[511] != 0xaa) {
        snprintf(why, whylen, "sector 0 has no boot signature (not formatted)");
        return 0;
    }
    unsigned bps = s0[11] | s0[12] << 8;
    if ((s0[0] == 0xeb || s0[0] == 0xe9) && (bps == 512 || bps == 1024 || bps == 2048 ||
                                             bps == 4096)) {
        out[0] = (struct mbr_part){0, 0, 0, sectors};
        return 1;
    }
    int n = 0;
    unsigned others = 0;
    for (unsigned i = 0; i < MBR_PARTS; i++) {
        const uint8_t *e = s0 + 446 + 16 * i;
        uint64_t first = le32(e + 8), count = le32(e + 12);
        if (!e[4])
            continue;
        if (!is_fat_type(e[4]) || first == 0 || first >= sectors || count > sectors - first) {
            others++;
            continue;
        }
        out[n++] = (struct mbr_part){i + 1, e[4], first, count};
    }
    if (!n)
        snprintf(why, whylen, "no FAT partition in the table (%u other%s)", others,
                 others == 1 ? "" : "s");
    return n;
}
