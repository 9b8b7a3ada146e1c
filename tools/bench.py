#!/usr/bin/python3
"""make bench: boots tabula in QEMU, runs apps/bench, and prints a table.

Three boots:
  1. under -icount shift=0,sleep=off (./qemu.sh --icount-nosleep), where one
     guest nanosecond is one instruction, so every figure is an instruction
     count and the same on every host; the Monitor runs `uptime` as its
     first command, which gives boot_to_prompt in instructions;
  2. without -icount: the same benchmarks in wall-clock nanoseconds of this
     host (noisy; for scale only);
  3. a few plain boots, timed from starting QEMU to the first prompt;
  4. files: apps/fs's bench on a fresh FAT32 image (mkfs.fat), twice: in
     wall time (MiB/s, per operation), and under -icount shift=0 with
     sleep on (./qemu.sh --icount), where the task's own CPU time
     (CLOCK_PROCESS_CPUTIME_ID: the time it ran, its kernel calls
     included, its waits for the disk not) is its instruction count:
     instructions per KiB and per operation. Not sleep=off: there the
     guest's waits for the disk stall QEMU for minutes, and idle warps
     would not be instructions anyway; with sleep on an idle guest's
     clock follows the host's, which the task's CPU time leaves out;
  5. slot_reuse: apps/slotbench (wall time of a store loop) in a fresh
     slot, then again after apps/slotcode ran its code in that slot; the
     two must be within SLOT_REUSE_LIMIT of each other (three boots, the
     median ratio counts).

The compute and malloc benchmarks (apps/cpubench, apps/mallocbench) run in
both tabula boots, then the same object files linked for Linux
(tools/linux, bench.mk) run under Linux user-mode QEMU; their wall times
give the ratio Linux / tabula (above 1.0: tabula is the faster).

DOOM (a port) plays Freedoom's demo1 with -timedemo in wall time only: on
the ports kernel with a display and the tabbed console, which scales each
frame onto the framebuffer, and a fresh disk holding the IWAD; then again
without a display, the frames going to the serial terminal as half-block
rasters. Its own report gives the frames per second.

Instruction counts are compared with the committed baseline
(tools/bench-baseline.json): the run fails when one is more than 10% worse.
Everything measured goes to BUILD/bench.json.

With --board pi3 (make bench BOARD=pi3) only the first boot runs, on the
Raspberry Pi 3 (QEMU raspi3b): the bench's instruction counts, the xhart
ones among them (four cores), against tools/bench-baseline-pi3.json.
"""
import argparse
import json
import os
import re
import select
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BASELINES = {"virt": os.path.join(ROOT, "tools", "bench-baseline.json"),
             "pi3": os.path.join(ROOT, "tools", "bench-baseline-pi3.json")}
PROMPT = b"tabula> "
TOLERANCE = 0.10
BOOT_RUNS = 7
RUN_TIMEOUT = 1200

# The targets, in instructions (boot also in wall milliseconds).
TARGETS = {
    "null_call": 25,
    "yield_pingpong": 200,
    "stream_pingpong": 1500,
    "spawn_exit": 60000,
    "boot_to_prompt": 5000000,
}
BOOT_WALL_TARGET_MS = 80
SLOT_REUSE_LIMIT = 1.3
SLOT_REUSE_BOOTS = 3
SLOTBENCH = re.compile(rb"^slotbench: (\d+) ns", re.M)

# A fixed Lua workload (integer arithmetic, table fill and sort, string
# formatting, concatenation and pattern substitution), one line short
# enough for the Monitor's command line. It times itself with os.clock.
LUA_BENCH = ('n,c=4,os.clock() for r=1,n do t={} for i=1,30000 do t[i]=(i*7919)%30011 end '
             'table.sort(t) s={} for i=1,3000 do s[i]=("%x"):format(t[i]) end '
             's=table.concat(s):gsub("%d","") end print("lua_script",(os.clock()-c)*1e9//n,"ns",n)')
