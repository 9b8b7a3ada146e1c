"""The framebuffer as a test sees it: a QMP client (screendump and input
events), PPM screenshots as pixel arrays, the console font read from its
PSF file to read text back off the screen, and a PNG writer for looking at
a screenshot. Standard library only."""
import gzip
import json
import os
import socket
import struct
import time
import sys
import zlib

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tools"))
import mkfont  # noqa: E402

FONT = "/usr/share/consolefonts/Uni2-Terminus20x10.psf.gz"
FONT_BOLD = "/usr/share/consolefonts/Uni2-TerminusBold20x10.psf.gz"

# The theme's colours (monitor/theme.c), as pixels.
PANEL = (0x1B, 0x15, 0x30)
BG = (0x0D, 0x0A, 0x16)
PINK = (0xFF, 0x2E, 0x97)
CYAN = (0x19, 0xF0, 0xFF)
VIOLET = (0xA6, 0x6B, 0xFF)


class QMP:
    """A QMP session on QEMU's unix socket (qemu.sh --qmp PATH)."""

    def __init__(self, path, timeout=30):
        deadline = time.time() + timeout
        while True:
            try:
                self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                self.sock.connect(path)
                break
            except OSError:
                self.sock.close()
                if time.time() > deadline:
                    raise
                time.sleep(0.1)
        self.sock.settimeout(timeout)
        self.buf = b""
        self._read()  # the greeting
        self.command("qmp_capabilities")

    def _read(self):
        while b"\n" not in self.buf:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise EOFError("QMP socket closed")
            self.buf += chunk
        line, self.buf = self.buf.split(b"\n", 1)
        return json.loads(line)

    def command(self, name, **args):
        self.sock.sendall(json.dumps({"execute": name, "arguments": args}).encode() + b"\n")
        while True:
            reply = self._read()
            if "return" in reply:
                return reply["return"]
            if "error" in reply:
                raise RuntimeError(f"QMP {name}: {reply['error']}")

    def screendump(self, path):
        self.command("screendump", filename=path)
        return read_ppm(path)

    def keys(self, *qcodes, down=None):
        """Presses and releases keys (QEMU qcodes, e.g. "a", "ret",
        "shift"); all of them together, like a chord."""
        ev = [{"type": "key", "data": {"down": True, "key": {"type": "qcode", "data": k}}}
              for k in qcodes]
        ev += [{"type": "key", "data": {"down": False, "key": {"type": "qcode", "data": k}}}
               for k in reversed(qcodes)]
        self.command("input-send-event", events=ev)

    def hold(self, qcode, seconds):
        """Holds a key down for a while, as a player does to turn."""
        for down in (True, False):
            self.command("input-send-event", events=[
                {"type": "key", "data": {"down": down, "key": {"type": "qcode", "data": qcode}}}])
            if down:
                time.sleep(seconds)

    def type(self, text):
        names = {" ": "spc", "\n": "ret", "-": "minus", ".": "dot", "/": "slash",
                 "=": "equal", ",": "comma", ";": "semicolon"}
        # At a fast typist's pace, not QMP's: QEMU's USB keyboard queues only
        # 16 key events for the guest's next poll and drops the rest, so a
        # line sent at once loses keys whenever the guest polls late (a busy
        # host), which no real keyboard can make happen.
        for ch in text:
            self.keys(names.get(ch, ch))
            time.sleep(0.03)

    def click(self, x, y, width, height, button="left"):
        """A click at pixel (x, y) of a width x height screen, through the
        tablet (absolute axes from 0 to 0x7fff)."""
        ax = x * 0x7FFF // (width - 1)
        ay = y * 0x7FFF // (height - 1)
        self.command("input-send-event", events=[
            {"type": "abs", "data": {"axis": "x", "value": ax}},
            {"type": "abs", "data": {"axis": "y", "value": ay}}])
        for down in (True, False):
            self.command("input-send-event", events=[
                {"type": "btn", "data": {"down": down, "button": button}}])

    def wheel(self, up=True):
        button = "wheel-up" if up else "wheel-down"
        for down in (True, False):
            self.command("input-send-event", events=[
                {"type": "btn", "data": {"down": down, "button": button}}])

    def close(self):
        self.sock.close()


