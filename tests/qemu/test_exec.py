"""Boot commands (--exec) past the old limits, and the names the log gives
tasks that have ended."""
import os
import re

import pexpect

from conftest import BOARD, ROOT, qemu_sh


def boot(exec_cmds, timeout=120):
    child = pexpect.spawn(os.path.join(ROOT, "qemu.sh"),
                          ["--plain", "--nographic", "--board", BOARD, "--exec", exec_cmds],
                          cwd=ROOT, encoding="utf-8", timeout=timeout)
    child.expect(pexpect.EOF)
    child.close()
    return child.before, child.exitstatus


def test_exec_longer_than_255_bytes_runs_every_command():
    cmds = "; ".join(f"run hello number{i:03d}" for i in range(24)) + "; halt"
    assert len(cmds) > 255
    out, status = boot(cmds)
    assert status == 0, out
    assert "argv[1] = number000" in out and "argv[1] = number023" in out, out[-2000:]


def test_exec_over_the_monitors_limit_is_named():
    cmds = "; ".join(f"run hello padding{i:04d}" for i in range(60))
    assert 1023 < len(cmds) < 4000
    child = pexpect.spawn(os.path.join(ROOT, "qemu.sh"),
                          ["--plain", "--nographic", "--board", BOARD, "--exec", cmds],
                          cwd=ROOT, encoding="utf-8", timeout=120)
    try:
        child.expect_exact("exec= list too long; running the first 1023 bytes")
        child.expect_exact("argv[1] = padding0000")  # and the list runs
    finally:
        child.terminate(force=True)


def test_exec_beyond_the_kernels_limit_is_refused_before_booting():
    run = qemu_sh("--plain", "--nographic", "--exec", "x" * 5000)
    assert run.returncode == 2
    assert "--exec is too long" in run.stderr and "the limit is 4095" in run.stderr


def test_semicolon_inside_quotes_stays_in_the_command():
    out, status = boot('run A="x;y" posix env A; run hello "semi;colon"; halt')
    assert status == 0, out
    assert "A=x;y" in out, out
    assert "argv[1] = semi;colon" in out, out


def test_log_names_an_ended_task_by_its_app(tabula):
    tabula.run("run hello")
    log = tabula.run("log -n 5")
    assert re.search(r"hello\s+hello exited with status 0", log), log
    assert not re.search(r"task \d+\s+hello exited", log), log