# The apps measured against Linux user mode: app, its arguments, the name
# it prints, and the ratio the issue asks for (Linux wall time / tabula's).
# Ports (apps/ports) are measured when `make ports` has built them: they
# run on the kernel whose archive holds them.
APP_BENCH = [
    ("cpubench", ["20"], "compute", 1.0),
    ("mallocbench", ["10"], "malloc_heavy", 1.0),
    ("lua", ["-e", LUA_BENCH], "lua_script", 1.0),
    ("speedtest1", ["--memdb", "--size", "5"], "speedtest1", 1.0),
    ("doom", ["-timedemo", "demo1"], "doom_timedemo", 1.0),
]
PORT_APPS = {"lua", "speedtest1", "doom"}
# Apps that need the disk and the display: a boot of their own (doom_wall).
DISPLAY_APPS = {"doom"}
PORTS_KERNEL = "tabula-ports.elf"
WALL_REPEAT = 3  # wall figures of these: the median of this many runs

RESULT = re.compile(rb"^(\w+)\s+(\d+(?:\.\d+)?)\s+(ns|MB/s)\s+(\d+)\s*$", re.M)
# SQLite's speedtest1 prints its own total, in milliseconds.
SPEEDTEST1 = re.compile(rb"^ +TOTAL\.+ +(\d+)\.(\d{3})s\s*$", re.M)
# DOOM's -timedemo report; realtics are 1/35 s.
DOOM_TIMED = re.compile(rb"timed (\d+) gametics in (\d+) realtics")
DOOM_FPS_TARGET = 60
DOOM_WAD = ("ports", "doom", "data", "usr", "share", "games", "doom", "freedoom1.wad")


