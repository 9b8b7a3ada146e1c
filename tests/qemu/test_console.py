"""The tabbed console, as a user's terminal shows it: booted without
--plain, driven through pexpect, with the screen kept by pyte."""
import re
import time

import pexpect
import pytest

from console import AMBER, ATTENTION, CYAN, Console


@pytest.fixture
def console():
    machine = Console()
    yield machine
    machine.close()


def test_tab_bar_status_line_and_prompt(console):
    console.wait(lambda: re.search(r"\d+:\d\d:\d\d", console.status_line()), "the clock")
    bar = console.tab_bar()
    for name in ["TABULA", "1 status", "2 log", "3 shell"]:
        assert name in bar, bar
    assert console.focused_tab() == "3 shell"
    status = console.status_line()
    assert re.search(r"\d+:\d\d:\d\d", status), status
    assert re.search(r"\d+ harts?\b", status) and "task" in status and re.search(r"\d+(\.\d)?M/\d+M", status), status
    # The layout took the terminal's size from its answer: 100 x 30 here.
    assert len(console.lines()) == 30 and len(bar) == 100
    assert re.search(r"\d+ hart", console.lines()[29])


def test_every_tab_key_binding(console):
    console.prefix("1")
    console.wait(lambda: console.focused_tab() == "1 status", "Ctrl-A 1")
    console.wait_text(r"TASKS", console.body)
    assert "MEMORY" in console.body() and "monitor" in console.body()
    console.prefix("n")
    console.wait(lambda: console.focused_tab() == "2 log", "Ctrl-A n")
    console.wait_text(r"KERNEL LOG", console.body)
    console.prefix("p")
    console.wait(lambda: console.focused_tab() == "1 status", "Ctrl-A p")
    console.send(b"\x1b3")  # Alt-3
    console.wait(lambda: console.focused_tab() == "3 shell", "Alt-3")
    console.send(b"\x1bOQ")  # F2
    console.wait(lambda: console.focused_tab() == "2 log", "F2")
    console.send(b"\x1b[15~")  # F5: no such tab, nothing changes
    console.send(b"\x1bOP")  # F1
    console.wait(lambda: console.focused_tab() == "1 status", "F1")
    console.prefix("3")
    console.wait(lambda: console.focused_tab() == "3 shell", "Ctrl-A 3")
    console.command("tab 2")
    console.wait(lambda: console.focused_tab() == "2 log", "tab 2")
    console.prefix("?")
    console.wait_text(r"KEYS", console.body)
    console.wait_text(r"force-quit the app", console.body)
    console.send("x")  # any key closes the help
    console.wait(lambda: "KEYS" not in console.body(), "the help box to close")


def test_donut_animates_in_its_tab(console):
    console.command("run donut")
    console.wait(lambda: console.focused_tab() == "4 donut", "donut's tab")
    console.wait_text(r"[@$#*]", console.body)
    frames = set()
    end = time.time() + 60
    while len(frames) < 4 and time.time() < end:
        console.pump(0.3)
        frames.add(console.body())
    assert len(frames) >= 4, "the donut did not move:\n" + console.dump()
    assert "running" in console.status_line()
    console.send("q")
    console.wait_text(r"\[donut exited with status 0\]", console.body)


# The Monitor can show a hog's mark only while the hog is preempted
# (arch_preempt, on both boards).
def test_hog_is_marked_then_force_quit_and_the_shell_answers(console):
    console.command("run hog")
    console.wait(lambda: console.focused_tab().startswith("4 hog"), "hog's tab")
    # After 2 s without yielding: marked in the tab bar and the status line,
    # while the console keeps drawing (the hog is preempted for it).
    console.wait(lambda: "NOT RESPONDING" in console.status_line(), "the not-responding mark")
    assert "hog!" in console.tab_bar()
    before = console.status_line()
    console.wait(lambda: console.status_line() != before, "the clock to tick during the hog")
    console.send(ATTENTION)
    console.wait_text(r"\[hog killed from the keyboard\]", console.body)
    assert "hog\u2717" in console.tab_bar()  # the crashed mark
    console.prefix("3")
    console.wait(lambda: console.focused_tab() == "3 shell", "the shell tab")
    console.command("uptime")
    console.wait_text(r"up \d+:\d\d:\d\d \(", console.body)
    console.command("log -n 4")
    console.wait_text(r"hog \(task \d+\) killed from the keyboard", console.body)


