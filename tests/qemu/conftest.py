"""Boots the real kernel in QEMU and talks to the Monitor as a user would,
through the serial console in plain mode (prompt exactly "tabula> ").

The same suite runs on every board: TABULA_BOARD (virt or pi3, as make's
BOARD) picks the machine, BUILD its build directory. `make test` runs it
once per board."""
import os
import re
import subprocess

import pexpect
import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BOARD = os.environ.get("TABULA_BOARD", "virt")
BUILD = os.environ.get("BUILD", "build" if BOARD == "virt" else f"build/{BOARD}")
# What differs between the boards, as a user sees it.
BOARDS = {
    "virt": {"model": "riscv-virtio,qemu", "isa": "RISC-V",
             "test_kernel": ["tabula-test.elf"], "fault_address_register": "stval",
             "unmapped_load": "load page fault"},
    "pi3": {"model": "Raspberry Pi 3", "isa": "AArch64",
            "test_kernel": ["tabula-test.elf", "tabula-test.img"],
            "fault_address_register": "far", "unmapped_load": "load access fault"},
}
BOARD_INFO = BOARDS[BOARD]
PROMPT = "tabula> "
# A disk changes what a machine logs and can do: a test gets one only when
# it asks (Tabula(disk=...)), even when build/disk.img exists. The
# environment covers the tests that start qemu.sh themselves.
os.environ["TABULA_DISK"] = "none"
BOOT_TIMEOUT = 60
COMMAND_TIMEOUT = 30


class Tabula:
    """One QEMU machine running tabula with the Monitor in plain mode."""

    def __init__(self, *args, kernel=None, expect_prompt=True, disk=None):
        argv = ["--plain", "--nographic", "--board", BOARD, *args]
        argv += ["--disk", disk] if disk else ["--no-disk"]
        if kernel:
            argv += ["--kernel", kernel]
        self.child = pexpect.spawn(os.path.join(ROOT, "qemu.sh"), argv, cwd=ROOT,
                                   encoding="utf-8", codec_errors="replace",
                                   timeout=COMMAND_TIMEOUT, echo=False)
        self.boot_log = ""
        if expect_prompt:
            self.child.expect_exact(PROMPT, timeout=BOOT_TIMEOUT)
            self.boot_log = self.child.before

    def run(self, line, timeout=COMMAND_TIMEOUT):
        """Types a command and returns everything printed up to the next
        prompt, with the echoed command removed and CRLF made LF."""
        self.child.sendline(line)
        self.child.expect_exact(PROMPT, timeout=timeout)
        out = self.child.before.replace("\r\n", "\n").replace("\r", "")
        if out.startswith(line):
            out = out[len(line):]
        return out.strip("\n")

    def expect(self, pattern, timeout=COMMAND_TIMEOUT):
        self.child.expect(pattern, timeout=timeout)
        return self.child.match

    def started(self, line):
        """Runs `run --bg ...` (line) and returns the id of the task it started."""
        started = r"\[\S+ started as task (\d+)\]"
        out = self.run(line)
        m = re.search(started, out)
        if not m:
            # The prompt matched was one the Monitor drew again after a
            # background task's last line, before this command's output.
            self.child.expect(started)
            m = self.child.match
            self.child.expect_exact(PROMPT)
        return m.group(1)

    def expect_all(self, *patterns, timeout=60):
        """Waits for every pattern, in any order (background tasks print
        when they run, on whichever hart), then for the prompt the Monitor
        draws again after their lines."""
        left = list(patterns)
        while left:
            left.pop(self.child.expect(left, timeout=timeout))
        self.child.expect_exact(PROMPT)

    def halt(self):
        """Sends halt; returns QEMU's exit status."""
        self.child.sendline("halt")
        self.child.expect(pexpect.EOF, timeout=COMMAND_TIMEOUT)
        self.child.close()
        return self.child.exitstatus

    def close(self):
        if self.child.isalive():
            self.child.terminate(force=True)


@pytest.fixture(scope="session", autouse=True)
def built():
    """Builds everything once, including the kernel with the corrupt-app
    archive the loader tests boot."""
    kernels = [f"{BUILD}/{k}" for k in BOARD_INFO["test_kernel"]]
    subprocess.run(["make", "-s", "all", *kernels, f"BOARD={BOARD}", f"BUILD={BUILD}"],
                   cwd=ROOT, check=True)


@pytest.fixture
def tabula():
    machine = Tabula()
    yield machine
    machine.close()


@pytest.fixture(scope="module")
def shared_tabula():
    """One machine for a module's tests that can share it."""
    machine = Tabula()
    yield machine
    machine.close()


def qemu_sh(*args, **kwargs):
    """Runs qemu.sh for this suite's board (for flag checks that never boot)."""
    return subprocess.run([os.path.join(ROOT, "qemu.sh"), "--board", BOARD, *args],
                          cwd=ROOT, capture_output=True, text=True, timeout=60, **kwargs)


def only_on(*boards, why):
    """Marks a test that only makes sense on some boards (e.g. --smp);
    why says what the others lack, for the skip reason."""
    return pytest.mark.skipif(BOARD not in boards,
                              reason=f"only on {', '.join(boards)}: {why}")


def parse_slot_map(mem_output):
    """Returns the owners listed in `mem`'s slot legend."""
    return re.findall(r"^\s*0x[0-9a-f]+\s+\S+\s+(\S+)", mem_output, re.M)
