"""apps/bench: `run bench quick` prints every figure make bench reads (the
board's baseline names), and the Monitor grants the capabilities the app
declares. (The figures' values are make bench's business: tests never
assert on timing.)"""
import json
import os
import re

from conftest import BOARD, ROOT

RESULT = re.compile(r"^(\w+)\s+(\d+(?:\.\d+)?)\s+(ns|MB/s)\s+(\d+)\s*$", re.M)


def expected_names():
    name = {"virt": "bench-baseline.json", "pi3": "bench-baseline-pi3.json"}[BOARD]
    with open(os.path.join(ROOT, "tools", name)) as f:
        baseline = json.load(f)
    # boot_to_prompt is measured by tools/bench.py, not by the app.
    return {b["name"] for b in baseline["benchmarks"]} - {"boot_to_prompt"}


def test_bench_quick_prints_every_figure(tabula):
    out = tabula.run("run bench quick", timeout=300)
    assert "[bench granted SPAWN TASKS STATS LOGREAD BENCH]" in out, out
    assert out.splitlines()[-1] == "[bench exited with status 0]", out
    printed = {m.group(1): m for m in RESULT.finditer(out)}
    missing = expected_names() - set(printed)
    assert not missing, f"not printed: {sorted(missing)}\n{out}"
    for name, m in printed.items():
        assert int(m.group(4)) > 0, name
    assert "# bench: done" in out


def test_bench_runs_only_what_is_asked(tabula):
    out = tabula.run("run bench quick sleep", timeout=120)
    printed = [m.group(1) for m in RESULT.finditer(out)]
    assert printed == ["sleep_wakeup"], out


def test_apps_without_a_capability_note_get_none(tabula):
    out = tabula.run("run nop")
    assert out.splitlines() == ["[nop exited with status 0]"], out