def test_a_hog_recovers_its_mark_when_it_yields(console):
    console.command("run hog --for 3")
    console.wait(lambda: "hog!" in console.tab_bar(), "the not-responding mark")
    console.wait_text(r"hog: yielded after", console.body)
    console.wait_text(r"\[hog exited with status 0\]", console.body)
    assert "hog!" not in console.tab_bar() and "hog\u2713" in console.tab_bar()
    console.prefix("2")
    console.wait_text(r"hog \(task \d+\) is responding again", console.body)


def test_crash_is_shown_in_its_tab_and_the_log(console):
    console.command("run crashme null")
    # The line is wider than the tab, so only its start is matched.
    console.wait_text(r"\[crashme crashed: null pointer dereference \(store (page|access) fault\) "
                      r"at pc 0x[0-9a-f]+ \(crashme\+0x[0-9a-f]+\)", console.body)
    assert "crashme\u2717" in console.tab_bar()
    console.send("\r")  # Enter closes an ended tab
    console.wait(lambda: "crashme" not in console.tab_bar(), "the tab to close")
    assert console.focused_tab() == "3 shell"
    console.prefix("2")
    console.wait_text(r"error crashme\s+crashme crashed: null pointer dereference", console.body)


def test_three_apps_animate_side_by_side(console):
    console.command("run life --bg")
    console.command("run sysmon --bg")
    console.command("run donut")
    console.wait(lambda: console.focused_tab() == "6 donut", "donut's tab")
    for key, name in [("4", "life"), ("5", "sysmon"), ("6", "donut")]:
        console.prefix(key)
        console.wait(lambda: console.focused_tab().startswith(key + " " + name), name)
        console.pump(0.5)
        first = console.body()
        console.wait(lambda: console.body() != first, f"{name} to animate")
    console.prefix("5")
    console.wait_text(r"\d+ +donut +\w+ +\d+%", console.body)
    # Unfocused tabs that produce output are marked.
    console.wait(lambda: "life\u2022" in console.tab_bar() or "donut\u2022" in console.tab_bar(),
                 "a new-output mark")


def test_canvas_renders_in_half_blocks(console):
    console.command("run donut --canvas")
    console.wait(lambda: console.focused_tab() == "4 donut", "donut's tab")

    def picture():
        rows = console.screen.buffer
        return tuple((rows[y][x].data, rows[y][x].fg, rows[y][x].bg)
                     for y in range(1, console.screen.lines - 1)
                     for x in range(console.screen.columns))

    console.wait(lambda: any(c[0] == "\u2580" for c in picture()), "half blocks")
    first = picture()
    console.wait(lambda: picture() != first, "the canvas to change")
    console.send("q")
    console.wait_text(r"\[donut exited with status 0\]", console.body)


def test_line_mode_input_echo_history_and_end_of_file(console):
    console.command("run cat")
    console.wait(lambda: console.focused_tab() == "4 cat", "cat's tab")
    console.send("hello tabs\r")
    console.wait(lambda: console.body().count("hello tabs") == 2, "the echo and cat's copy")
    console.send("oops\x7f\x7f\x7f\x7fyes\r")
    console.wait(lambda: console.body().count("yes") == 2, "the edited line")
    assert "oops" not in console.body()
    console.send(" a secret\r")  # a space first: not kept for Up
    console.wait(lambda: console.body().count("a secret") == 2, "the secret line")
    console.send("\x04")
    console.wait_text(r"cat: 3 lines, 25 bytes", console.body)
    console.wait_text(r"\[cat exited with status 0\]", console.body)
    # The next run of cat starts with this run's lines: Up recalls them,
    # newest first, and they are edited as in the shell.
    console.send("\r")
    console.command("run cat")
    console.wait(lambda: console.focused_tab() == "4 cat", "cat's second tab")
    console.send("\x1b[A")
    console.wait_last_line("yes")
    console.send("\x1b[A\x1b[D\x1b[D\x1b[DX\r")  # Up, left x3, X
    console.wait(lambda: console.body().count("hello tXabs") == 2, "the recalled, edited line")
    console.send("\x04")
    console.wait_text(r"cat: 1 lines, 12 bytes", console.body)


