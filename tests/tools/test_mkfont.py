"""tools/mkfont.py, on small PSF1 and PSF2 fonts made here and on the
Terminus files the build uses."""
import gzip
import os
import re
import subprocess
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "tools"))
import mkfont  # noqa: E402

TERMINUS = "/usr/share/consolefonts/Uni2-Terminus20x10.psf.gz"
TERMINUS_BOLD = "/usr/share/consolefonts/Uni2-TerminusBold20x10.psf.gz"


def psf1(glyphs, table, height=4):
    """A 256-glyph PSF1 with a Unicode table: table[i] lists glyph i's code points."""
    data = bytes([0x36, 0x04, 0x02, height])
    data += b"".join(g.ljust(height, b"\0") for g in glyphs).ljust(256 * height, b"\0")
    for i in range(256):
        for u in table.get(i, []):
            data += u.to_bytes(2, "little")
        data += b"\xff\xff"
    return data


def psf2(glyphs, table, width=12, height=3):
    row = (width + 7) // 8
    size = row * height
    header = b"\x72\xb5\x4a\x86" + b"".join(
        v.to_bytes(4, "little") for v in (0, 32, 1, len(glyphs), size, height, width))
    data = header + b"".join(g.ljust(size, b"\0") for g in glyphs)
    for i in range(len(glyphs)):
        data += "".join(chr(u) for u in table.get(i, [])).encode() + b"\xff"
    return data


def write(tmp_path, name, data, gz=False):
    path = tmp_path / name
    path.write_bytes(gzip.compress(data) if gz else data)
    return str(path)


def test_psf1_with_unicode_table(tmp_path):
    path = write(tmp_path, "a.psf.gz", psf1([b"", b"\x81\x42\x24\x18"], {1: [0x41, 0x391]}), gz=True)
    w, h, glyphs, codes = mkfont.read_psf(path)
    assert (w, h, len(glyphs)) == (8, 4, 256)
    assert codes == {0x41: 1, 0x391: 1}
    assert glyphs[1] == b"\x81\x42\x24\x18"


def test_psf2_wide_glyphs_and_utf8_table(tmp_path):
    glyph = b"\xff\xf0\x80\x10\xff\xf0"
    path = write(tmp_path, "b.psf", psf2([b"", glyph], {1: [0x2500, 0x41]}))
    w, h, glyphs, codes = mkfont.read_psf(path)
    assert (w, h) == (12, 3)
    assert codes == {0x2500: 1, 0x41: 1}
    assert glyphs[1] == glyph


def test_generated_table(tmp_path):
    reg = write(tmp_path, "r.psf", psf1([b"", b"\x10" * 4, b"\x20" * 4], {1: [0x42], 2: [0x41]}))
    bold = write(tmp_path, "b.psf", psf1([b"", b"\x30" * 4, b"\x60" * 4], {1: [0x42], 2: [0x41]}))
    text = mkfont.generate(reg, bold)
    assert "static const uint32_t codes[2] = {\n    0x41,0x42,\n};" in text
    assert "static const uint16_t glyph_of[2] = {\n    2,1,\n};" in text
    assert ".width = 8," in text and ".height = 4," in text and ".row_bytes = 1," in text
    # Glyph 2 of the bold face starts 8 bytes in.
    bold_bytes = re.search(r"bold\[\d+\] = \{([^}]*)\}", text).group(1)
    assert bold_bytes.replace("\n", "").replace(" ", "").split(",")[8:12] == ["0x60"] * 4


def test_errors_name_the_file_and_the_fault(tmp_path):
    bad = write(tmp_path, "bad.psf", b"not a font at all")
    with pytest.raises(mkfont.FontError, match="bad.psf: not a PSF font"):
        mkfont.read_psf(bad)
    short = write(tmp_path, "short.psf", psf1([b"\x01"], {})[:100])
    with pytest.raises(mkfont.FontError, match="short.psf: truncated"):
        mkfont.read_psf(short)
    big = write(tmp_path, "big.psf", psf1([b""], {0: [0x41]}, height=8))
    small = write(tmp_path, "small.psf", psf1([b""], {0: [0x41]}, height=4))
    with pytest.raises(mkfont.FontError, match="the regular face is 8x8"):
        mkfont.generate(big, small)
    run = subprocess.run([sys.executable, os.path.join(ROOT, "tools/mkfont.py"), "-o",
                          str(tmp_path / "out.c"), bad, bad], capture_output=True, text=True)
    assert run.returncode == 1 and "not a PSF font" in run.stderr


def test_terminus_as_the_build_uses_it():
    w, h, glyphs, codes = mkfont.read_psf(TERMINUS)
    assert (w, h) == (10, 20)
    for c in range(0x20, 0x7f):
        assert c in codes
    assert codes[0x2502] != codes[0x2500]  # box drawing, two glyphs
    text = mkfont.generate(TERMINUS, TERMINUS_BOLD)
    assert "const struct font font_console = {" in text
