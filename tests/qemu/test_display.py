"""The framebuffer console, checked on screenshots: QEMU runs with the
virtio display, keyboard and tablet but no window (qemu.sh --headless), and
the test takes pictures with QMP's screendump and types and clicks with
input-send-event. Text is read back off the picture by matching each cell
against the console font's glyphs, read from the same PSF file the build
converts. Both boards: virt's virtio-gpu and the Pi's VideoCore
framebuffer sit behind the same display interface."""
import os
import re
import threading
import time

import pexpect
import pytest

from conftest import BOARD, BOOT_TIMEOUT, ROOT
import display

# What each board's display and input devices say at boot.
DEVICES = {
    "virt": {"display": "display: virtio-gpu {w}x{h}",
             "keyboard": "input: keyboard 'QEMU Virtio Keyboard'",
             "no_display": "display: no virtio-gpu device; the console is serial only",
             "no_input": "input: no virtio keyboard or tablet"},
    "pi3": {"display": "display: VideoCore framebuffer {w}x{h}",
            "keyboard": "input: USB keyboard 'QEMU USB Keyboard'",
            "no_display": "display: off (nodisplay); the console is serial only",
            "no_input": "usb: nothing is connected; input from the serial console only"},
}[BOARD]

FONT = display.Font()
BOLD = display.Font(display.FONT_BOLD)
GLYPHS = display.glyph_table(FONT, BOLD)
WIDTH, HEIGHT = 1024, 768


class Screen:
    """A headless machine in the tabbed console, and its screenshots."""

    def __init__(self, tmp_path, *args, size=(WIDTH, HEIGHT)):
        self.sock = display.qmp_path(tmp_path)
        if os.path.exists(self.sock):
            os.unlink(self.sock)
        self.dump = str(tmp_path / "screen.ppm")
        self.width, self.height = size
        self.child = pexpect.spawn(os.path.join(ROOT, "qemu.sh"),
                                   ["--board", BOARD, "--headless", "--qmp", self.sock,
                                    "--resolution", f"{size[0]}x{size[1]}", *args],
                                   cwd=ROOT, encoding="utf-8", codec_errors="replace",
                                   timeout=BOOT_TIMEOUT)
        self.qmp = display.QMP(self.sock, timeout=BOOT_TIMEOUT)
        self.x0, self.bar, self.cols, self.body = display.layout(*size, FONT)
        self.drainer = None

    def drain(self):
        """Reads and drops the serial console's output from now on. A
        game's picture goes there too (the terminal raster); left unread,
        it fills the pty, QEMU stops taking bytes and the kernel waits on
        the UART for good."""
        def run():
            try:
                while True:
                    self.child.read_nonblocking(65536, timeout=None)
            except (pexpect.EOF, OSError, ValueError):
                pass
        self.drainer = threading.Thread(target=run, daemon=True)
        self.drainer.start()

    def command(self, line):
        """Types a command and Enter: on the display's keyboard where the
        board has one, else on the serial console (the same console)."""
        if DEVICES["keyboard"]:
            self.qmp.type(line)
            self.qmp.keys("ret")
        else:
            self.child.send(line + "\r")

    def shot(self):
        return self.qmp.screendump(self.dump)

    def row_y(self, row):
        """The pixel row where body row `row` (0 = the first under the tab
        bar) starts; -1 is the status line."""
        if row == -1:
            return self.height - FONT.height - 1
        return self.bar + row * FONT.height

    def text(self, img, row):
        return display.read_text(img, FONT, GLYPHS, self.x0, self.row_y(row), self.cols).rstrip()

    def tab_bar_text(self, img):
        return display.read_text(img, FONT, GLYPHS, self.x0, 1, self.cols).rstrip()

    def body_text(self, img):
        return [self.text(img, r) for r in range(self.body)]

    def wait_for(self, predicate, timeout=40, what="the screen"):
        """Takes screenshots until predicate(img) holds; returns that one."""
        deadline = time.time() + timeout
        while True:
            img = self.shot()
            # Before the driver sets its mode, QEMU shows a placeholder of
            # another size.
            if (img.width, img.height) == (self.width, self.height) and predicate(img):
                return img
            if time.time() > deadline and (img.width, img.height) != (self.width, self.height):
                raise AssertionError(f"the screen is {img.width}x{img.height}, not "
                                     f"{self.width}x{self.height}")
            if time.time() > deadline:
                img.save_png(self.dump.replace(".ppm", ".png"))
                raise AssertionError(f"timed out waiting for {what}; last screen:\n" +
                                     "\n".join([self.tab_bar_text(img)] + self.body_text(img) +
                                               [self.text(img, -1)]))
            time.sleep(0.3)

    def wait_text(self, needle, timeout=40):
        return self.wait_for(lambda img: any(needle in line for line in self.body_text(img)),
                             timeout, repr(needle))

    def close(self):
        try:
            self.qmp.command("quit")
        except Exception:
            pass
        self.qmp.close()
        if self.drainer:
            self.drainer.join(timeout=30)
        else:
            self.child.expect(pexpect.EOF, timeout=30)
        self.child.close()


