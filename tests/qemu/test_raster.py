"""Canvas apps on the serial terminal (no display): the tabbed console
shows a canvas as half blocks in 24-bit colour, sends only what changed,
and turns the terminal's bytes into held keys for the focused app. The
terminal is pyte (console.py), which keeps each cell's character and its
24-bit colours; the Monitor's `raster` command tells what the frames cost."""
import re

from conftest import BOARD
from console import ATTENTION, Console
from test_ports import doom_disk, ports_built  # noqa: F401 (fixtures)

HALVES = ("\u2580", "\u2584")  # upper, lower half block
RASTER = r"raster: (\d+) canvas frames to the terminal, (\d+) bytes a frame"


def pixels(console):
    """The body's half-block cells as {(x, y): (upper colour, lower colour)}:
    each cell is two pixels whichever half block the compositor chose."""
    out = {}
    for y in range(1, console.screen.lines - 1):
        row = console.screen.buffer[y]
        for x in range(console.screen.columns):
            cell = row[x]
            if cell.data == HALVES[0]:
                out[(x, y)] = (cell.fg, cell.bg)
            elif cell.data == HALVES[1]:
                out[(x, y)] = (cell.bg, cell.fg)
    return out


def colours(cells):
    return {c for pair in cells.values() for c in pair}


def wait_for_picture(console, what, min_colours=48):
    """Waits for a many-coloured half-block picture, then for it to
    change in at least a fifth of its cells; returns both."""
    console.wait(lambda: len(colours(pixels(console))) >= min_colours, what, timeout=180)
    first = pixels(console)

    def changed():
        now = pixels(console)
        moved = sum(1 for k, v in first.items() if now.get(k) != v)
        return len(colours(now)) >= min_colours and moved > len(first) // 5
    console.wait(changed, f"{what} to change", timeout=60)
    return first, pixels(console)


def raster_stats(console):
    """Frames sent and bytes a frame, from the shell tab's `raster`."""
    console.prefix("3")
    console.wait(lambda: console.focused_tab() == "3 shell", "Ctrl-A 3")
    console.command("raster")
    m = console.wait_text(RASTER, console.body)
    return int(m.group(1)), int(m.group(2))


def test_canvas_as_half_blocks(record_property):
    """The donut on a canvas: a picture of many 24-bit colours in half
    blocks, redrawn as it turns, each frame costing far less than a
    repaint of every cell (some 38 bytes a cell with both colours)."""
    console = Console()
    try:
        console.command("run donut --canvas")
        first, second = wait_for_picture(console, "the donut's canvas", min_colours=32)
        assert len(first) > 300 and len(second) > 300
        frames, per_frame = raster_stats(console)
        cells = console.screen.columns * (console.screen.lines - 2)
        record_property("donut_raster_bytes_per_frame", per_frame)
        print(f"\ndonut on the terminal: {frames} frames, {per_frame} bytes a frame")
        assert frames >= 2 and 0 < per_frame < cells * 16
    finally:
        console.close()


def test_terminal_keys_are_held_for_the_app():
    """`keys` in its tab gets a typed key as a press and, a moment later,
    a synthesized release; the same key typed again quickly (a terminal's
    auto-repeat) is a repeat of the held key; an arrow with Ctrl comes
    with Ctrl pressed first. The Monitor's Ctrl-A still switches tabs and
    Ctrl-\\ still ends the app."""
    console = Console()
    try:
        console.command("run keys")
        console.wait_text(r"keys: ready", console.body)
        console.send("j")
        console.wait_text(r"key 36 down\s+key 36 up", console.body)
        console.send("kkk")
        console.wait_text(r"key 37 down\s+key 37 repeat\s+key 37 repeat\s+key 37 up", console.body)
        console.send(b"\x1b[1;5A")
        console.wait_text(r"key 29 down ctrl\s+key 103 down ctrl\s+key 103 up ctrl\s+key 29 up",
                          console.body)
        console.prefix("3")
        console.wait(lambda: console.focused_tab() == "3 shell", "Ctrl-A 3 while keys has the focus")
        console.prefix("4")
        console.wait(lambda: console.focused_tab() == "4 keys", "Ctrl-A 4")
        console.send(b"\x1c")
        console.wait_text(r"keys killed from the keyboard", console.body)
    finally:
        console.close()


def test_doom_on_the_terminal(doom_disk, record_property):
    """DOOM's timedemo in its tab on the terminal: Freedoom's colours in
    half blocks, changing as the demo plays; Ctrl-A switches away and back
    while the game has the focus; once it ends, PgUp shows its text under
    the last frame, with the frames per second it reached while the
    terminal showed it. Then a game: keys typed on the terminal turn the
    player, and he stops when they stop (the synthesized release)."""
    console = Console(args=("--disk", doom_disk))
    try:
        console.command("run doom -timedemo demo1")
        wait_for_picture(console, "doom's canvas")
        console.prefix("3")
        console.wait(lambda: console.focused_tab() == "3 shell", "Ctrl-A 3 while doom has the focus")
        console.prefix("4")
        console.wait(lambda: console.focused_tab() == "4 doom" and len(pixels(console)) > 300,
                     "doom's tab again")
        console.wait(lambda: "doom ended" in console.status_line(), "the demo's end", timeout=300)
        console.send(b"\x1b[5~")  # PgUp
        m = console.wait_text(r"timed (\d+) gametics in (\d+) realtics \(([\d.]+) fps\)",
                              console.body)
        assert int(m.group(1)) > 1000
        fps = float(m.group(3))
        frames, per_frame = raster_stats(console)
        record_property("doom_terminal_fps", fps)
        record_property("doom_raster_bytes_per_frame", per_frame)
        print(f"\ndoom -timedemo demo1 on the terminal ({BOARD}): {fps} frames/s; "
              f"{frames} frames sent, {per_frame} bytes a frame")
        assert frames >= 2 and per_frame > 0

        # Playing: the player stands still until Left, held by the
        # terminal's auto-repeat, turns him; once the repeats stop the
        # synthesized release stops the turn and the picture settles.
        console.prefix("4")
        console.send("\r")  # closes the ended tab
        console.wait(lambda: console.focused_tab() == "3 shell", "the shell after closing doom's tab")
        console.command("run doom -warp 1 1")
        console.wait(lambda: len(colours(view(console))) >= 48, "the level", timeout=180)
        settled = settle(console)
        for _ in range(8):  # 25 repeats a second
            console.send(b"\x1b[D")
            console.pump(0.04)
        console.pump(1.0)
        turned = view(console)
        assert changed(settled, turned) > 0.4, "holding Left did not turn the view"
        settle(console)
        console.send(ATTENTION)
        console.wait_text(r"doom killed from the keyboard", console.body)
    finally:
        console.close()


def view(console):
    """The game's view: the picture above its status bar (whose face
    looks around by itself)."""
    cells = pixels(console)
    rows = sorted({y for _, y in cells})
    cut = rows[len(rows) * 3 // 4] if rows else 0
    return {k: v for k, v in cells.items() if k[1] < cut}


def changed(before, after):
    return sum(1 for k, v in before.items() if after.get(k) != v) / max(1, len(before))


def settle(console):
    """Waits for the view to hold still (under a fifth of its cells
    changing in a second: nothing turns it) and returns it."""
    last = view(console)

    def still():
        nonlocal last
        console.pump(1.0)
        now = view(console)
        quiet = changed(last, now) < 0.2
        last = now
        return quiet
    console.wait(still, "the view to hold still", timeout=60)
    return last