class Image:
    def __init__(self, width, height, rgb):
        self.width, self.height, self.rgb = width, height, rgb

    def pixel(self, x, y):
        i = 3 * (y * self.width + x)
        return tuple(self.rgb[i:i + 3])

    def region(self, x, y, w, h):
        return b"".join(self.rgb[3 * ((y + r) * self.width + x):3 * ((y + r) * self.width + x + w)]
                        for r in range(h))

    def save_png(self, path):
        raw = b"".join(b"\0" + self.rgb[3 * y * self.width:3 * (y + 1) * self.width]
                       for y in range(self.height))

        def chunk(kind, data):
            return (struct.pack(">I", len(data)) + kind + data +
                    struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
        with open(path, "wb") as f:
            f.write(b"\x89PNG\r\n\x1a\n")
            f.write(chunk(b"IHDR", struct.pack(">IIBBBBB", self.width, self.height, 8, 2, 0, 0, 0)))
            f.write(chunk(b"IDAT", zlib.compress(raw, 6)))
            f.write(chunk(b"IEND", b""))


def read_ppm(path):
    """A binary PPM (P6, maxval 255), as QEMU's screendump writes it."""
    with open(path, "rb") as f:
        data = f.read()
    fields, pos = [], 0
    while len(fields) < 4:
        while data[pos:pos + 1].isspace():
            pos += 1
        if data[pos:pos + 1] == b"#":
            pos = data.index(b"\n", pos)
            continue
        end = pos
        while not data[end:end + 1].isspace():
            end += 1
        fields.append(data[pos:end])
        pos = end
    magic, w, h, maxval = fields[0], int(fields[1]), int(fields[2]), int(fields[3])
    assert magic == b"P6" and maxval == 255, f"{path}: not an 8-bit P6 PPM"
    pos += 1
    return Image(w, h, data[pos:pos + 3 * w * h])


class Font:
    """The console font, read from the PSF file the build converts, by the
    build's own reader (tools/mkfont.py)."""

    def __init__(self, path=FONT):
        self.width, self.height, self.glyphs, self.codes = mkfont.read_psf(path)
        self.row_bytes = (self.width + 7) // 8

    def mask(self, ch):
        """The glyph's ink as rows of booleans."""
        g = self.glyphs[self.codes[ord(ch)]]
        rows = []
        for r in range(self.height):
            bits = int.from_bytes(g[r * self.row_bytes:(r + 1) * self.row_bytes], "big")
            rows.append([bool(bits >> (8 * self.row_bytes - 1 - x) & 1) for x in range(self.width)])
        return rows


def cell_ink(img, x, y, w, h):
    """Which pixels of a cell are ink. A cell whose every row is one colour
    is blank. Otherwise ink is what is brighter than the middle of the
    cell's range, taken apart for even and odd pixel rows, since scanlines
    darken the odd ones."""
    lum = [[sum(c * k for c, k in zip(img.pixel(x + i, y + r), (3, 6, 1))) for i in range(w)]
           for r in range(h)]
    if all(min(row) == max(row) for row in lum):
        return [[False] * w for _ in range(h)]
    mids = []
    for parity in (0, 1):
        flat = [v for r, row in enumerate(lum) if (y + r) % 2 == parity for v in row]
        mids.append((min(flat) + max(flat)) / 2 if max(flat) - min(flat) >= 150 else None)
    if mids == [None, None]:  # faint: no ink to speak of
        return [[False] * w for _ in range(h)]
    mids = [m if m is not None else (mids[0] if mids[0] is not None else mids[1]) for m in mids]
    return [[v > mids[(y + r) % 2] for v in row] for r, row in enumerate(lum)]


def read_text(img, font, fonts, x0, y, cols):
    """Reads cols cells of text at pixel row y from x0: each cell becomes
    the character whose glyph (in any of fonts) matches its ink exactly,
    light on dark or dark on light, or '?'. Blank cells read as spaces."""
    out = []
    for c in range(cols):
        ink = cell_ink(img, x0 + c * font.width, y, font.width, font.height)
        if not any(any(r) for r in ink):
            out.append(" ")
            continue
        dark = [[not v for v in row] for row in ink]  # dark text on a bright tab
        for ch in fonts:
            if ink == ch[1] or dark == ch[1]:
                out.append(ch[0])
                break
        else:
            out.append("?")
    return "".join(out)


def glyph_table(*fonts, chars=None):
    """(character, mask) for printable ASCII in each face, for read_text."""
    chars = chars or [chr(c) for c in range(0x21, 0x7F)]
    return [(ch, f.mask(ch)) for f in fonts for ch in chars]


def layout(width, height, font):
    """Where fbcon.c puts things: (x0, bar, cols, body_rows)."""
    cols = width // font.width
    bar = font.height + 4
    body = (height - 2 * bar) // font.height
    return (width - cols * font.width) // 2, bar, cols, body


def qmp_path(tmp_path):
    # Unix socket paths are short (108 bytes): pytest's tmp_path can be longer.
    return os.path.join("/tmp", f"tabula-qmp-{os.getpid()}-{abs(hash(str(tmp_path))) % 10**8}.sock")
