"""Running apps: output, arguments, exit codes, and failures to start."""
import re
import time

from conftest import BOARD_INFO, BUILD, Tabula
import pytest


def test_hello_prints_its_arguments(tabula):
    out = tabula.run("run hello a b")
    lines = out.splitlines()
    assert "hello, world" in lines
    assert "argv[1] = a" in lines
    assert "argv[2] = b" in lines
    assert lines[-1] == "[hello exited with status 0]"


def test_exit_code_reaches_the_monitor(tabula):
    out = tabula.run("run hello --exit 3")
    assert out.splitlines()[-1] == "[hello exited with status 3]"


def test_apps_run_one_after_another(tabula):
    for i in range(5):
        assert "hello, world" in tabula.run(f"run hello {i}")
    out = tabula.run("ps")
    assert "hello" not in out


def test_unknown_app_is_refused(tabula):
    out = tabula.run("run nosuchapp")
    assert "no app named 'nosuchapp'" in out


def test_mem_too_small_for_the_app(tabula):
    out = tabula.run("run hello --mem 16K")
    assert "too small for hello" in out
    assert "16 KiB" in out


def test_mem_larger_than_any_free_block(tabula):
    out = tabula.run("run hello --mem 1G")
    assert re.search(r"a slot of 1024 MiB for hello is larger than all task memory \(\d+ KiB\)",
                     out), out
    # Smaller than the arena but more than its largest free block (the
    # Monitor's slot and the framebuffer's take some of it).
    total = int(re.search(r"all task memory \((\d+) KiB\)", out).group(1))
    out = tabula.run(f"run hello --mem {total}K")
    assert re.search(rf"no free slot of {total} KiB for hello \(largest free block: \d+ KiB\)",
                     out), out


def test_mem_option_sets_the_slot_size(tabula):
    assert "hello, world" in tabula.run("run hello --mem 1M")
    log = tabula.run("log -n 10")
    assert re.search(r"spawned hello: slot 0x[0-9a-f]+, 1024 KiB", log), log


@pytest.fixture(scope="module")
def corrupt():
    machine = Tabula(kernel=f"{BUILD}/tabula-test.elf")
    yield machine
    machine.close()


@pytest.mark.parametrize("app,message", [
    ("badmagic", "not an ELF file"),
    ("truncated", "truncated"),
    ("wrongarch", f"need {BOARD_INFO['isa']}"),
    ("badreloc", "unknown relocation type"),
])
def test_corrupt_app_is_refused_with_its_reason(corrupt, app, message):
    out = corrupt.run(f"run {app}")
    assert out.startswith("run: "), out
    assert f"{app}: " in out and message in out, out
    # The refusal leaves nothing behind: the next app still runs.
    assert "hello, world" in corrupt.run("run hello")


def test_typed_input_reaches_the_app_and_ctrl_d_ends_it(tabula):
    child = tabula.child
    child.sendline("run cat")
    child.sendline("first line")
    child.expect_exact("first line")   # the Monitor's echo
    child.expect_exact("first line")   # cat's copy
    child.sendline("second")
    child.expect_exact("second")
    child.expect_exact("second")
    child.send("\x04")                 # Ctrl-D on an empty line: end of file
    child.expect(r"cat: 2 lines, 18 bytes")
    child.expect_exact("[cat exited with status 0]")
    child.expect_exact("tabula> ")


def test_ctrl_c_kills_the_foreground_app(tabula):
    child = tabula.child
    child.sendline("run cat")
    child.sendline("ping")
    child.expect_exact("ping")
    child.send("\x03")
    child.expect_exact("[cat killed]")
    child.expect_exact("tabula> ")
    assert "cat" not in tabula.run("ps")


def test_privileged_calls_are_refused_and_logged(tabula):
    out = tabula.run("run caps")
    for call in ["spawn", "kill", "task_list", "mem_stats", "log_read", "power"]:
        assert re.search(rf"^{call}\s+refused \(-TABULA_EPERM\)$", out, re.M), out
    log = tabula.run("log -n 8")
    assert "caps: spawn refused: needs capability SPAWN" in log
    assert "caps: power refused: needs capability POWER" in log
    # Still running: the refused halt did not halt.
    assert "hello, world" in tabula.run("run hello")


def test_floating_point_registers_survive_task_switches():
    # Two tasks hold different values in the callee-saved FP registers and
    # different rounding modes, and yield to each other 300 times each; a
    # switch that lost either shows up as a different result. On RISC-V this
    # also covers lazy FP: each task's first FP instruction traps and turns
    # the FPU on. --exec starts both at once.
    machine = Tabula("--exec", "run fpcheck 7 &; run fpcheck 9 &")
    try:
        seen = {}
        while len(seen) < 2:
            match = machine.expect(r"fpcheck (7|9): ([^\r\n]*)\r*\n")
            seen[match.group(1)] = match.group(2)
        for seed, report in seen.items():
            assert report == "300 switches, floating-point registers intact", (seed, report)
    finally:
        machine.close()


def test_key_events_from_the_serial_console(tabula):
    """A terminal's bytes reach the focused app's key_read as keys held a
    short while (escape sequences as the keys that send them, modifiers
    as their own keys, pressed first): another key releases the one held,
    the same bytes again are the terminal's auto-repeat, and a pause lets
    the key go. The attention key still ends the app."""
    tabula.child.sendline("run keys")
    tabula.child.expect_exact("keys: ready")
    # Ctrl-B, not Ctrl-A: QEMU's serial multiplexer takes Ctrl-A.
    tabula.child.send("aA\x02")
    tabula.child.send("\x1b[A\x1b[A\x1b[1;5D\x1b[5;2~")
    time.sleep(0.5)
    tabula.child.send("\x1b")  # alone, so the Escape key
    time.sleep(0.5)
    tabula.child.send("\x1c")
    tabula.child.expect_exact("[keys killed from the keyboard]")
    events = re.findall(r"key \d+ \w+(?: shift| ctrl| alt)*", tabula.child.before)
    assert events == ["key 30 down", "key 30 up",
                      "key 42 down shift", "key 30 down shift", "key 30 up shift", "key 42 up",
                      "key 29 down ctrl", "key 48 down ctrl", "key 48 up ctrl", "key 29 up",
                      "key 103 down", "key 103 repeat", "key 103 up",
                      "key 29 down ctrl", "key 105 down ctrl", "key 105 up ctrl", "key 29 up",
                      "key 42 down shift", "key 104 down shift", "key 104 up shift", "key 42 up",
                      "key 1 down", "key 1 up"]
