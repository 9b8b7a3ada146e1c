"""A crashing app dies alone, with a report; the system carries on."""
import re

import pytest

CRASHES = {
    "null": r"\[crashme crashed: store access fault at pc 0x[0-9a-f]+ \(crashme\+0x[0-9a-f]+\), address 0x0\]",
    "illegal": r"\[crashme crashed: illegal instruction at pc 0x[0-9a-f]+ \(crashme\+0x[0-9a-f]+\)",
    "misaligned": r"\[crashme crashed: misaligned (load|store) at pc 0x[0-9a-f]+ \(crashme\+0x[0-9a-f]+\)",
    "ebreak": r"\[crashme crashed: breakpoint at pc 0x[0-9a-f]+ \(crashme\+0x[0-9a-f]+\)",
    "overflow": r"\[crashme died: stack overflow",
}


def slot_owners(mem_output):
    return re.findall(r"^\s*\S\s+0x[0-9a-f]+\s+\S+\s+(\S+)", mem_output, re.M)


@pytest.mark.parametrize("mode", sorted(CRASHES))
def test_crash_is_reported_and_the_prompt_returns(shared_tabula, mode):
    out = shared_tabula.run(f"run crashme {mode}")
    assert re.search(CRASHES[mode], out), out
    # The kernel logged the crash too, naming the task and the cause.
    log = shared_tabula.run("log -n 3")
    assert "crashme" in log


def test_oom_reports_what_it_got(shared_tabula):
    out = shared_tabula.run("run crashme oom")
    got = re.search(r"oom: got (\d+) bytes before malloc failed", out)
    assert got and int(got.group(1)) > 64 * 1024, out
    assert out.splitlines()[-1] == "[crashme exited with status 0]"


def test_twenty_crashes_in_a_row_free_every_slot(shared_tabula):
    modes = sorted(CRASHES)
    before = shared_tabula.run("mem")
    for i in range(20):
        mode = modes[i % len(modes)]
        out = shared_tabula.run(f"run crashme {mode}")
        assert re.search(CRASHES[mode], out), out
    after = shared_tabula.run("mem")
    assert slot_owners(after) == ["monitor", "free"], after
    assert slot_owners(before) == slot_owners(after)
    # And the machine still works.
    assert "hello, world" in shared_tabula.run("run hello")