def test_shell_editing_history_and_completion(console):
    console.send("upt\t")
    console.wait_text(r"tabula> uptime", console.body)
    console.wait(lambda: console.screen.cursor.x == len("tabula> uptime "), "a space after")
    console.send("\r")
    console.wait_text(r"up \d+:\d\d:\d\d", console.body)
    console.send("run he\t")
    console.wait_text(r"tabula> run hello", console.body)
    console.send("\x1b[D\x1b[D\x1b[DX\x1b[F\r")  # left x3, X, End
    console.wait_text(r"no app named 'helXlo'", console.body)
    console.send("\x1b[A\x1b[A")  # Up twice: back to uptime
    console.wait_last_line("tabula> uptime")
    console.send("\x15tabs\r")  # Ctrl-U, then tabs
    console.wait_text(r"shell +- +", console.body)


def test_resize_and_close(console):
    console.command("resize 60x20")
    console.wait(lambda: "hart" in console.lines()[19] and "hart" not in console.lines()[29],
                 "the status line on row 20")
    assert "3 shell" in console.tab_bar()[:60]
    console.command("resize")
    console.wait(lambda: "hart" in console.lines()[29], "the status line back on row 30")
    console.command("run hello --bg")
    console.wait(lambda: "hello\u2713" in console.tab_bar(), "hello to end in its tab")
    console.command("close 4")
    console.wait(lambda: "hello" not in console.tab_bar(), "the tab to close")
    console.command("close 3")
    console.wait_text(r"close: tab 3 \(shell\) belongs to the Monitor", console.body)


def test_idle_screen_costs_almost_nothing(console, record_property):
    # Settle, then count what idle seconds cost: the clock's cells only.
    console.pump(2.0)
    idle = console.pump(4.0) / 4.0
    # One changed cell: a typed character, echoed at the prompt. Counted
    # from the keystroke until the echo shows, and a moment after. The
    # clock may redraw in the same window (several cells when a minute
    # rolls over), so the cheapest of three keystrokes is the figure.
    echoes = []
    for typed in ("x", "xy", "xyz"):
        before = console.received
        console.send(typed[-1])
        console.wait(lambda: re.search(rf"tabula> {typed} *$", console.body(), re.M), "the echo")
        console.pump(0.2)
        echoes.append(console.received - before)
    echo = min(echoes)
    record_property("idle_bytes_per_second", idle)
    record_property("echo_bytes", echo)
    print(f"\nidle: {idle:.1f} bytes/s; one typed character: {echo} bytes")
    assert idle < 120, f"an idle second cost {idle:.0f} bytes"
    # The echo (a clock tick may still land in the same window: allow for one).
    assert echo < 64, f"one changed cell cost {echo} bytes"


def test_256_colour_theme(console):
    console.command("theme 256")
    console.wait_text(r"colours: 256", console.body)
    console.prefix("1")
    console.wait_text(r"TASKS", console.body)

    def lit():
        row = console.screen.buffer[0]
        return "".join(row[x].data for x in range(console.screen.columns)
                       if row[x].bg == "00ffff").strip()
    # The palette's cyan (51, which pyte reports as 00ffff) lights the tab.
    console.wait(lambda: lit() == "1 status", "the status tab lit in palette cyan")


def test_halt_gives_the_terminal_back():
    machine = Console()
    try:
        machine.command("halt")
        machine.child.expect(r"halting\. bye!")
        machine.child.expect(pexpect.EOF)
        machine.child.close()
        assert machine.child.exitstatus == 0
    finally:
        machine.close()