@pytest.fixture
def screen(tmp_path):
    s = Screen(tmp_path)
    yield s
    s.close()


def prompt_shown(s):
    return lambda img: any(line.startswith("tabula>") for line in s.body_text(img))


def test_tab_bar_in_the_theme_colours(screen):
    img = screen.wait_for(prompt_shown(screen), what="the prompt")
    assert (img.width, img.height) == (WIDTH, HEIGHT)
    bar = screen.tab_bar_text(img)
    # The brand, then the tabs, in the layout's first row of cells.
    assert "TABULA" in bar and "1 status" in bar and "2 log" in bar and "3 shell" in bar
    # The brand sits on hot pink, the focused shell tab on cyan, the rest of
    # the bar on the panel colour; a pink rule runs under it. (Even pixel
    # rows: the odd ones are darkened by the scanlines.)
    brand_x = screen.x0 + bar.index("TABULA") * FONT.width
    assert display.PINK in [img.pixel(brand_x + i, 2) for i in range(FONT.width)]
    shell_x = screen.x0 + bar.index("3 shell") * FONT.width
    assert img.pixel(shell_x + 2, FONT.height - 2) == display.CYAN
    assert img.pixel(WIDTH - 3, 2) == display.PANEL
    assert img.pixel(5, screen.bar - 3) == display.PINK
    # The status line at the bottom, also on the panel.
    status = screen.text(img, -1)
    assert re.search(r"\d+ harts?\b", status) and "task" in status, status
    assert img.pixel(WIDTH - 3, HEIGHT - 2) == display.PANEL


def test_prompt_drawn_in_the_console_font(screen):
    img = screen.wait_for(prompt_shown(screen), what="the prompt")
    row = next(r for r in range(screen.body) if screen.text(img, r).startswith("tabula>"))
    y = screen.row_y(row)
    # Cell by cell, exactly the font's bitmap: the bold face for "tabula".
    for i, ch in enumerate("tabula"):
        ink = display.cell_ink(img, screen.x0 + i * FONT.width, y, FONT.width, FONT.height)
        assert ink == BOLD.mask(ch), f"cell {i} ({ch!r}) is not the bold glyph"
    ink = display.cell_ink(img, screen.x0 + 6 * FONT.width, y, FONT.width, FONT.height)
    assert ink == FONT.mask(">") or ink == BOLD.mask(">")
    # The prompt's colours: pink ink, cyan '>'.
    cell = [img.pixel(screen.x0 + x, y + r) for x in range(FONT.width) for r in range(FONT.height)]
    assert display.PINK in cell


def test_typing_reaches_the_screen_and_the_serial_console(screen):
    """Keys from the display's keyboard (virtio on virt, USB on the Pi)
    run a command whose output shows on the framebuffer and on the
    serial line's copy of the console."""
    screen.wait_for(prompt_shown(screen), what="the prompt")
    screen.qmp.type("run hello from the keyboard")
    screen.qmp.keys("ret")
    # A shot can catch the Monitor halfway through repainting a line, so
    # wait for one that shows the whole output.
    want = {"hello, world", "argv[1] = from", "argv[3] = keyboard"}
    img = screen.wait_for(lambda img: want <= set(screen.body_text(img)), what=repr(want))
    assert "4 hello" in screen.tab_bar_text(img)
    screen.child.expect(r"argv\[3\] = keyboard")
    # Ctrl-A 3 through the keyboard: back to the shell.
    screen.qmp.keys("ctrl", "a")
    screen.qmp.keys("3")
    screen.wait_text("tabula> run hello from the keyboard")
    # Shifted keys and symbols come through the keymap.
    screen.qmp.keys("shift", "a")
    screen.qmp.type("pps")
    screen.qmp.keys("ret")
    screen.wait_text("unknown command 'Apps'", timeout=20)


