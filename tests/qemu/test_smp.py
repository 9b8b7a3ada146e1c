"""SMP: every hart runs tasks. A log storm from every hart at once, a
spawn/crash/kill storm across the harts, FP registers and streams between
harts, a hog pinned to each hart in turn while the Monitor answers, and
the unusual landing on tasks yielding through the fast path."""
import re
import time

import pytest

from conftest import BOARD, Tabula, parse_slot_map

HARTS = {"virt": 8, "pi3": 4}[BOARD]
ATTENTION = "\x1c"  # Ctrl-\

@pytest.fixture(scope="module")
def smp():
    machine = Tabula(*(["--smp", str(HARTS)] if BOARD == "virt" else []))
    yield machine
    machine.close()


def sync(machine):
    """Background jobs' ends print a prompt of their own: skip to the
    prompt after a command of ours."""
    machine.child.sendline("sync-mark")
    machine.child.expect_exact("unknown command 'sync-mark'")
    machine.child.expect_exact("tabula> ")


def answer(machine, command, pattern, timeout=15):
    """Types command and waits for pattern in what follows, whatever else
    the background jobs print meanwhile; then back to a prompt."""
    machine.child.sendline(command)
    machine.expect(pattern, timeout=timeout)
    sync(machine)


def ps(machine):
    """ps's table, even with background jobs printing around it."""
    machine.child.sendline("ps")
    machine.child.expect(r"ID NAME +STATE +HART[^\n]*\n")
    machine.child.expect_exact("tabula> ")
    return machine.child.before.replace("\r", "")


def wait_until_gone(machine, name, timeout=120):
    """Polls ps until no task called name is left."""
    deadline = time.monotonic() + timeout
    while True:
        table = ps(machine)
        if not re.search(rf"^\s*\d+ {name}", table, re.M):
            sync(machine)
            return table
        assert time.monotonic() < deadline, table
        time.sleep(0.5)


def started(machine, command):
    """Runs command and returns the id of the task it started."""
    out = machine.run(command)
    match = re.search(r"started as task (\d+)", out)
    assert match, out
    return match.group(1)


def test_every_hart_comes_up_and_takes_tasks(smp):
    assert f"{HARTS} of {HARTS} harts up" in smp.boot_log, smp.boot_log
    harts = smp.run("harts")
    rows = re.findall(r"^\s*(\d+)\s+\d+\s+(\d+)\s", harts, re.M)
    assert [int(i) for i, _ in rows] == list(range(HARTS)), harts
    # The Monitor is on hart 0; placement spreads new tasks over the rest.
    ids = [started(smp, "run --bg cat") for _ in range(HARTS - 1)]
    table = ps(smp)
    placed = sorted(int(re.search(rf"^\s*{i}\s+cat\s+\w+\s+(\d+)", table, re.M).group(1))
                    for i in ids)
    assert placed == list(range(1, HARTS)), table
    assert re.search(r"^\s*1\s+monitor\s+\w+\s+0\s", table, re.M), table
    for i in ids:
        assert "killed" in smp.run(f"kill {i}")
    assert "no hart 9" in smp.run("run --hart 9 hello")


def test_a_log_storm_from_every_hart_is_accounted_for(smp):
    before = int(re.search(r"(\d+) records since boot", smp.run("log --count")).group(1))
    for hart in range(HARTS):
        assert "started as task" in smp.run(f"run --bg --hart {hart} smpcheck log 100000")
    wait_until_gone(smp, "smpcheck", timeout=300)
    count = smp.run("log --count")
    match = re.search(r"(\d+) records since boot, (\d+) in the ring, (\d+) dropped", count)
    assert match, count
    total, kept, dropped = map(int, match.groups())
    # Each storm record, plus the spawn and exit lines and the Monitor's
    # own: every record is either still in the ring or counted dropped.
    assert HARTS * 100000 <= total - before <= HARTS * 100000 + 8 * HARTS, count
    assert kept + dropped == total, count
    assert "log 100000 of 100000" in smp.run("log -n 40") or kept == 256


def test_a_spawn_crash_kill_storm_leaves_memory_as_it_was(smp):
    before = parse_slot_map(smp.run("mem"))
    heap_before = re.search(r"heap\s+used (\S+)", smp.run("mem")).group(1)
    out = smp.run("run smpcheck storm 240", timeout=240)
    assert f"storm of 240 over {HARTS} harts: 80 exited, 80 crashed, 80 killed, 0 failed" in out, out
    mem = smp.run("mem")
    assert parse_slot_map(mem) == before, mem
    assert re.search(r"heap\s+used (\S+)", mem).group(1) == heap_before, mem
    table = ps(smp)
    assert table.strip().count("\n") == 0 and "monitor" in table, table


