"""Boots the real kernel in QEMU and talks to the Monitor as a user would,
through the serial console in plain mode (prompt exactly "tabula> ")."""
import os
import re
import subprocess

import pexpect
import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BUILD = os.environ.get("BUILD", "build")
PROMPT = "tabula> "
BOOT_TIMEOUT = 60
COMMAND_TIMEOUT = 30


class Tabula:
    """One QEMU machine running tabula with the Monitor in plain mode."""

    def __init__(self, *args, kernel=None, expect_prompt=True):
        argv = ["--plain", "--nographic", *args]
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
    subprocess.run(["make", "-s", "all", f"{BUILD}/tabula-test.elf", f"BUILD={BUILD}"],
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


def parse_slot_map(mem_output):
    """Returns the owners listed in `mem`'s slot legend."""
    return re.findall(r"^\s*0x[0-9a-f]+\s+\S+\s+(\S+)", mem_output, re.M)
