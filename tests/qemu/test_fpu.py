"""Floating point across task switches. The kernel saves FP registers only
for tasks that have used the FPU, turning it on at a task's first FP
instruction (a trap); two FP tasks yielding to each other must each keep
their own registers and rounding mode. (That a real illegal instruction
still kills its task, after the retry with the FPU on, is test_crash's.)"""


def test_two_fp_tasks_keep_their_registers(tabula):
    tabula.child.sendline("run fpcheck 3 &")
    tabula.child.sendline("run fpcheck 8")
    results = {}
    while len(results) < 2:
        m = tabula.expect(r"fpcheck (\d): (ok|FAILED)[^\r\n]*", timeout=60)
        results[m.group(1)] = m.group(0)
    assert set(results) == {"3", "8"}
    for line in results.values():
        assert ": ok" in line, line
