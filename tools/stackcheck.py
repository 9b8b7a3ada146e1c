#!/usr/bin/python3
"""stackcheck.py: the worst-case kernel stack of every syscall entry.

System calls run on the calling task's stack, in the margin the runtime
keeps below an app's stack limit (TASK_STACK_MARGIN, 4 KiB). This tool
makes that margin a checked fact: it reads GCC's call graphs with frame
sizes (-fcallgraph-info=su, one .ci file per kernel object), adds what the
linked kernel's disassembly says about functions compiled elsewhere
(Picolibc, libgcc, assembly), and walks the graph from every syscall entry.

Indirect calls cannot be followed from the graph; each caller that makes
one names its possible targets in the indirect-call file (tools/
stack-indirect.txt, "caller: target target ..."). An indirect call whose
caller is not listed there is an error, as is a frame of dynamic size, so
nothing is silently left out. Recursion is reported with its cycle; the
bound then counts each function of the cycle once and says so.

    stackcheck.py --ci-dir DIR --objdump FILE --indirect FILE --limit BYTES

Prints the deepest entries with their call chains and exits with 1 when
one needs more than --limit bytes, or with 2 on an error.
"""
import argparse
import os
import re
import sys

NODE = re.compile(r'node: \{ title: "([^"]+)" label: "([^"]*)"')
EDGE = re.compile(r'edge: \{ sourcename: "([^"]+)" targetname: "([^"]+)" label: "([^"]*)"')
FRAME = re.compile(r"\\n(\d+) bytes \(([a-z,]+)\)")
INDIRECT = "__indirect_call"


class Graph:
    def __init__(self):
        self.frame = {}      # function -> bytes
        self.calls = {}      # function -> set of callees
        self.indirect = {}   # function -> first source location of an indirect call
        self.dynamic = {}    # function -> "dynamic" frames
        self.static_names = {}  # bare name -> "file:name" titles (static functions)

    def add_call(self, src, dst):
        self.calls.setdefault(src, set()).add(dst)


def read_ci(text, g):
    """Adds one .ci file's functions and calls to g."""
    for m in NODE.finditer(text):
        title, label = m.groups()
        f = FRAME.search(label)
        if f:
            g.frame[title] = int(f.group(1))
            if "dynamic" in f.group(2) and "bounded" not in f.group(2):
                g.dynamic[title] = f.group(2)
            if ":" in title:
                g.static_names.setdefault(title.split(":")[-1], []).append(title)
    for m in EDGE.finditer(text):
        src, dst, where = m.groups()
        if dst == INDIRECT:
            g.indirect.setdefault(src, where)
        else:
            g.add_call(src, dst)


FUNC = re.compile(r"^[0-9a-f]+ <([^>]+)>:$")
# RISC-V "addi sp,sp,-N" (objdump prints "add" for the compressed form);
# AArch64 "sub sp, sp, #0x.." and "stp x29, x30, [sp, #-N]!".
RV_FRAME = re.compile(r"\baddi?\s+sp,sp,-(\d+)")
A64_SUB = re.compile(r"\bsub\s+sp, sp, #(0x[0-9a-f]+|\d+)")
A64_PUSH = re.compile(r"\bst[rp]\s+[^\[]*\[sp, #-(\d+)\]!")
DIRECT = re.compile(r"\b(?:jal|call|tail|j|bl|b)\s+(?:ra,)?[0-9a-f]+ <([^>+]+)>")
# A call through a register: RISC-V "jalr REG" or "jalr ra,..." ("jr" and
# "ret" are jumps), AArch64 "blr".
INDIRECT_INSN = re.compile(r"\bjalr\s+(?!zero)|\bblr\s+x")


def read_objdump(text, g):
    """Adds functions the .ci files lack (compiled without them) from the
    kernel's disassembly: the frame from the prologue, direct calls and
    tail calls by their target, and whether any call is indirect."""
    name = None
    body = {}
    for line in text.splitlines():
        m = FUNC.match(line.strip())
        if m:
            name = m.group(1)
            body[name] = []
        elif name is not None and line.strip():
            body[name].append(line)
    for name, lines in body.items():
        if name in g.frame or name in g.static_names:
            continue
        # Every lowering of sp in the body, not only the prologue's: a
        # shrink-wrapped prologue comes after an early return, and the
        # assembly fast paths lower sp in the middle. Added up, so two
        # paths' frames over-count, which errs on the safe side.
        size = 0
        for line in lines:
            m = RV_FRAME.search(line) or A64_SUB.search(line) or A64_PUSH.search(line)
            if m:
                size += int(m.group(1), 0)
        g.frame[name] = size
        for line in lines:
            m = DIRECT.search(line)
            if m and m.group(1) != name:
                g.add_call(name, m.group(1))
            elif INDIRECT_INSN.search(line):
                g.indirect.setdefault(name, line.split(":")[0].strip())