def test_clicking_a_tab(screen):
    """The tablet (virtio on virt, USB on the Pi) moves the pointer and
    clicks: a click on a tab focuses it."""
    img = screen.wait_for(prompt_shown(screen), what="the prompt")
    bar = screen.tab_bar_text(img)
    # A click on the status tab focuses it: its dashboard appears.
    x = screen.x0 + (bar.index("1 status") + 3) * FONT.width
    screen.qmp.click(x, FONT.height // 2, WIDTH, HEIGHT)
    screen.wait_text("TASKS")


def test_canvas_changes_its_region(screen):
    screen.wait_for(prompt_shown(screen), what="the prompt")
    screen.command("run donut --canvas")

    def donut_drawn(img):
        # The canvas's pixels fill the middle of the body, in warm colours.
        return "4 donut" in screen.tab_bar_text(img) and \
            img.pixel(WIDTH // 2 - 150, HEIGHT // 2) != display.BG
    first = screen.wait_for(donut_drawn, what="the donut")
    middle = (screen.x0, screen.bar, screen.cols * FONT.width, screen.body * FONT.height)
    second = screen.wait_for(lambda img: img.region(*middle) != first.region(*middle),
                             timeout=20, what="the donut to turn")
    # The chrome stays where it was: only the canvas's region changed.
    assert screen.tab_bar_text(second) == screen.tab_bar_text(first)


def test_display_command_reports_the_mode(screen):
    screen.wait_for(prompt_shown(screen), what="the prompt")
    screen.command("display")
    img = screen.wait_text("display 1024x768")
    assert any("102 x 38 cells of 10x20" in line for line in screen.body_text(img))


def test_another_resolution_lays_out_to_fit(tmp_path):
    s = Screen(tmp_path, size=(800, 600))
    try:
        img = s.wait_for(prompt_shown(s), what="the prompt")
        assert (img.width, img.height) == (800, 600)
        assert "3 shell" in s.tab_bar_text(img)
        assert "task" in s.text(img, -1)
    finally:
        s.close()


def test_without_a_gpu_serial_only(tabula):
    """The plain suite's machine has no display devices: the kernel says
    so, and the prompt comes all the same."""
    assert DEVICES["no_display"] in tabula.boot_log
    if DEVICES["no_input"]:
        assert DEVICES["no_input"] in tabula.boot_log
    out = tabula.run("display")
    assert "display: no framebuffer console (plain mode)" in out


def test_plain_mode_with_a_display_keeps_the_serial_contract(tmp_path):
    """--plain with the display devices: the serial console is as always."""
    sock = display.qmp_path(tmp_path)
    child = pexpect.spawn(os.path.join(ROOT, "qemu.sh"),
                          ["--board", BOARD, "--headless", "--plain", "--qmp", sock], cwd=ROOT,
                          encoding="utf-8", codec_errors="replace", timeout=BOOT_TIMEOUT)
    try:
        child.expect_exact("tabula> ")
        assert DEVICES["display"].format(w=1024, h=768) in child.before
        if DEVICES["keyboard"]:
            assert DEVICES["keyboard"] in child.before
        child.sendline("halt")
        child.expect(pexpect.EOF, timeout=30)
    finally:
        child.close()


def test_plain_mode_with_a_display_runs_apps(tmp_path):
    """--plain with the display devices runs an app like without them (it
    used to spin in poll on the display's unread news and never let the app
    run), and shows the same lines on the framebuffer."""
    s = Screen(tmp_path, "--plain", "--exec", "run hello")
    try:
        s.child.expect_exact("tabula> run hello")
        s.child.expect_exact("hello, world", timeout=30)
        s.child.expect_exact("[hello exited with status 0]", timeout=30)
        s.child.expect_exact("tabula> ")
        img = s.wait_text("[hello exited with status 0]")
        body = s.body_text(img)
        assert "tabula> run hello" in body
        assert "hello, world" in body
        # Typed on the serial console, shown on both.
        s.child.sendline("uptime")
        s.child.expect(r"up \d")
        s.wait_text("tabula> uptime")
        # Typed on the display's keyboard, the same.
        s.qmp.type("run hello from the keyboard")
        s.qmp.keys("ret")
        s.child.expect_exact("hello, world")
        s.wait_text("tabula> run hello from the keyboard")
    finally:
        s.close()


def test_keyboard_gives_the_focused_app_presses_and_releases(tmp_path):
    """The display's keyboard (virtio-input, the Pi's USB keyboard) gives
    the app with the focus each press and release with the modifiers held;
    the attention key still reaches the Monitor."""
    s = Screen(tmp_path, "--plain", "--exec", "run keys")
    try:
        s.child.expect_exact("keys: ready", timeout=30)
        s.qmp.keys("shift", "a")
        s.qmp.keys("up")
        s.child.expect_exact("key 103 up")
        seen = s.child.before + s.child.after
        s.qmp.keys("ctrl", "backslash")
        s.child.expect_exact("[keys killed from the keyboard]", timeout=30)
        events = re.findall(r"key \d+ \w+(?: shift| ctrl| alt)*", seen + s.child.before)
        # Ctrl's press, then the attention key ends it before more is read.
        assert events[:6] == ["key 42 down shift", "key 30 down shift", "key 30 up shift",
                              "key 42 up", "key 103 down", "key 103 up"]
    finally:
        s.close()
