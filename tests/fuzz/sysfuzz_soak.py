#!/usr/bin/python3
"""make fuzz-sys: apps/sysfuzz on the real kernel, one seed after another,
for a while, on each board given; with a disk, so the file calls go deep.

    sysfuzz_soak.py --seconds S --boards "virt pi3" --calls N --seed FIRST --log FILE

Each board gets its share of the time. A run that prints a violation, a
machine that stops answering (a hang) or powers off (a panic), and a task,
slot or kernel heap block still there after a run (`ps`, `mem`, checked
after every run) are failures, printed with their seed and the machine's
last output, which goes to the log too; the machine is booted afresh
after a hang or a panic. Exits 1 when anything failed."""
import argparse
import os
import re
import subprocess
import sys
import tempfile
import time

import pexpect

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PROMPT = "tabula> "


def make_disk(path):
    subprocess.run(["mkfs.fat", "-F", "32", "-C", path, str(64 * 1024)], check=True,
                   capture_output=True)


class Machine:
    def __init__(self, board, disk, log):
        self.log = log
        self.child = pexpect.spawn(os.path.join(ROOT, "qemu.sh"),
                                   ["--plain", "--nographic", "--board", board, "--disk", disk],
                                   cwd=ROOT, encoding="utf-8", codec_errors="replace",
                                   timeout=60, echo=False)
        self.child.logfile_read = log
        self.child.expect_exact(PROMPT, timeout=120)

    def run(self, line, timeout=60):
        self.child.sendline(line)
        self.child.expect_exact(PROMPT, timeout=timeout)
        return self.child.before.replace("\r\n", "\n")

    def close(self):
        if self.child.isalive():
            self.child.terminate(force=True)


def state(m):
    """What must be the same after every run: the tasks, and the heap and
    arena totals."""
    tasks = re.findall(r"^\s*(\d+)\s+(\S+)", m.run("ps"), re.M)
    mem = [l for l in m.run("mem").splitlines() if l.startswith(("heap", "arena"))]
    return tasks, mem


def soak(board, seconds, calls, seed, log, report):
    disk = os.path.join(tempfile.mkdtemp(prefix="fuzz-sys-"), "disk.img")
    make_disk(disk)
    seeds = total = 0
    failures = []
    end = time.monotonic() + seconds
    m = None
    while time.monotonic() < end:
        if m is None:
            m = Machine(board, disk, log)
            before = state(m)
        try:
            out = m.run(f"run sysfuzz {seed} {calls}", timeout=300)
            got = re.search(r"sysfuzz: seed \d+: (\d+) calls, (\d+) violations", out)
            seeds += 1
            total += int(got.group(1)) if got else 0
            bad = [l for l in out.splitlines() if "expected" in l or "crashed" in l]
            if not got or int(got.group(2)) or bad:
                failures.append((seed, "violations", "\n".join(bad[:20]) or out[-2000:]))
            after = state(m)
            if after != before:
                failures.append((seed, "left behind", f"before {before}\nafter {after}"))
                before = after
        except pexpect.TIMEOUT:
            failures.append((seed, "hang", m.child.before[-3000:]))
            m.close()
            m = None
        except pexpect.EOF:
            failures.append((seed, "machine stopped (panic?)", m.child.before[-5000:]))
            m.close()
            m = None
        if failures and failures[-1][0] == seed:
            what = failures[-1]
            report(f"fuzz-sys: {board}: seed {seed} FAILED ({what[1]}); reproduce with "
                   f"./qemu.sh --board {board} --plain --exec 'run sysfuzz -v {seed} {calls}'\n"
                   f"{what[2]}")
        seed += 1
    if m:
        m.close()
    return seeds, total, failures


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=int, default=120)
    ap.add_argument("--boards", default="virt pi3")
    ap.add_argument("--calls", type=int, default=5000)
    ap.add_argument("--seed", type=int, default=int(time.time()) % 1000000 * 1000)
    ap.add_argument("--log", default=os.path.join(ROOT, "build/fuzz/sys/log"))
    a = ap.parse_args()
    os.makedirs(os.path.dirname(a.log), exist_ok=True)
    boards = a.boards.split()
    failed = 0
    with open(a.log, "w") as log:
        def report(text):
            print(text, flush=True)
            log.write("\n" + text + "\n")
        for i, board in enumerate(boards):
            seed = a.seed + i * 1000000
            seeds, calls, failures = soak(board, a.seconds // len(boards), a.calls, seed, log,
                                          report)
            failed += len(failures)
            report(f"fuzz-sys: {board}: {seeds} seeds from {seed}, {calls} calls, "
                   f"{len(failures)} failures")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
