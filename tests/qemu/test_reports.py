"""Crash reports and panics name functions; the event trace records what
ran, in order."""
import re

import pexpect
import pytest

from conftest import BOARD_INFO, COMMAND_TIMEOUT, Tabula

# The frame each crash mode dies in, named from crashme's symbol table.
CRASH_FRAMES = {
    "null": "crash_null",
    "illegal": "crash_illegal",
    "misaligned": "crash_misaligned",
    "ebreak": "crash_ebreak",
}


@pytest.mark.parametrize("mode", sorted(CRASH_FRAMES))
def test_crash_report_names_the_functions(shared_tabula, mode):
    out = shared_tabula.run(f"run crashme {mode}")
    lines = out.splitlines()
    end = next(i for i, line in enumerate(lines) if line.startswith("[crashme crashed"))
    # The end line keeps its address form; the backtrace follows it.
    assert re.search(r"\(crashme\+0x[0-9a-f]+\)", lines[end]), out
    assert re.fullmatch(rf"  at {CRASH_FRAMES[mode]}\+0x[0-9a-f]+", lines[end + 1]), out
    assert re.fullmatch(r"  #1 main\+0x[0-9a-f]+", lines[end + 2]), out
    assert re.fullmatch(r"  #2 runtime_start\+0x[0-9a-f]+", lines[end + 3]), out
    # The kernel log names the function too.
    assert re.search(rf"crashme crashed: .*\({CRASH_FRAMES[mode]}\+0x",
                     shared_tabula.run("log -n 2")), out


def test_overflow_report_says_how_deep(shared_tabula):
    out = shared_tabula.run("run crashme overflow")
    lines = out.splitlines()
    end = lines.index("[crashme died: stack overflow]")
    depth = re.fullmatch(r"  stack overflow: (\d+) bytes deep \(the stack is (\d+)\), (\d+) frames;"
                         r" try run --stack 128K", lines[end + 1])
    assert depth, out
    assert int(depth.group(1)) > int(depth.group(2)) == 64 * 1024
    # Each level of recursion takes over 256 bytes, so the depth in frames
    # is bounded by the stack's size (plus under a page: its bottom is
    # page aligned, above the guard page); at least one frame per 512 bytes.
    frames = int(depth.group(3))
    assert 64 * 1024 // 512 < frames < 68 * 1024 // 256, out
    # The innermost frames: recurse over and over, stopped by the guard
    # page below the stack (no check runs on function entry).
    assert lines[end + 2].startswith("  at recurse+0x"), out
    assert all(re.fullmatch(rf"  #{i} recurse\+0x[0-9a-f]+", lines[end + 2 + i])
               for i in range(1, 8)), out
    assert lines[end + 10] == f"  ... {frames - 8} more frames", out


def test_dead_canary_report_walks_from_the_kernel_into_the_app(shared_tabula):
    # The kernel notices at the next switch, inside the yield syscall: the
    # backtrace starts in kernel frames on the task's stack and must skip
    # them to reach the app's.
    out = shared_tabula.run("run crashme canary")
    lines = out.splitlines()
    end = lines.index("[crashme died: stack overflow]")
    assert re.fullmatch(r"  stack overflow: the canary at 0x[0-9a-f]+ was overwritten, "
                        r"3 frames deep", lines[end + 1]), out
    assert re.fullmatch(r"  at crash_canary\+0x[0-9a-f]+", lines[end + 2]), out
    assert re.fullmatch(r"  #1 main\+0x[0-9a-f]+", lines[end + 3]), out
    assert "hello, world" in shared_tabula.run("run hello")


def expect_panic(command, headline, frames):
    """Boots a machine, makes the kernel panic with command, and checks the
    report names each of frames, in order, and that QEMU exits."""
    machine = Tabula()
    try:
        machine.child.sendline(command)
        machine.expect(re.escape(headline))
        machine.expect(r"last log records:")
        report = machine.child.before.replace("\r", "")
        machine.expect("tabula: halted after a kernel panic")
        machine.child.expect(pexpect.EOF, timeout=COMMAND_TIMEOUT)
    finally:
        machine.close()
    names = re.findall(r"^  #\d+ 0x[0-9a-f]+ (\S+)$", report, re.M)
    assert names, report
    position = 0
    for frame in frames:
        matching = [i for i, n in enumerate(names) if re.fullmatch(frame, n) and i >= position]
        assert matching, f"{frame} missing after frame {position}:\n{report}"
        position = matching[0] + 1
    return report