def test_fpcheck_copies_on_different_harts(smp):
    seen = ""
    for hart, seed in [(1, 7), (1, 8), (2, 9)]:
        seen += smp.run(f"run --bg --hart {hart} fpcheck {seed}")
    seen += smp.run("run --hart 2 fpcheck 10")
    for _ in range(20):
        if all(f"fpcheck {s}: 300 switches, floating-point registers intact" in seen
               for s in (7, 8, 9, 10)):
            break
        time.sleep(0.3)
        smp.child.sendline("uptime")
        smp.expect(r"up \d+:\d\d:\d\d")
        seen += smp.child.before
    for s in (7, 8, 9, 10):
        assert f"fpcheck {s}: 300 switches, floating-point registers intact" in seen, seen


def test_streams_and_wait_between_harts(smp):
    sync(smp)
    out = smp.run("run smpcheck echo 40", timeout=120)
    lines = re.findall(r"40 lines through cat on hart (\d+) \(task \d+\): 0 wrong, exited", out)
    assert len(lines) == HARTS - 1, out
    assert "exited with status 0" in out


def test_a_hog_on_each_hart_leaves_the_monitor_answering(smp):
    sync(smp)
    for hart in range(HARTS):
        hog = started(smp, f"run --bg --hart {hart} hog")
        # Hart 0 is the Monitor's: it answers once the watchdog lets it
        # preempt the hog (2 s); on the other harts at once.
        start = time.monotonic()
        answer(smp, "uptime", r"up \d+:\d\d:\d\d")
        assert hart == 0 or time.monotonic() - start < 5
        # kill returns once the hog has stopped on its hart.
        answer(smp, f"kill {hog}", rf"\[hog \(task {hog}\) killed\]")
        assert not re.search(rf"^\s*{hog} hog", ps(smp), re.M)
        # In the foreground, the attention key ends it from hart 0's UART.
        smp.child.sendline(f"run --hart {hart} hog")
        smp.expect("spinning forever")
        smp.child.send(ATTENTION)
        smp.expect(r"\[hog killed from the keyboard\]", timeout=15)
        smp.child.expect_exact("tabula> ")


def switches(machine, task):
    """Task's switch count from ps."""
    table = ps(machine)
    match = re.search(rf"^\s*{task} .* (\d+)$", table, re.M)
    assert match, table
    return int(match.group(1))


def still_switching(machine, task, timeout=20):
    """Whether task's switch count grows within timeout (a loaded host may
    leave its hart's thread waiting a while)."""
    before = switches(machine, task)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        time.sleep(0.2)
        if switches(machine, task) > before:
            return True
    return False


def test_the_unusual_lands_on_tasks_yielding_through_the_fast_path(smp):
    """Two tasks yielding to each other take yield.S's fast path until the
    hart's slow_yield flag sends a yield to C: a hog beside them marked not
    responding (and preempted) that yields at last, a task ending (its
    slot released in the context switched to, a yielder's), kills. Each
    must be seen to, and the pairs must go on yielding around them."""
    sync(smp)
    before = parse_slot_map(smp.run("mem"))
    # On hart 1 the pair alone (one task ready at each yield); on hart 0
    # with the Monitor, woken by our typing (two or three ready).
    pairs = [[started(smp, f"run --bg --hart {hart} bench peer yield 1000000000000")
              for _ in range(2)] for hart in (1, 0)]
    answer(smp, "watchdog 0.05", r"not responding after 0\.05")
    try:
        hog = started(smp, "run --bg --hart 1 hog --for 1")
        answer(smp, "uptime", rf"\[hog \(task {hog}\) exited with status 0\]", timeout=30)
    finally:
        answer(smp, "watchdog 2", r"not responding after 2\b")
    log = smp.run("log -n 30")
    assert re.search(rf"hog \(task {hog}\) is not responding(.|\n)*"
                     rf"hog \(task {hog}\) is responding again", log), log
    assert still_switching(smp, pairs[0][0])
    assert "[hello exited with status 0]" in smp.run("run --hart 1 hello")
    assert still_switching(smp, pairs[0][0])
    for pair in pairs:
        for task in pair:
            answer(smp, f"kill {task}", rf"\[bench \(task {task}\) killed\]")
    table = ps(smp)
    assert table.strip().count("\n") == 0 and "monitor" in table, table
    mem = smp.run("mem")
    assert parse_slot_map(mem) == before, mem


def test_a_bench_on_hart_1_under_icount_runs_to_its_end():
    """Under -icount QEMU (7.2) runs the harts in turn in one thread and
    gives the first runnable one, hart 0, the whole slice up to the next
    timer. The bench's first sleep programs its timer under the scheduler's
    lock, which ends hart 1's turn there; the Monitor's hart, woken by the
    bench's output, then spun for that lock, and hart 1 never ran again.
    A hart waiting for a lock now passes the turn on (wfe on the Pi, wfi
    on virt: arch_spin_wait_inline)."""
    machine = Tabula("--icount-nosleep", *(["--smp", "2"] if BOARD == "virt" else []))
    try:
        out = machine.run("run --hart 1 bench quick sleep yield", timeout=60)
    finally:
        machine.close()
    for name in ("sleep_wakeup", "yield_pingpong"):
        assert re.search(rf"^{name}\s+\d", out, re.M), out
    assert out.splitlines()[-1] == "[bench exited with status 0]", out
