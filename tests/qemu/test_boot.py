"""Booting, the console contract, and the Monitor's basic commands."""
import os
import re
import subprocess
import time

import pexpect

from conftest import BOARD, BOARD_INFO, PROMPT, ROOT, Tabula, only_on, qemu_sh


def test_boots_to_the_plain_prompt(tabula):
    assert f"tabula on {BOARD_INFO['model']}" in tabula.boot_log
    # Plain mode: no escape sequences once the kernel speaks.
    kernel_part = tabula.boot_log[tabula.boot_log.index("tabula on"):]
    assert "\x1b" not in kernel_part


def test_help_lists_every_command(tabula):
    out = tabula.run("help")
    for command in ["help", "apps", "run", "ps", "kill", "mem", "log", "uptime",
                    "halt", "reboot"]:
        assert re.search(rf"^\s*{command}\b", out, re.M), f"{command} missing from help"


def test_unknown_command_gets_one_line_and_the_prompt(tabula):
    out = tabula.run("frobnicate now")
    assert out.strip().count("\n") == 0
    assert "unknown command 'frobnicate'" in out


def test_bad_arguments_are_explained(tabula):
    assert "kill" in tabula.run("kill")
    assert re.search(r"kill: no task 99", tabula.run("kill 99"))
    assert "kill" in tabula.run("kill banana")
    assert "run" in tabula.run("run")
    assert "--mem" in tabula.run("run hello --mem lots")


def test_apps_lists_the_archive(tabula):
    out = tabula.run("apps")
    for app in ["hello", "crashme", "monitor"]:
        assert re.search(rf"^\s*{app}\b", out, re.M)


def test_ps_shows_the_monitor(tabula):
    out = tabula.run("ps")
    assert re.search(r"^\s*1\s+monitor\s+running", out, re.M), out


def test_uptime_counts_guest_time(tabula):
    out = tabula.run("uptime")
    assert re.search(r"\d+(\.\d+)?\s*s|\d+:\d\d", out), out


def test_log_shows_kernel_records(tabula):
    out = tabula.run("log -n 50")
    assert re.search(r"app archive: \d+ apps", out)
    assert "spawned monitor" in out
    assert "info" in out
    out = tabula.run("log -n 1")
    assert len([l for l in out.splitlines() if l.strip()]) == 1


def test_halt_ends_qemu_with_status_zero(tabula):
    assert tabula.halt() == 0


def test_exec_runs_commands_at_boot():
    child = pexpect.spawn(os.path.join(ROOT, "qemu.sh"),
                          ["--plain", "--nographic", "--board", BOARD,
                           "--exec", "run hello; halt"],
                          cwd=ROOT, encoding="utf-8", timeout=60)
    child.expect_exact("hello, world")
    child.expect_exact("[hello exited with status 0]")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0


def test_qemu_sh_refuses_what_is_not_there_yet():
    for flags, word in [(["--board", "vax"], "vax"),
                        (["--smp", "x"], "--smp"), (["--bogus"], "--bogus")]:
        run = qemu_sh(*flags)
        assert run.returncode == 2, flags
        assert word in run.stderr, run.stderr


def test_qemu_sh_help_lists_the_contract():
    run = subprocess.run([os.path.join(ROOT, "qemu.sh"), "--help"], cwd=ROOT,
                         capture_output=True, text=True, timeout=60)
    assert run.returncode == 0
    for flag in ["--nographic", "--plain", "--exec", "--smp", "--mem", "--icount",
                 "--board", "--gdb", "Ctrl-A"]:
        assert flag in run.stdout


@only_on("virt", why="raspi3b is fixed at 4 cores and 1 GiB, so --smp and --mem are refused")
def test_smp_and_mem_flags_reach_the_machine():
    machine = Tabula("--smp", "2", "--mem", "256M")
    try:
        assert "2 harts, 256 MiB RAM" in machine.boot_log
        # The SBI's view of the harts: the one OpenSBI booted us on (either:
        # it draws lots) runs, the other is parked in OpenSBI.
        states = dict(re.findall(r"info: hart (\d): (\w+)", machine.boot_log))
        assert sorted(states) == ["0", "1"], machine.boot_log[-1500:]
        assert sorted(states.values()) == ["started", "stopped"], states
    finally:
        machine.close()


@only_on("pi3", why="virt takes --smp and --mem")
def test_pi3_is_a_fixed_board():
    for flags, word in [(["--smp", "2"], "--smp 2"), (["--mem", "256M"], "--mem 256M")]:
        run = qemu_sh(*flags)
        assert run.returncode == 2, flags
        assert word in run.stderr and "Pi 3" in run.stderr, run.stderr


@only_on("pi3", why="the ARM's share of RAM comes from the Pi's VideoCore")
def test_pi3_reports_its_cores_and_the_arm_share_of_ram(tabula):
    # 1 GiB, less the VideoCore's 64 MiB: the size comes from the mailbox.
    assert "4 harts, 960 MiB RAM at 0x0" in tabula.boot_log, tabula.boot_log


def test_timer_interrupts_wake_the_idle_monitor(tabula):
    # The Monitor sleeps in poll() with a 250 ms timeout; only the timer
    # interrupt ends those sleeps while nobody types. A `ps` alone costs it
    # about one switch; two idle seconds should add about eight.
    def monitor_switches():
        out = tabula.run("ps")
        return int(re.search(r"^\s*1\s+monitor\s.*\s(\d+)\s*$", out, re.M).group(1))

    before = monitor_switches()
    time.sleep(2)
    assert monitor_switches() - before >= 5