def test_kernel_panic_prints_a_named_backtrace():
    expect_panic("debug panic", "*** tabula panic: debug panic requested by task 1",
                 [r"debug_panic\+0x[0-9a-f]+", r"debug_crash\+0x[0-9a-f]+",
                  r"monitor:cmd_debug\+0x[0-9a-f]+", r"monitor:main\+0x[0-9a-f]+"])


def test_kernel_fault_prints_registers_and_a_named_backtrace():
    report = expect_panic("debug fault",
                          f"*** tabula panic: {BOARD_INFO['unmapped_load']} in kernel code",
                          [r"debug_fault\+0x[0-9a-f]+", r"debug_crash\+0x[0-9a-f]+",
                           r"monitor:cmd_debug\+0x[0-9a-f]+"])
    register = BOARD_INFO["fault_address_register"]
    assert re.search(rf"{register}\s+0x0+8\b", report), report


def test_debug_needs_a_mode(shared_tabula):
    assert "usage: debug panic|fault" in shared_tabula.run("debug")
    assert "usage: debug panic|fault" in shared_tabula.run("debug now")


def trace_rows(out):
    """(time, hart, task, event) for each row of `trace` output."""
    return re.findall(r"^\s*(\d+\.\d+)\s+(\d+)\s+(\S+)\s+(.+?)\s*$", out, re.M)


def test_trace_shows_spawn_switches_and_exit_in_order(shared_tabula):
    assert shared_tabula.run("trace on") == "tracing is on"
    assert shared_tabula.run("trace clear") == "trace cleared"
    # On the Monitor's hart, so that the two switch to each other.
    assert "hello, world" in shared_tabula.run("run --hart 0 hello")
    rows = trace_rows(shared_tabula.run("trace -n 1000"))
    assert rows, "no events"
    times = [float(r[0]) for r in rows]
    assert times == sorted(times)
    spawn = [i for i, r in enumerate(rows) if r[3] == "spawn, by monitor(1)"]
    assert len(spawn) == 1, rows
    hello = rows[spawn[0]][2]
    assert re.fullmatch(r"hello\(\d+\)", hello), rows
    # What happened to hello, in order: it was spawned, switched in, made
    # syscalls (its output), exited, and the Monitor was switched back in.
    ours = [(i, r[3]) for i, r in enumerate(rows) if r[2] == hello or hello in r[3]]
    events = [e for _, e in ours]
    assert events[0] == "spawn, by monitor(1)", events
    assert events[1] == "switch in, from monitor(1)", events
    assert "syscall write" in events, events
    assert events.index("syscall write") < events.index("exit, status 0"), events
    last = ours[-1]
    assert last[1] == f"switch in, from {hello}" and rows[last[0]][2] == "monitor(1)", events
    # The Monitor's own calls are there too: the spawn before hello's spawn.
    assert rows[spawn[0] - 1][2:] == ("monitor(1)", "syscall spawn"), rows


def test_trace_off_records_nothing(shared_tabula):
    assert shared_tabula.run("trace off") == "tracing is off"
    assert shared_tabula.run("trace clear") == "trace cleared"
    shared_tabula.run("run hello")
    assert shared_tabula.run("trace") == "the trace is empty (off: trace on starts it)"
    assert shared_tabula.run("trace on") == "tracing is on"
    shared_tabula.run("run hello")
    assert "spawn, by monitor(1)" in shared_tabula.run("trace -n 1000")


def test_trace_arguments_are_checked(shared_tabula):
    assert "-n needs a count from 1 to 1024, not '0'" in shared_tabula.run("trace -n 0")
    assert "-n needs a count" in shared_tabula.run("trace -n lots")
    assert "usage: trace" in shared_tabula.run("trace sideways")