def result_lines(out):
    """The (name, value, unit, iterations) lines of a run's output."""
    found = RESULT.findall(out)
    found += [(b"speedtest1", str((int(s) * 1000 + int(ms)) * 1000000).encode(), b"ns", b"1")
              for s, ms in SPEEDTEST1.findall(out)]
    found += [(b"doom_timedemo", str(int(real) * 1000000000 // 35).encode(), b"ns", frames)
              for frames, real in DOOM_TIMED.findall(out)[:1]]
    return found
UPTIME = re.compile(rb"^up \S+ \((\d+)\.(\d+) s\)", re.M)


def qemu(build, flags, commands, timeout=RUN_TIMEOUT, kernel="tabula.elf"):
    """Boots the kernel with the Monitor running commands; returns what the
    console printed from the first prompt on."""
    if "--disk" not in flags:
        flags = ["--no-disk", *flags]
    argv = [os.path.join(ROOT, "qemu.sh"), "--kernel", os.path.join(build, kernel),
            "--plain", *flags, "--exec", "; ".join(commands + ["halt"])]
    try:
        run = subprocess.run(argv, cwd=ROOT, stdin=subprocess.DEVNULL,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=timeout)
    except subprocess.TimeoutExpired:
        sys.exit(f"bench: QEMU did not finish within {timeout} s ({' '.join(argv)})")
    out = run.stdout
    start = out.find(PROMPT)
    if run.returncode != 0 or start < 0:
        sys.stderr.write(out.decode(errors="replace")[-3000:] + run.stderr.decode(errors="replace"))
        sys.exit(f"bench: QEMU exited with status {run.returncode} ({' '.join(argv)})")
    return out[start:]


def app_bench(build, only):
    """The APP_BENCH entries the name prefixes in only select (all if
    none), without ports that are not built."""
    def built(app):
        return app not in PORT_APPS or (
            os.path.exists(os.path.join(build, PORTS_KERNEL))
            and os.path.exists(os.path.join(build, "linux", app))
            and (app != "doom" or os.path.exists(os.path.join(build, *DOOM_WAD))))
    return [a for a in APP_BENCH
            if (not only or any(a[2].startswith(o) for o in only)) and built(a[0])]


def app_kernel(apps):
    """The kernel that holds these apps."""
    return PORTS_KERNEL if any(a[0] in PORT_APPS for a in apps) else "tabula.elf"


def app_commands(apps, repeat):
    def word(arg):
        return f"'{arg}'" if " " in arg else arg
    return [f"run {app} {' '.join(map(word, args))}" for app, args, _, _ in apps
            for _ in range(repeat) if app not in DISPLAY_APPS]


ANSI = re.compile(rb"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b[78]")
F2 = b"\x1bOQ"


def doom_wall(build, image, raster=False):
    """DOOM's -timedemo demo1 on the ports kernel, in the tabbed console,
    as a bench.json object: with a display (every frame drawn on the
    framebuffer), or with raster, on the serial terminal only (frames as
    half blocks, as many as the line takes). The tab keeps the game's last
    frame over the text, so the report is read where the game logged it
    too: the log tab, opened with F2 once the game has ended."""
    argv = [os.path.join(ROOT, "qemu.sh"), "--kernel", os.path.join(build, PORTS_KERNEL),
            "--nographic" if raster else "--headless", "--disk", image,
            "--exec", "run doom -timedemo demo1"]
    proc = subprocess.Popen(argv, cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT)
    # The terminal raster sends ~10 KB a frame, and a console nobody reads
    # stops the guest's UART (and the game) once the pty fills: read all
    # of it, but look only at the newest part, so the cost of a read stays
    # flat however long the demo runs, and never wait past the deadline.
    window = 1 << 18
    seen, ended, found = b"", False, None
    deadline = time.monotonic() + RUN_TIMEOUT
    fd = proc.stdout.fileno()
    try:
        while not found and time.monotonic() < deadline:
            if not select.select([fd], [], [], 1.0)[0]:
                continue
            chunk = os.read(fd, 65536)
            if not chunk:
                break
            seen = (seen + chunk)[-window:]
            text = ANSI.sub(b"", seen)
            if not ended and b"[doom exited with status" in text:
                ended = True
                seen = b""  # the report is looked for in what F2 brings
                proc.stdin.write(F2)
                proc.stdin.flush()
            elif ended:
                found = DOOM_TIMED.search(text)
    finally:
        proc.kill()
        proc.wait()
    if not found:
        sys.stderr.write(ANSI.sub(b"", seen).decode(errors="replace")[-3000:])
        sys.exit("bench: DOOM's timedemo printed no report (the console is above)")
    frames, real = int(found.group(1)), int(found.group(2))
    return {"name": "doom_timedemo_raster" if raster else "doom_timedemo", "unit": "ns",
            "value": real * 1e9 / 35, "iterations": frames, "run": "wall"}


def make_doom_disk(build, image):
    """A fresh disk with Freedoom's IWAD where make disk puts it."""
    subprocess.run([os.path.join(ROOT, "tools", "mkdisk.sh"), image, "64",
                    f"/data/doom/freedoom1.wad={os.path.join(build, *DOOM_WAD)}"],
                   cwd=ROOT, check=True, capture_output=True)


def median_by_name(results):
    """One result per name: the median of its values."""
    by = {}
    for r in results:
        by.setdefault(r["name"], []).append(r)
    out = []
    for rs in by.values():
        r = dict(rs[0])
        r["value"] = statistics.median(x["value"] for x in rs)
        out.append(r)
    return out


def linux_results(build, qemu_user, apps, repeat):
    """Runs the Linux builds of apps under user-mode QEMU."""
    results = []
    for app, args, name, _ in apps:
        exe = os.path.join(build, "linux", app)
        if app == "doom":  # tabula's doom adds the IWAD on its disk
            args = [*args, "-iwad", os.path.join(build, *DOOM_WAD)]
        for _ in range(repeat):
            run = subprocess.run([qemu_user, exe, *args], env={}, stdin=subprocess.DEVNULL,
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=RUN_TIMEOUT)
            found = [r for r in result_lines(run.stdout) if r[0].decode() == name]
            # DOOM's report ends it with status 1 (I_Error), as on Linux.
            if run.returncode != (1 if app == "doom" else 0) or not found:
                sys.stderr.write(run.stdout.decode(errors="replace") + run.stderr.decode(errors="replace"))
                sys.exit(f"bench: {qemu_user} {exe} failed (status {run.returncode})")
            results.append({"name": name, "unit": "ns", "value": float(found[0][1]),
                            "iterations": int(found[0][3]), "run": "linux"})
    return median_by_name(results)


def linux_table(icount, wall, linux):
    """Prints tabula against Linux user mode; returns the ratio figures."""
    ins = {r["name"]: r for r in icount}
    tab = {r["name"]: r for r in wall}
    ratios = []
    head = (f"{'vs Linux user mode':<20} {'instructions':>14} {'tabula wall':>13} "
            f"{'Linux wall':>13} {'ratio':>7}  target")
    print(head)
    print("-" * len(head))
    for r in linux:
        name = r["name"]
        target = next(a[3] for a in APP_BENCH if a[2] == name)
        t = tab.get(name)
        ratio = r["value"] / t["value"] if t and t["value"] else 0.0
        i = ins.get(name)
        print(f"{name:<20} {fmt(i['value'], i['unit']) if i else '-':>14} "
              f"{fmt(t['value'], 'ns') if t else '-':>13} {fmt(r['value'], 'ns'):>13} "
              f"{ratio:>6.2f}x  >= {target:.1f}x {'ok' if ratio >= target else 'MISS'}")
        ratios.append({"name": name + "_vs_linux", "unit": "ratio", "value": round(ratio, 3),
                       "iterations": r["iterations"], "run": "linux"})
    print("  per round of each benchmark; ratio: Linux wall time / tabula's (above 1.0: "
          f"tabula is faster), medians of {WALL_REPEAT} runs")
    return ratios


def doom_fps(wall):
    """Prints DOOM's frame rates; returns them as bench.json objects."""
    out = []
    for name, fps_name, where in (("doom_timedemo", "doom_fps", "with the framebuffer"),
                                  ("doom_timedemo_raster", "doom_fps_raster",
                                   "on the serial terminal's raster")):
        doom = next((r for r in wall if r["name"] == name), None)
        if not doom:
            continue
        fps = doom["iterations"] / (doom["value"] / 1e9)
        target = (f"target >= {DOOM_FPS_TARGET}: {'ok' if fps >= DOOM_FPS_TARGET else 'MISS'}; "
                  if name == "doom_timedemo" else "")
        print(f"{'' if out else chr(10)}{name}: Freedoom's demo1, {doom['iterations']} frames at "
              f"{fps:.1f} frames/s on tabula {where} ({target}median of {WALL_REPEAT} runs)")
        out.append({"name": fps_name, "unit": "frames/s", "value": round(fps, 1),
                    "iterations": doom["iterations"], "run": "wall"})
    return out


def bench_results(console, run, apps_only=False):
    """The result lines of one bench run, as bench.json objects. apps_only:
    a boot that ran only APP_BENCH apps (no apps/bench to say it is done)."""
    if not apps_only and b"# bench: done" not in console:
        sys.stderr.write(console.decode(errors="replace")[-3000:])
        sys.exit(f"bench: the {run} run did not finish (its output is above)")
    results = []
    for name, value, unit, iters in result_lines(console):
        unit = unit.decode()
        if unit == "ns" and run == "icount":
            unit = "instructions"
        results.append({"name": name.decode(), "unit": unit, "value": float(value),
                        "iterations": int(iters), "run": run})
    return results


def boot_instructions(console):
    """boot_to_prompt from the `uptime` the Monitor ran first: guest
    microseconds, which are thousands of instructions under -icount."""
    m = UPTIME.search(console)
    if not m:
        sys.exit("bench: no uptime line in the icount run")
    micros = int(m.group(1)) * 1000000 + int(m.group(2).ljust(6, b"0")[:6])
    return {"name": "boot_to_prompt", "unit": "instructions", "value": micros * 1000.0,
            "iterations": 1, "run": "icount"}


def boot_wall(build, runs):
    """Median nanoseconds from starting QEMU to the Monitor's first prompt."""
    times = []
    argv = [os.path.join(ROOT, "qemu.sh"), "--kernel", os.path.join(build, "tabula.elf"),
            "--plain", "--no-disk", "--exec", "halt"]
    for _ in range(runs):
        start = time.monotonic()
        proc = subprocess.Popen(argv, cwd=ROOT, stdin=subprocess.DEVNULL,
                                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        seen = b""
        while PROMPT not in seen:
            chunk = os.read(proc.stdout.fileno(), 4096)
            if not chunk:
                break
            seen += chunk
        elapsed = time.monotonic() - start
        proc.stdout.read()
        proc.wait(timeout=60)
        if PROMPT not in seen:
            sys.exit(f"bench: a boot ended without a prompt (status {proc.returncode})")
        times.append(elapsed)
    return {"name": "boot_to_prompt", "unit": "ns",
            "value": round(statistics.median(times) * 1e9), "iterations": runs, "run": "wall"}


def slot_reuse(build):
    """apps/slotbench's wall time fresh and after apps/slotcode used its
    slot, from SLOT_REUSE_BOOTS boots; the boot with the median ratio."""
    runs = []
    for _ in range(SLOT_REUSE_BOOTS):
        console = qemu(build, [], ["run slotbench", "run slotcode", "run slotbench"])
        times = [int(t) for t in SLOTBENCH.findall(console)]
        if len(times) != 2 or not times[0]:
            sys.stderr.write(console.decode(errors="replace")[-3000:])
            sys.exit("bench: slot_reuse did not print two slotbench lines (above)")
        runs.append((times[1] / times[0], times))
    ratio, (fresh, after) = sorted(runs)[len(runs) // 2]
    return [{"name": "slot_reuse_fresh", "unit": "ns", "value": fresh, "iterations": 1,
             "run": "wall"},
            {"name": "slot_reuse_after", "unit": "ns", "value": after, "iterations": 1,
             "run": "wall"},
            {"name": "slot_reuse_ratio", "unit": "x", "value": round(ratio, 3),
             "iterations": SLOT_REUSE_BOOTS, "run": "wall"}]


SCALE = re.compile(rb"1 copy on 1 hart (\d+) ms, (\d+) copies on \d+ harts (\d+) ms")
SCALE_HARTS = 2      # this machine's cores: more would measure the host, not tabula
SCALE_TARGET = 1.8


def smp_scaling(build):
    """Wall time of one cpubench on one hart and of SCALE_HARTS copies on as
    many harts at once, in one boot without -icount (QEMU runs a thread per
    hart): the work per second gained. The host's other load shows in it."""
    load = os.getloadavg()[0]
    console = qemu(build, ["--smp", str(SCALE_HARTS)],
                   [f"run --hart 1 smpcheck scale {SCALE_HARTS} 200"])
    m = SCALE.search(console)
    if not m:
        sys.stderr.write(console.decode(errors="replace")[-3000:])
        sys.exit("bench: smpcheck scale printed no result (above)")
    one, copies, many = (int(g) for g in m.groups())
    return [{"name": "smp_scaling", "unit": "x", "value": round(copies * one / many, 3),
             "iterations": copies, "run": "wall",
             "host_load": round(max(load, os.getloadavg()[0]), 2)}]


FSBENCH = re.compile(rb"^fsbench (\w+) (\d+) ns (\d+) (bytes|ops) cpu (\d+)", re.M)
FILES_READ_TARGET = 200  # MiB/s, sequential read, wall


def files_bench(build, wall):
    """apps/fs bench on a fresh 64 MiB FAT32 image: results as bench.json
    objects (instructions per KiB or per operation under -icount; MiB/s or
    ns per operation in wall time)."""
    results = []
    runs = [("icount", ["--icount"])] + ([("wall", [])] if wall else [])
    for run, flags in runs:
        with tempfile.TemporaryDirectory() as tmp:
            image = os.path.join(tmp, "disk.img")
            subprocess.run(["mkfs.fat", "-F", "32", "-C", image, str(64 * 1024)], check=True,
                           capture_output=True)
            console = qemu(build, [*flags, "--disk", image], ["run fs bench"])
        found = FSBENCH.findall(console)
        if b"fsbench done" not in console or not found:
            sys.stderr.write(console.decode(errors="replace")[-3000:])
            sys.exit(f"bench: the files bench ({run}) did not finish (its output is above)")
        for name, ns, amount, kind, cpu in found:
            name, ns, amount = "files_" + name.decode(), int(ns), int(amount)
            if run == "icount":
                ns = int(cpu)    # instructions the task ran
            if kind == b"bytes" and run == "icount":
                r = {"name": name + "_per_kib", "unit": "instructions",
                     "value": round(ns / (amount / 1024), 1)}
            elif kind == b"bytes":
                r = {"name": name, "unit": "MiB/s", "value": round(amount / (1 << 20) / (ns / 1e9), 1)}
            else:
                r = {"name": name, "unit": "instructions" if run == "icount" else "ns",
                     "value": ns / amount}
            results.append({**r, "iterations": amount, "run": run})
    return results


def files_table(results):
    print(f"{'files (apps/fs)':<28} {'value':>18}  run")
    for r in results:
        unit = r["unit"]
        text = f"{r['value']:,.1f} {unit}" if unit != "ns" else fmt(r["value"], "ns")
        note = ""
        if r["name"] == "files_seq_read" and unit == "MiB/s":
            note = f"  target >= {FILES_READ_TARGET} {'ok' if r['value'] >= FILES_READ_TARGET else 'MISS'}"
        print(f"{r['name']:<28} {text:>18}  {r['run']}{note}")
    print("  16 MiB written and read in 64 KiB calls; open+close of one file; stat of one name "
          "in a 1,000-entry directory; creating a small file (per operation);")
    print("  icount: instructions the task ran (kernel calls included, idle waits for the disk "
          "not), under -icount shift=0")


def fmt(value, unit):
    if unit == "MB/s":
        return f"{value:,.1f} MB/s"
    if unit == "ns" and value >= 1e6:
        return f"{value / 1e6:,.2f} ms"
    if unit == "ns" and value >= 1e4:
        return f"{value / 1e3:,.1f} us"
    if value >= 1000:
        return f"{value:,.0f}" + (" ns" if unit == "ns" else "")
    return f"{value:,.1f}" + (" ns" if unit == "ns" else "")


# What each figure counts, for the legend under the table.
MEANING = {
    "boot_to_prompt": "board's first line to the Monitor's first command "
                      "(wall: starting QEMU to the prompt, median of 7 boots)",
    "null_call": "one call through the syscall table (tabula->nop)",
    "sleep_wakeup": "a sleep's deadline to the task running again",
    "yield_pingpong": "two tasks yield to each other: one round trip",
    "stream_pingpong": "one byte to a child's console and back: one round trip",
    "spawn_exit": "spawn apps/nop, let it exit, reap it",
    "xhart_stream_pingpong": "stream_pingpong with the peer on another hart (on virt a two-hart boot)",
    "xhart_wakeup": "a byte to a peer idle on another hart, to the peer running",
    "kmalloc_free_small": "kmalloc(64) and kfree",
    "kmalloc_free_mixed": "kfree and kmalloc, 16 B to 2 KiB, 8 blocks live",
    "log_write": "one kernel log record",
    "elf_load_kib": "loading and relocating an app, per KiB of image",
    "memcpy_*, memset_*": "bandwidth per call size, Picolibc vs a byte loop "
                          "(icount: bytes per 1,000 instructions)",
    "compute_fib": "naive recursive fib(20) in an app: 21,891 function calls",
    "smp_scaling": "wall: 2 copies of cpubench on 2 harts against 1 on 1, work per second",
    "slot_reuse": "wall: a store loop (apps/slotbench) in a fresh slot, and in the "
                  "same slot after another app's code ran there",
    "*_untraced": "the same with the kernel's event trace off (a kernel with "
                  "the trace only); the difference is the trace's cost",
}


def worse_by(value, base, unit):
    """How much worse value is than base (a fraction; negative is better):
    more instructions or fewer MB/s."""
    if not base:
        return 0.0
    if unit == "MB/s":
        return base / value - 1 if value else float("inf")
    return value / base - 1


def table(icount, wall, baseline, targets):
    """Prints the results and returns the names that regressed."""
    base = {b["name"]: b for b in baseline.get("benchmarks", [])}
    wall_by_name = {w["name"]: w for w in wall}
    regressed = []
    head = (f"{'benchmark':<24} {'instructions':>14} {'baseline':>14} {'change':>9}  "
            f"{'target':<19} {'wall (this host)':>16}")
    print(head)
    print("-" * len(head))
    for r in icount:
        name, unit, value = r["name"], r["unit"], r["value"]
        b = base.get(name)
        change = ""
        if b and b["value"]:
            change = f"{(value / b['value'] - 1) * 100:+.1f}%"
            if worse_by(value, b["value"], unit) > TOLERANCE:
                change += "!"
                regressed.append(name)
        target = ""
        if name in targets:
            ok = value <= targets[name]
            target = f"<= {targets[name]:,} {'ok' if ok else 'MISS'}"
        w = wall_by_name.get(name)
        wtext = fmt(w["value"], w["unit"]) if w else ""
        if name == "boot_to_prompt" and w:
            ms = w["value"] / 1e6
            wtext = f"{ms:.1f} ms {'ok' if ms < BOOT_WALL_TARGET_MS else 'MISS'}"
        print(f"{name:<24} {fmt(value, unit):>14} {fmt(b['value'], unit) if b else '-':>14} "
              f"{change:>9}  {target:<19} {wtext:>16}")
    missing = sorted(set(base) - {r["name"] for r in icount})
    for name in missing:
        print(f"{name:<24} {'missing':>14}")
        regressed.append(name)
    print()
    for name, text in MEANING.items():
        print(f"  {name:<22} {text}")
    print(f"  change: against the baseline; '!' marks a figure more than "
          f"{TOLERANCE:.0%} worse (more instructions, or fewer MB/s)")
    return regressed


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--board", choices=sorted(BASELINES), default="virt",
                    help="pi3: the bench's instruction counts on the Raspberry Pi 3 "
                         "(QEMU raspi3b, four cores) in one boot, nothing else")
    ap.add_argument("--build", default=os.environ.get("BUILD"))
    ap.add_argument("--no-wall", action="store_true", help="skip the two wall-clock runs")
    ap.add_argument("--linux-qemu", default="qemu-riscv64",
                    help="user-mode QEMU for the Linux builds (bench.mk passes qemu-ARCH)")
    ap.add_argument("--no-linux", action="store_true", help="skip the Linux comparison")
    ap.add_argument("--update-baseline", metavar="REASON",
                    help="write the instruction counts to the baseline file, with the reason")
    ap.add_argument("only", nargs="*", help="benchmark name prefixes (default: all)")
    args = ap.parse_args()
    virt = args.board == "virt"
    build = os.path.join(ROOT, args.build or ("build" if virt else f"build/{args.board}"))
    baseline_file = BASELINES[args.board]
    if not virt:
        # The Pi's figures are the kernel's instruction counts: its four
        # cores give the xhart ones in the same boot. The bench goes where
        # `run bench` puts it, hart 1 (the Monitor is on hart 0), and its
        # peers for the xhart figures to hart 0.
        args.no_wall = True

    t0 = time.monotonic()
    apps = app_bench(build, args.only) if virt else []
    ports = [a for a in apps if a[0] in PORT_APPS]
    console = qemu(build, ["--board", args.board, "--icount-nosleep"],
                   ["uptime", "run bench " + " ".join(args.only)] +
                   app_commands([a for a in apps if a not in ports], 1))
    icount = [boot_instructions(console)] + bench_results(console, "icount")
    # The cross-hart figures need a second hart: a boot of their own with
    # two, the bench on hart 0 and its peers on hart 1.
    if virt and (not args.only or
                 any(o.startswith("xhart") or "xhart".startswith(o) for o in args.only)):
        console = qemu(build, ["--icount-nosleep", "--smp", "2"], ["run --hart 0 bench xhart"])
        icount += bench_results(console, "icount")
    if ports:
        # A boot of their own, so the built-in kernel's figures (boot_to_prompt) stay its own.
        if app_commands(ports, 1):
            icount += bench_results(qemu(build, ["--icount-nosleep"], app_commands(ports, 1),
                                         kernel=PORTS_KERNEL), "icount", True)
    wall, linux = [], []
    if not args.no_wall:
        wall = bench_results(qemu(build, [], ["run bench " + " ".join(args.only)]), "wall")
        # The apps measured against Linux: a boot of their own per
        # repeat, each followed by the Linux runs, so that the two sides
        # see the same load on this host.
        app_wall = []
        with tempfile.TemporaryDirectory() as tmp:
            disk = os.path.join(tmp, "doom.img")
            if any(a[0] in DISPLAY_APPS for a in apps):
                make_doom_disk(build, disk)
            for _ in range(WALL_REPEAT if apps else 0):
                if app_commands(apps, 1):
                    app_wall += bench_results(qemu(build, [], app_commands(apps, 1),
                                                   kernel=app_kernel(apps)), "wall", True)
                if any(a[0] in DISPLAY_APPS for a in apps):
                    app_wall.append(doom_wall(build, disk))
                    app_wall.append(doom_wall(build, disk, raster=True))
                if not args.no_linux:
                    linux += linux_results(build, args.linux_qemu, apps, 1)
        wall += median_by_name(app_wall)
        linux = median_by_name(linux)
        wall.append(boot_wall(build, BOOT_RUNS))
    scaling = []
    if not args.no_wall and (not args.only or any("smp_scaling".startswith(o) for o in args.only)):
        scaling = smp_scaling(build)
        wall += scaling
    files = []
    if virt and (not args.only or
                 any("files".startswith(o) or o.startswith("files") for o in args.only)):
        files = files_bench(build, not args.no_wall)
    reuse = []
    if not args.no_wall and (not args.only or any("slot_reuse".startswith(o) for o in args.only)):
        reuse = slot_reuse(build)
        wall += reuse
    elapsed = time.monotonic() - t0

    try:
        with open(baseline_file) as f:
            baseline = json.load(f)
    except FileNotFoundError:
        baseline = {}
    if args.only:
        wanted = {r["name"] for r in icount}
        baseline["benchmarks"] = [b for b in baseline.get("benchmarks", []) if b["name"] in wanted]
    # The Pi's boot waits for its USB controller: no instruction target.
    targets = TARGETS if virt else {k: v for k, v in TARGETS.items() if k != "boot_to_prompt"}
    regressed = table(icount, wall, baseline, targets)
    if linux:
        print()
        linux += linux_table(icount, wall, linux)
    wall += doom_fps(wall)
    if files:
        print()
        files_table(files)
    if reuse:
        fresh, after, ratio = (r["value"] for r in reuse)
        ok = ratio <= SLOT_REUSE_LIMIT
        print(f"\nslot_reuse: fresh {fmt(fresh, 'ns')}, after another app's code "
              f"{fmt(after, 'ns')}: {ratio:.2f}x (limit {SLOT_REUSE_LIMIT}x) "
              f"{'ok' if ok else 'MISS'}")
        if not ok:
            regressed.append("slot_reuse")

    if scaling:
        ratio = scaling[0]["value"]
        print(f"\nsmp_scaling: {SCALE_HARTS} copies of cpubench on {SCALE_HARTS} harts do "
              f"{ratio:.2f}x the work per second of one (target {SCALE_TARGET}x; wall time "
              f"without -icount, so the host's other load shows: its load average was "
              f"{scaling[0]['host_load']} on {os.cpu_count()} cores; "
              f"{'ok' if ratio >= SCALE_TARGET else 'MISS'}, not a failure)")

    out = os.path.join(build, "bench.json")
    with open(out, "w") as f:
        json.dump(icount + wall + linux + files, f, indent=1)
        f.write("\n")
    print(f"\n{len(icount) + len(wall) + len(linux)} figures in {elapsed:.0f} s, written to "
          f"{os.path.relpath(out, ROOT)}. Instructions are exact (QEMU -icount shift=0);")
    print("wall figures are this host's QEMU and vary from run to run. Baseline: "
          f"{os.path.relpath(baseline_file, ROOT)}" +
          (f" ({baseline['reason']})" if baseline.get("reason") else ""))

    if args.update_baseline:
        # One benchmark a line, so that a baseline change reads as a diff.
        lines = [json.dumps({k: r[k] for k in ("name", "unit", "value")}) for r in icount]
        with open(baseline_file, "w") as f:
            f.write('{"reason": %s,\n "benchmarks": [\n  %s\n ]}\n'
                    % (json.dumps(args.update_baseline), ",\n  ".join(lines)))
        print(f"baseline updated: {os.path.relpath(baseline_file, ROOT)}")
        return 0
    if regressed:
        print(f"\nbench: {len(regressed)} figure(s) more than {TOLERANCE:.0%} worse than the "
              f"baseline: {', '.join(regressed)}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
