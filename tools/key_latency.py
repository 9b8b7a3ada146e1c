#!/usr/bin/python3
"""key_latency.py: key-to-screen latency in guest time, read from the
kernel's event trace.

    /usr/bin/python3 tools/key_latency.py [--board virt|pi3] [--keys N]

Boots the tabbed console headless under --icount (guest time counts
instructions, so the figures do not depend on the host's load), then N
times: presses and releases a key through QMP, waits, and copies the
trace rings out of guest memory (QMP pmemsave). The latency of one key is
from the interrupt that delivered it (virtio-input's on virt, the USB
polling tick that found it on the Pi) to the Monitor's next display_flush,
by which time the cell is drawn. The Pi's keyboard is also polled, which
adds up to one polling interval before that interrupt (not counted here).
Layouts and addresses come from the kernel's debug info (gdb-multiarch).
"""
import argparse
import os
import re
import struct
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tests", "qemu"))
import display  # noqa: E402

TRACE_IRQ, TRACE_SWITCH, TRACE_SYSCALL = 5, 1, 6


def kernel_facts(elf):
    """Addresses and sizes the tool needs, from the kernel's DWARF."""
    out = subprocess.run(
        ["gdb-multiarch", "-q", "-nx", "-batch", elf,
         "-ex", "print/x &rings", "-ex", "print sizeof(rings)", "-ex", "print sizeof(rings[0])",
         "-ex", "print/x &counter_hz",
         "-ex", "print (long)&((struct tabula_sys *)0)->display_flush / sizeof(void *)"],
        capture_output=True, text=True, check=True).stdout
    vals = re.findall(r"^\$\d+ = (?:\([^)]*\) )?(0x[0-9a-f]+|\d+)", out, re.M)
    rings, size, ring_size, hz, flush = (int(v, 0) for v in vals)
    return rings, size, ring_size, hz, flush


def read_mem(qmp, addr, size):
    with tempfile.NamedTemporaryFile(delete=False) as f:
        path = f.name
    try:
        qmp.command("pmemsave", val=addr, size=size, filename=path)
        with open(path, "rb") as f:
            return f.read()
    finally:
        os.unlink(path)


def events(ring):
    """Hart 0's events, oldest first: (index, ticks, type, task, arg)."""
    head, start = struct.unpack_from("<II", ring, 0)
    n = (len(ring) - 16) // 16
    out = []
    for i in range(max(start, head - n), head):
        ticks, word = struct.unpack_from("<QQ", ring, 16 + 16 * (i % n))
        out.append((i, ticks, word & 0xff, (word >> 40) & 0xffff, (word >> 8) & 0xffffffff))
    return out, head


def key_latency(evs, flush):
    """Ticks from the interrupt that woke a task (the key's) to that
    task's first display_flush, or None."""
    for k in range(len(evs) - 1):
        irq, nxt = evs[k], evs[k + 1]
        if irq[2] != TRACE_IRQ or nxt[2] != TRACE_SWITCH:
            continue
        woken = nxt[3]
        running = woken
        for e in evs[k + 2:]:
            if e[2] == TRACE_SWITCH:
                running = e[3]
            elif e[2] == TRACE_SYSCALL and e[4] == flush and running == woken:
                return e[1] - irq[1]
        return None
    return None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--board", default="virt", choices=["virt", "pi3"])
    ap.add_argument("--keys", type=int, default=10)
    args = ap.parse_args()
    build = os.environ.get("BUILD", "build" if args.board == "virt" else f"build/{args.board}")
    subprocess.run(["make", "-s", "all", f"BOARD={args.board}", f"BUILD={build}"], cwd=ROOT,
                   check=True)
    rings, _, ring_size, hz_addr, flush = kernel_facts(os.path.join(ROOT, build, "tabula.elf"))
    sock = f"/tmp/tabula-keylat-{os.getpid()}.sock"
    qemu = subprocess.Popen([os.path.join(ROOT, "qemu.sh"), "--board", args.board, "--headless",
                             "--icount", "--no-disk", "--qmp", sock], cwd=ROOT, stdin=subprocess.PIPE,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            env=dict(os.environ, BUILD=build))
    try:
        qmp = display.QMP(sock, timeout=60)
        # The Monitor is up once it has flushed the display and gone quiet
        # (under -icount its wait for the terminal's size answer takes a
        # while: it spins, see NOTES.md).
        deadline = time.time() + 300
        while time.time() < deadline:
            evs, head = events(read_mem(qmp, rings, ring_size))
            if any(e[2] == TRACE_SYSCALL and e[4] == flush for e in evs):
                time.sleep(2)
                if events(read_mem(qmp, rings, ring_size))[1] - head < 5000:
                    break
            time.sleep(1)
        hz = struct.unpack("<Q", read_mem(qmp, hz_addr, 8))[0]
        lat = []
        for _ in range(args.keys):
            _, before = events(read_mem(qmp, rings, ring_size))
            qmp.keys("x")
            time.sleep(1.0)
            evs, _ = events(read_mem(qmp, rings, ring_size))
            new = [e for e in evs if e[0] >= before]
            if os.environ.get("KEYLAT_DEBUG"):
                for e in new[:40]:
                    print(e)
            ticks = key_latency(new, flush)
            if ticks is not None:
                lat.append(ticks * 1e6 / hz)
            qmp.keys("backspace")
            time.sleep(0.5)
        lat.sort()
        if not lat:
            sys.exit("key_latency: no key interrupt followed by a flush in the trace")
        print(f"{args.board}: {len(lat)} keys, key interrupt to display_flush "
              f"median {lat[len(lat) // 2]:.0f} us, min {lat[0]:.0f}, max {lat[-1]:.0f} "
              f"(guest time, -icount shift=0)")
    finally:
        qemu.kill()
        qemu.wait(timeout=30)


if __name__ == "__main__":
    main()
