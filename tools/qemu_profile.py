#!/usr/bin/python3
"""Where one benchmark's instructions go: a flat profile from QEMU's trace.

    tools/qemu_profile.py yield_pingpong --per sys_yield
    tools/qemu_profile.py --boot

boots the kernel under -icount with `-d in_asm,exec,nochain` (every
translated block's instructions, then every block executed), runs
`run bench quick BENCHMARK`, and counts instructions per function in the
benchmark's timed loop: the stretch between two calls of sys_time_ns in
which the --per function ran most often. Counts are divided by the
number of --per calls, so they read as instructions per operation.
With --boot it profiles boot instead: from the kernel's first instruction
to the Monitor's first command (`uptime`, which reads the clock).
Kernel functions are named from build/tabula.elf, app functions from
build/apps/NAME.elf at the slot the kernel log says NAME was loaded at.

The trace is large (hundreds of MB in /tmp for a quick run); it is
deleted afterwards.
"""
import argparse
import bisect
import collections
import os
import re
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CROSS = "riscv64-unknown-elf-"
TRACE = re.compile(r"^Trace \d+: (0x[0-9a-f]+) \[[0-9a-f]+/([0-9a-f]+)/")
INSN = re.compile(r"^0x([0-9a-f]+):\s")
SPAWNED = re.compile(r"spawned (\w+): slot (0x[0-9a-f]+)")


def symbols(elf, base=0):
    """Sorted (address, name) of the functions in elf, moved to base."""
    out = subprocess.run([CROSS + "nm", "-n", elf], capture_output=True, text=True,
                         check=True).stdout
    syms = []
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[1] in "tTwW":
            syms.append((int(parts[0], 16) + base, parts[2]))
    return syms


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("benchmark", nargs="?", default="")
    ap.add_argument("--boot", action="store_true", help="profile boot to the prompt")
    ap.add_argument("--per", default="sys_time_ns",
                    help="kernel function counted as one operation")
    ap.add_argument("--build", default=os.environ.get("BUILD", "build"))
    ap.add_argument("--top", type=int, default=30)
    args = ap.parse_args()
    build = os.path.join(ROOT, args.build)

    fd, log = tempfile.mkstemp(prefix="tabula-trace-", suffix=".log")
    os.close(fd)
    try:
        cmds = ("uptime; halt" if args.boot
                else f"run bench quick {args.benchmark}; log -n 40; halt")
        console = subprocess.run(
            ["qemu-system-riscv64", "-M", "virt", "-bios", "default", "-m", "128M",
             "-kernel", os.path.join(build, "tabula.elf"), "-nographic",
             "-append", f"plain exec={cmds}", "-icount", "shift=0,sleep=off",
             "-d", "in_asm,exec,nochain", "-D", log],
            stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=600).stdout
        syms = symbols(os.path.join(build, "tabula.elf"))
        for app, slot in set(SPAWNED.findall(console)):
            elf = os.path.join(build, "apps", app + ".elf")
            if os.path.exists(elf):
                syms += symbols(elf, int(slot, 16))
        syms.sort()
        addrs = [a for a, _ in syms]
        per_pc = {}
        for a, name in syms:
            if name == args.per:
                per_pc[a] = name
        time_pcs = {a for a, n in syms if n == "sys_time_ns"}

        def name_of(pc):
            i = bisect.bisect_right(addrs, pc) - 1
            return syms[i][1] if i >= 0 else "?"

        # Walk the trace: blocks' sizes from in_asm, executions from exec.
        size_by_host = {}
        pending = 0
        best = None
        cur = collections.Counter()
        cur_ops = 0
        kernel_start = syms[0][0] if syms else 0
        booting = False
        with open(log, errors="replace") as f:
            for line in f:
                if line.startswith("0x"):
                    if INSN.match(line):
                        pending += 1
                    continue
                if line.startswith("IN:"):
                    pending = 0
                    continue
                m = TRACE.match(line)
                if not m:
                    continue
                host, pc = m.group(1), int(m.group(2), 16)
                if pending:
                    size_by_host[host] = pending
                    pending = 0
                n = size_by_host.get(host, 1)
                if args.boot:
                    booting = booting or pc == kernel_start
                    if booting and pc in time_pcs:
                        best = (cur, 1)
                        break
                    if booting:
                        cur[name_of(pc)] += n
                    continue
                if pc in time_pcs:
                    if cur_ops and (best is None or cur_ops > best[1]):
                        best = (cur, cur_ops)
                    cur, cur_ops = collections.Counter(), 0
                if pc in per_pc:
                    cur_ops += 1
                cur[name_of(pc)] += n
    finally:
        os.unlink(log)

    if not best:
        sys.exit(f"qemu_profile: {args.per} never ran between two clock reads")
    counts, ops = best
    total = sum(counts.values())
    if args.boot:
        print(f"boot: {total:,} instructions from _start to the Monitor's first command")
        for name, n in counts.most_common(args.top):
            print(f"  {n:10,}  {100 * n / total:5.1f}%  {name}")
        return 0
    print(f"{args.benchmark}: {total:,} instructions over {ops:,} calls of {args.per}: "
          f"{total / ops:,.1f} per call")
    for name, n in counts.most_common(args.top):
        print(f"  {n / ops:10.1f}  {100 * n / total:5.1f}%  {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
