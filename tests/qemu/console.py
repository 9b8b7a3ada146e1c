"""Drives the tabbed console (the Monitor without --plain) the way a user's
terminal would: QEMU's serial output is fed to pyte, a terminal emulator,
which also answers the Monitor's size query; tests look at the screen pyte
holds. Waits are for conditions on the screen, with generous timeouts, so a
loaded machine makes the tests slower, not flaky."""
import os
import re
import time

import pexpect
import pyte

from conftest import BOARD, BOOT_TIMEOUT, ROOT

WAIT = 60  # seconds for any one thing to show up

# The theme's colours as pyte reports 24-bit ones.
CYAN = "19f0ff"
PINK = "ff2e97"
AMBER = "ffb000"
RED = "ff3b5c"

CTRL_A = b"\x01"
ATTENTION = b"\x1c"  # Ctrl-\


class AnsweringScreen(pyte.Screen):
    """A pyte screen that sends its answers (the cursor position report)
    back to the machine, as a real terminal does."""

    def __init__(self, console, cols, rows):
        super().__init__(cols, rows)
        self.console = console

    def write_process_input(self, data):
        self.console.child.send(data.encode())


class Console:
    def __init__(self, cols=100, rows=30, args=()):
        self.child = pexpect.spawn(os.path.join(ROOT, "qemu.sh"),
                                   ["--nographic", "--board", BOARD, *args],
                                   cwd=ROOT, timeout=WAIT, echo=False)
        self.screen = AnsweringScreen(self, cols, rows)
        self.stream = pyte.ByteStream(self.screen)
        self.received = 0
        # The first frame is a whole screen: wait for its last row too.
        self.wait(lambda: "tabula>" in self.body() and "shell" in self.tab_bar() and
                  "hart" in self.status_line(),
                  "the prompt in the shell tab", timeout=BOOT_TIMEOUT)

    # ---- reading the screen ------------------------------------------
    def pump(self, seconds=0.1):
        """Feeds pyte whatever the machine sends for the next `seconds`.
        Returns the bytes received."""
        got = 0
        end = time.time() + seconds
        while True:
            left = end - time.time()
            if left <= 0:
                break
            try:
                data = self.child.read_nonblocking(65536, timeout=min(left, 0.05))
            except pexpect.TIMEOUT:
                continue
            except pexpect.EOF:
                break
            got += len(data)
            self.stream.feed(data)
        self.received += got
        return got

    def lines(self):
        return self.screen.display

    def text(self):
        return "\n".join(self.lines())

    def tab_bar(self):
        return self.lines()[0]

    def status_line(self):
        return self.lines()[-1]

    def body(self):
        return "\n".join(self.lines()[1:-1])

    def focused_tab(self):
        """The text of the tab bar's lit (cyan) cells: the focused tab."""
        row = self.screen.buffer[0]
        return "".join(row[x].data for x in range(self.screen.columns)
                       if row[x].bg == CYAN).strip()

    def dump(self):
        return "\n".join(f"|{line}|" for line in self.lines())

    def wait(self, condition, what, timeout=WAIT):
        end = time.time() + timeout
        while True:
            self.pump(0.1)
            if condition():
                return
            if time.time() > end:
                raise AssertionError(f"timed out waiting for {what}; the screen:\n{self.dump()}")

    def wait_text(self, pattern, where=None, timeout=WAIT):
        where = where or self.text
        self.wait(lambda: re.search(pattern, where()), repr(pattern), timeout)
        return re.search(pattern, where())

    def wait_last_line(self, text):
        """Waits until the body's last line that is not blank reads text
        (the line being typed, a recalled one)."""
        def last():
            filled = [line.rstrip() for line in self.lines()[1:-1] if line.strip()]
            return filled[-1] if filled else ""
        self.wait(lambda: last() == text, f"the last line to read {text!r}")

    # ---- typing --------------------------------------------------------
    def send(self, data):
        self.child.send(data if isinstance(data, bytes) else data.encode())

    def command(self, line):
        """Types a command line in the shell tab and Enter."""
        self.send(line)
        self.send("\r")

    def prefix(self, key):
        """Ctrl-A, then key."""
        self.send(CTRL_A)
        self.send(key)

    def close(self):
        if self.child.isalive():
            self.child.terminate(force=True)