def read_indirect(text):
    """The indirect-call file: "caller: target ..." per line, # comments."""
    table = {}
    for line in text.splitlines():
        line = line.split("#")[0].strip()
        if not line:
            continue
        caller, _, targets = line.partition(":")
        table[caller.strip()] = targets.split()
    return table


def resolve(g, name, within=None):
    """The graph's title for a callee named in a call or the table."""
    if name in g.frame:
        return name
    statics = g.static_names.get(name, [])
    if within:
        same = [s for s in statics if s.startswith(within.rsplit(":", 1)[0] + ":")]
        if same:
            return same[0]
    return statics[0] if len(statics) == 1 else name


def bare(title):
    return title.split(":")[-1]


def analyse(g, roots, table):
    """Worst case per root: {root: (bytes, chain)}; plus the errors and the
    recursion cycles found."""
    errors, cycles = [], []
    memo = {}

    def callees(f):
        out = {resolve(g, c, f) for c in g.calls.get(f, ())}
        if f in g.indirect:
            targets = table.get(bare(f), table.get(f))
            if targets is None:
                errors.append(f"indirect call in {bare(f)} ({g.indirect[f]}) with no targets "
                              f"listed in the indirect-call file")
            else:
                found = {resolve(g, t, f) for t in targets} & set(g.frame)
                if targets and not found:
                    errors.append(f"none of the indirect-call targets of {bare(f)} "
                                  f"({' '.join(targets)}) is in the kernel")
                out |= found
        return out

    def depth(f, path):
        if f in memo:
            return memo[f]
        if f in path:
            cycle = path[path.index(f):] + [f]
            cycles.append(" -> ".join(bare(c) for c in cycle))
            return 0, []
        if f not in g.frame:
            errors.append(f"no frame size for {bare(f)} (called from {bare(path[-1])})")
            memo[f] = (0, [f])
            return memo[f]
        if f in g.dynamic:
            errors.append(f"{bare(f)} has a frame of {g.dynamic[f]} size")
        best, chain = 0, []
        for c in sorted(callees(f)):
            d, ch = depth(c, path + [f])
            if d > best:
                best, chain = d, ch
        memo[f] = (g.frame[f] + best, [f] + chain)
        return memo[f]

    result = {r: depth(r, []) for r in roots}
    return result, sorted(set(errors)), sorted(set(cycles))


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--ci-dir", required=True)
    ap.add_argument("--objdump", required=True, help="objdump -d of the linked kernel")
    ap.add_argument("--indirect", required=True)
    # The syscall table's C entries and the assembly fast paths it points
    # at instead (the yield syscall's yield.S).
    ap.add_argument("--roots", default=r"^src/syscall\.c:sys_|^(riscv|aarch64)_yield$",
                    help="regular expression for the entries (graph titles)")
    ap.add_argument("--limit", type=int, default=4096)
    ap.add_argument("--show", type=int, default=3, help="deepest entries to print")
    args = ap.parse_args(argv)

    g = Graph()
    for dirpath, _, files in os.walk(args.ci_dir):
        for f in sorted(files):
            if f.endswith(".ci"):
                with open(os.path.join(dirpath, f), errors="replace") as fh:
                    read_ci(fh.read(), g)
    with open(args.objdump, errors="replace") as fh:
        read_objdump(fh.read(), g)
    with open(args.indirect) as fh:
        table = read_indirect(fh.read())

    roots = sorted(t for t in g.frame if re.search(args.roots, t))
    if not roots:
        print("stackcheck: no syscall entries found", file=sys.stderr)
        return 2
    result, errors, cycles = analyse(g, roots, table)
    for e in errors:
        print(f"stackcheck: error: {e}", file=sys.stderr)
    for c in cycles:
        print(f"stackcheck: recursion (each function counted once): {c}")
    ranked = sorted(result.items(), key=lambda kv: -kv[1][0])
    worst = ranked[0][1][0]
    print(f"stackcheck: deepest syscall needs {worst} of {args.limit} bytes "
          f"({len(roots)} entries)")
    for root, (d, chain) in ranked[:args.show]:
        print(f"  {d:5d}  " + " > ".join(f"{bare(c)}({g.frame.get(c, 0)})" for c in chain))
    if errors:
        return 2
    if worst > args.limit:
        print(f"stackcheck: {bare(ranked[0][0])} can need {worst} bytes, more than the "
              f"{args.limit}-byte margin", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
