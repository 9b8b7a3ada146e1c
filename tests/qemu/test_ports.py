"""Programs built from Debian's source packages (apps/ports), run as a user
would run them. Most boot the kernel whose archive holds the ports
(tabula-ports.elf, from `make ports`); the file tests run them from /bin on
a fresh disk image. A port whose sources could not be fetched is skipped
with the reason tools/ports.sh recorded."""
import os
import re
import subprocess
import time

import pytest

from conftest import BOARD, BUILD, PROMPT, ROOT, Tabula, only_on

PORTS_DIR = os.path.join(ROOT, BUILD, "ports")


@pytest.fixture(scope="module")
def ports_built():
    subprocess.run(["make", "-s", "ports", f"BOARD={BOARD}", f"BUILD={BUILD}"],
                   cwd=ROOT, check=True)


def need_port(name, source=None):
    """Skips unless the port is built; source: the port whose sources it
    is built from, if another (speedtest1 from sqlite3)."""
    marker = os.path.join(PORTS_DIR, source or name, "unavailable")
    if os.path.exists(marker):
        with open(marker) as f:
            pytest.skip(f"port {name} unavailable: {f.read().strip()}")
    assert os.path.exists(os.path.join(PORTS_DIR, "bin", f"{name}.elf"))


@pytest.fixture(scope="module")
def lua(ports_built):
    need_port("lua")
    machine = Tabula(kernel=f"{BUILD}/tabula-ports.elf")
    yield machine
    machine.close()


def lua_e(machine, code, env=""):
    """Runs `lua -e CODE` and returns its lines and exit status."""
    assert "'" not in code
    out = machine.run(f"run {env}lua -e '{code}'", timeout=120).splitlines()
    m = re.fullmatch(r"\[lua exited with status (\d+)\]", out[-1])
    assert m, out
    return out[:-1], int(m.group(1))


@only_on("virt", why="the Pi has no real-time clock")
def test_lua_date_is_this_year(lua):
    out, status = lua_e(lua, 'print(os.date("%Y"))')
    assert out == [str(time.gmtime().tm_year)] and status == 0


# A script with arguments; typed into `lua -` (a script from standard
# input, ended by Ctrl-D) until the disk can hold it as a file. Primes by a
# sieve, a recursive function, coroutines, sorting with a comparator,
# string patterns and 64-bit integers, each checked against Python.
COMPUTE = """local n, k = tonumber(arg[1]), tonumber(arg[2])
local s, c = {}, 0
for i = 2, n do
  if not s[i] then c = c + 1 for j = i * i, n, i do s[j] = true end end
end
local function fib(x) if x < 2 then return x end return fib(x - 1) + fib(x - 2) end
local gen = coroutine.wrap(function() for i = 1, 100 do coroutine.yield(i * i) end end)
local sq = 0
for i = 1, 100 do sq = sq + gen() end
local t = {}
for i = 1, 50 do t[i] = (i * 37) % 101 end
table.sort(t, function(a, b) return a > b end)
local words = select(2, string.gsub("the quick brown fox jumps over the lazy dog", "%a+", ""))
print(c, fib(k), sq, table.concat(t, ",", 1, 5), words)
print(math.maxinteger + 1 == math.mininteger, string.format("%.17g", 0.1 + 0.2), #arg, arg[0])
"""


def test_lua_script_with_arguments(lua):
    lua.child.sendline("run lua - 20000 22")
    for line in COMPUTE.splitlines():
        lua.child.sendline(line)
    lua.child.sendcontrol("d")
    lua.child.expect_exact(PROMPT, timeout=120)
    out = lua.child.before.replace("\r", "").splitlines()
    n = 20000
    primes = sum(all(i % d for d in range(2, int(i ** 0.5) + 1)) for i in range(2, n + 1))

    def fib(k):
        return k if k < 2 else fib(k - 1) + fib(k - 2)
    top5 = ",".join(map(str, sorted(((i * 37) % 101 for i in range(1, 51)), reverse=True)[:5]))
    first = "\t".join([str(primes), str(fib(22)), str(sum(i * i for i in range(1, 101))), top5, "9"])
    assert out[-3:] == [first, f"true\t{0.1 + 0.2!r}\t2\t-", "[lua exited with status 0]"], out


def test_lua_environment_and_clocks(lua):
    out, status = lua_e(lua, 'print(os.getenv("GREETING"), os.getenv("NOPE"), '
                        'os.clock() >= 0, os.clock() < 60, math.type(os.time()))',
                        env="GREETING=hi ")
    assert out == ["hi\tnil\ttrue\ttrue\tinteger"] and status == 0, out


def test_lua_tabula_module(lua):
    out, status = lua_e(lua, 'local t = require("tabula") local a = t.uptime() t.sleep(0.2) t.yield() '
                        'print(t.uptime() - a >= 0.2, math.type(t.id()), pcall(t.sleep, -1))')
    assert out == ["true\tinteger\tfalse\tbad argument #1 to 'tabula.sleep' (seconds out of range)"], out
    assert status == 0


def test_lua_errors_are_lua_messages(lua):
    out, status = lua_e(lua, "local t = nil print(t.x)")
    assert out[0] == "lua: (command line):1: attempt to index a nil value (local 't')", out
    assert "stack traceback:" in out and status == 1
    out, status = lua_e(lua, "x =")
    assert out == ["lua: (command line):1: unexpected symbol near <eof>"] and status == 1
    # Running out of memory is an error Lua reports, not a crash.
    out, status = lua_e(lua, "local t = {} for i = 1, 1e8 do t[i] = i end")
    assert out == ["lua: not enough memory"] and status == 1
    out = lua.run("run lua nosuch.lua")
    assert out.splitlines()[0].startswith("lua: cannot open nosuch.lua"), out
    assert "crashed" not in out


def test_lua_repl(lua):
    lua.child.sendline("run lua")
    lua.child.expect_exact("> ")
    lua.child.sendline("x = 6 * 7")
    lua.child.expect_exact("> ")
    lua.child.sendline("x + 1")
    lua.child.expect_exact("> ")
    assert lua.child.before.split() == ["x", "+", "1", "43"], lua.child.before
    lua.child.sendline("os.exit(3)")
    lua.child.expect_exact(PROMPT)
    assert "[lua exited with status 3]" in lua.child.before


@pytest.fixture(scope="module")
def sqlite(ports_built):
    need_port("sqlite3")
    machine = Tabula(kernel=f"{BUILD}/tabula-ports.elf")
    yield machine
    machine.close()


def sqlite_shell(machine, lines, args=""):
    """Types lines into the sqlite3 shell; returns each one's output lines
    and the shell's exit line."""
    machine.child.sendline(f"run sqlite3 {args}".rstrip())
    machine.child.expect_exact("sqlite> ")
    return sqlite_shell_lines(machine, lines)


def sqlite_shell_lines(machine, lines):
    """sqlite_shell once the shell's first prompt is there."""
    outs = []
    for line in lines:
        machine.child.sendline(line)
        machine.child.expect_exact("sqlite> ", timeout=120)
        out = machine.child.before.replace("\r", "").splitlines()
        assert out[0] == line
        outs.append(out[1:])
    machine.child.sendline(".quit")
    machine.child.expect_exact(PROMPT)
    return outs, machine.child.before.replace("\r", "").strip().splitlines()[-1]


def test_sqlite_ten_thousand_rows_in_a_transaction(sqlite):
    import sqlite3
    script = ["create table t(id integer primary key, n integer, s text);",
              "begin;",
              "with recursive c(x) as (select 1 union all select x + 1 from c where x < 10000) "
              "insert into t(n, s) select (x * 7919) % 10007, hex(x * x) from c;",
              "commit;",
              "select count(*), sum(n), max(s), sum(length(s)) from t where n % 3 = 1;",
              "select strftime('%Y', 'now') >= '2024', typeof(random()), abs(random()) != abs(random());"]
    outs, end = sqlite_shell(sqlite, script)
    host = sqlite3.connect(":memory:")
    host.executescript(" ".join(script[:4]))
    want = "|".join(map(str, host.execute(script[4]).fetchone()))
    assert outs[4] == [want], outs
    # The clock (the Pi's starts at 1970) and the randomness source.
    assert outs[5] == ["1|integer|1" if BOARD == "virt" else "0|integer|1"], outs
    assert end == "[sqlite3 exited with status 0]"


def test_sqlite_errors_are_sqlite_messages(sqlite):
    outs, end = sqlite_shell(sqlite, ["select nosuch from nowhere;", "create table;",
                                      ".open /no/such/dir/x.db"])
    assert outs[0] == ["Parse error: no such table: nowhere"], outs
    assert outs[1][0] == 'Parse error: near ";": syntax error', outs
    assert outs[2] == ['Error: unable to open database "/no/such/dir/x.db": '
                       'unable to open database file'], outs
    assert end.startswith("[sqlite3 exited with status")


def test_speedtest1_runs_to_the_end(sqlite):
    need_port("speedtest1", source="sqlite3")
    out = sqlite.run("run speedtest1 --memdb --size 1", timeout=300).splitlines()
    assert re.fullmatch(r" +TOTAL\.+ +\d+\.\d{3}s", out[-2]), out
    assert out[-1] == "[speedtest1 exited with status 0]"
    assert sum(1 for line in out if re.match(r" *\d+ - ", line)) >= 30, out


# ---- on the disk: the ports from /bin, their files read on the host -------

def disk_with_ports(tmp_path):
    """A fresh disk image made by tools/mkdisk.sh with the ports in /bin."""
    image = str(tmp_path / "disk.img")
    elfs = [os.path.join(PORTS_DIR, "stripped", f"{p}.elf") for p in ("lua", "sqlite3")]
    subprocess.run([os.path.join(ROOT, "tools", "mkdisk.sh"), image, "64", *elfs],
                   cwd=ROOT, check=True, capture_output=True)
    return image


def mtools(*args):
    return subprocess.run(args, env={**os.environ, "MTOOLS_SKIP_CHECK": "1"},
                          check=True, capture_output=True)


LUA_WRITER = """local name, n = arg[1], tonumber(arg[2])
local square = require("square")
local f = assert(io.open(name, "w"))
for i = 1, n do f:write(square(i)) end
f:close()
local back = assert(io.open(name)):read("a")
print(#back, select(2, back:gsub("\\n", "")))
"""


def test_lua_script_from_the_disk_writes_a_file(ports_built, tmp_path):
    """A script in the app's directory, with a module it requires, writes a
    file the host reads back."""
    need_port("lua")
    image = disk_with_ports(tmp_path)
    script = tmp_path / "writer.lua"
    script.write_text(LUA_WRITER)
    # A module beside the script, found by require.
    module = tmp_path / "square.lua"
    module.write_text('return function(i) return ("%d squared is %d\\n"):format(i, i * i) end\n')
    mtools("mmd", "-i", image, "::/data/lua")
    mtools("mcopy", "-i", image, str(script), str(module), "::/data/lua/")
    machine = Tabula(disk=image)
    try:
        out = machine.run("run lua writer.lua squares.txt 500", timeout=120).splitlines()
        want = "".join(f"{i} squared is {i * i}\n" for i in range(1, 501))
        assert out == [f"{len(want)}\t500", "[lua exited with status 0]"], out
        out = machine.run("run lua -e 'print(os.remove(\"nope.txt\"))'").splitlines()
        assert out[0] == "nil\tnope.txt: No such file or directory\t2", out
        machine.halt()
    finally:
        machine.close()
    mtools("mcopy", "-i", image, "::/data/lua/squares.txt", str(tmp_path / "squares.txt"))
    assert (tmp_path / "squares.txt").read_text() == want


def test_sqlite_database_files_both_ways(ports_built, tmp_path):
    import sqlite3
    need_port("sqlite3")
    image = disk_with_ports(tmp_path)
    # The host makes one database, tabula reads it and makes another.
    host_db = tmp_path / "host.db"
    with sqlite3.connect(host_db) as db:
        db.execute("create table h(x integer, y text)")
        db.executemany("insert into h values (?, ?)", ((i, f"row {i}") for i in range(1, 2001)))
    mtools("mmd", "-i", image, "::/data/sqlite3")
    mtools("mcopy", "-i", image, str(host_db), "::/data/sqlite3/host.db")
    machine = Tabula(disk=image)
    try:
        outs, end = sqlite_shell(machine, [
            "select count(*), sum(x), max(y) from h;",
            "attach 'made.db' as m;",
            "create table m.t(id integer primary key, n integer, s text);",
            "begin;",
            "with recursive c(x) as (select 1 union all select x + 1 from c where x < 10000) "
            "insert into m.t(n, s) select (x * 7919) % 10007, hex(x) from c;",
            "commit;",
            "select count(*), sum(n) from m.t;"], args="host.db")
        machine.halt()
    finally:
        machine.close()
    assert outs[0] == ["2000|2001000|row 999"], outs
    assert end == "[sqlite3 exited with status 0]"
    mtools("mcopy", "-i", image, "::/data/sqlite3/made.db", str(tmp_path / "made.db"))
    with sqlite3.connect(tmp_path / "made.db") as db:
        count, total = db.execute("select count(*), sum(n) from t").fetchone()
        assert db.execute("pragma integrity_check").fetchone() == ("ok",)
    assert count == 10000 and total == sum((x * 7919) % 10007 for x in range(1, 10001))
    assert outs[6] == [f"{count}|{total}"], outs


def test_sqlite_two_tasks_share_a_database(ports_built, tmp_path):
    """sqlite3 tasks on one database (tabula_vfs.c: SQLite's locks as
    record locks). Two readers inside transactions at once both read; a
    writer meanwhile is told the database is locked after its .timeout,
    and writes once they have committed. Then one holds a write transaction
    open, so another cannot even read, and three with .timeout wait. Killing the holder
    drops its locks and leaves a hot journal: the waiters roll it back and
    write, all at once. The host finds the database consistent."""
    import sqlite3
    need_port("sqlite3")
    image = disk_with_ports(tmp_path)
    host_db = tmp_path / "shared.db"
    with sqlite3.connect(host_db) as db:
        db.execute("create table t(n integer)")
        db.executemany("insert into t values (?)", ((i,) for i in range(1, 101)))
    mtools("mmd", "-i", image, "::/data/sqlite3")
    mtools("mcopy", "-i", image, str(host_db), "::/data/sqlite3/shared.db")
    machine = Tabula(disk=image)
    try:
        # Readers share: both read inside their transactions, then wait for
        # the file go (the shell's readfile and usleep) before they commit.
        readers = []
        for _ in range(2):
            readers.append(machine.started(
                'run --bg sqlite3 shared.db "begin; select \'reading\', count(*) from t; '
                'with recursive w(i) as (select 0 union all select i + 1 from w where '
                'readfile(\'go\') is null and usleep(20000) >= 0 and i < 3000) '
                'select count(*) from w; commit; select \'committed\';"'))
            machine.expect_all(rf"sqlite3\[{readers[-1]}\]: reading\|100")
        out = machine.run('run sqlite3 -cmd ".timeout 500" shared.db "insert into t values (-1);"')
        assert out.splitlines() == ["Error: stepping, database is locked (5)",
                                    "[sqlite3 exited with status 5]"], out
        machine.run("cp /data/sqlite3/shared.db /data/sqlite3/go")
        machine.expect_all(*(rf"sqlite3\[{r}\]: committed" for r in readers),
                           *(rf"\[sqlite3 \(task {r}\) exited with status 0\]" for r in readers))
        # Two connections of one task (the same file attached again, its name
        # spelt otherwise) exclude each other as two tasks would, though the
        # kernel's locks are the task's: the reader keeps the writer out.
        out = machine.run('run sqlite3 shared.db "attach \'./Shared.DB\' as s2; begin; '
                          'select count(*) from s2.t; insert into t values (-4); commit;"')
        assert out.splitlines() == ["100", "Error: stepping, database is locked (5)",
                                    "[sqlite3 exited with status 5]"], out
        out = machine.run('run sqlite3 shared.db "insert into t values (-3);"').splitlines()
        assert out == ["[sqlite3 exited with status 0]"], out

        # A writer in the middle of its transaction keeps everyone out. It
        # waits for input after its commands, and in the background none comes.
        held = machine.started('run --bg sqlite3 -cmd "begin exclusive;" -cmd "insert into t select n + 1000 '
                               'from t;" -cmd "select \'holding\', count(*) from t;" shared.db')
        machine.expect(rf"sqlite3\[{held}\]: holding\|202")
        machine.child.expect_exact("for usage hints.")
        machine.child.expect_exact(PROMPT)  # drawn again after the lines
        out = machine.run('run sqlite3 shared.db "insert into t values (-1);"').splitlines()
        assert out == ["Error: in prepare, database is locked (5)", "[sqlite3 exited with status 5]"], out
        inserts = ["insert into t values (-2);"] + [
            f"begin; with recursive c(x) as (select 1 union all select x + 1 from c where x < 3000) "
            f"insert into t select {base} + x from c; commit;" for base in (10000, 20000)]
        waiters = {machine.started(f'run --bg sqlite3 -cmd ".timeout 20000" shared.db "{sql}"') for sql in inserts}
        tasks = machine.run("ps")
        # Still there, waiting for the lock (or just starting, on a busy host).
        assert all(re.search(rf"\n +{w} sqlite3 +(sleeping|ready|running|blocked) ", tasks)
                   for w in waiters), tasks
        machine.run(f"kill {held}")
        for _ in waiters:
            m = machine.expect(r"\[sqlite3 \(task (\d+)\) (.*)\]", timeout=60)
            assert m.group(1) in waiters and m.group(2) == "exited with status 0", m.group(0)
        machine.child.expect_exact(PROMPT)
        machine.halt()
    finally:
        machine.close()
    listing = mtools("mdir", "-b", "-i", image, "::/data/sqlite3").stdout.decode()
    assert not re.search(r"\.lock|-journal", listing), listing
    mtools("mcopy", "-i", image, "::/data/sqlite3/shared.db", str(tmp_path / "back.db"))
    with sqlite3.connect(tmp_path / "back.db") as db:
        assert db.execute("pragma integrity_check").fetchone() == ("ok",)
        got = db.execute("select count(*), sum(n) from t").fetchone()
    # The holder's 101 rows rolled back; the writer's row and each waiter's rows in.
    assert got == (6102, 5050 - 3 - 2 + sum(b + x for b in (10000, 20000) for x in range(1, 3001))), got


def test_sqlite_reads_sqliterc_from_its_home(ports_built, tmp_path):
    """HOME is the app's data directory, so the shell reads .sqliterc
    there (headers on, CSV), and says nothing about a missing home."""
    need_port("sqlite3")
    image = disk_with_ports(tmp_path)
    rc = tmp_path / "sqliterc"
    rc.write_text(".headers on\n.mode csv\n")
    mtools("mmd", "-i", image, "::/data/sqlite3")
    mtools("mcopy", "-i", image, str(rc), "::/data/sqlite3/.sqliterc")
    machine = Tabula(disk=image)
    try:
        machine.child.sendline("run sqlite3")
        machine.child.expect_exact("sqlite> ")
        start = machine.child.before
        outs, end = sqlite_shell_lines(machine, ["select 6 * 7 as answer, 'x' as what;"])
    finally:
        machine.close()
    assert "cannot find home directory" not in start, start
    assert outs == [["answer,what", "42,x"]], outs
    assert end == "[sqlite3 exited with status 0]"


# ---- DOOM: from /bin, with Freedoom's IWAD in /data/doom ------------------

@pytest.fixture(scope="module")
def doom_disk(ports_built, tmp_path_factory):
    """A fresh disk with doom in /bin and the IWAD where make disk puts it."""
    need_port("doom")
    image = str(tmp_path_factory.mktemp("doom") / "disk.img")
    wad = os.path.join(PORTS_DIR, "doom", "data", "usr", "share", "games", "doom", "freedoom1.wad")
    subprocess.run([os.path.join(ROOT, "tools", "mkdisk.sh"), image, "64",
                    os.path.join(PORTS_DIR, "stripped", "doom.elf"),
                    f"/data/doom/freedoom1.wad={wad}"],
                   cwd=ROOT, check=True, capture_output=True)
    return image


TIMED = r"timed (\d+) gametics in (\d+) realtics \(([\d.]+) fps\)"


def test_doom_timedemo_runs_to_the_end(doom_disk):
    """Freedoom's demo1 played as fast as the machine goes: the engine
    prints the frames and the time (through I_Error, so status 1)."""
    machine = Tabula(disk=doom_disk)
    try:
        out = machine.run("run doom -timedemo demo1", timeout=300)
        assert " adding /data/doom/freedoom1.wad" in out
        m = re.search(TIMED, out)
        assert m, out
        gametics, realtics = int(m.group(1)), int(m.group(2))
        assert gametics > 1000 and realtics > 0
        assert abs(float(m.group(3)) - gametics * 35 / realtics) < 0.01
        assert out.splitlines()[-1] == "[doom exited with status 1]"
    finally:
        machine.close()


def test_doom_draws_a_changing_picture(doom_disk, tmp_path):
    """In the tabbed console the game's canvas fills doom's tab: a picture
    of many colours that changes while the demo plays."""
    from test_display import Screen
    s = Screen(tmp_path, "--disk", doom_disk)
    s.drain()
    try:
        s.wait_text("tabula>")
        s.command("run doom -timedemo demo1")

        def colours(img):
            return {img.pixel(x, y) for x in range(s.width // 8, s.width * 7 // 8, 5)
                    for y in range(s.height // 8, s.height * 7 // 8, 5)}
        def middle(img):  # inside the canvas, away from the clock
            return img.region(s.width // 4, s.height // 4, s.width // 2, s.height // 2)
        first = s.wait_for(lambda img: len(colours(img)) > 64, timeout=120, what="doom's canvas")
        second = s.wait_for(lambda img: len(colours(img)) > 64 and middle(img) != middle(first),
                            timeout=30, what="the picture to change")
        assert len(colours(second)) > 64
    finally:
        s.close()


class DoomView:
    """DOOM's 320x200 picture read back off a screenshot of the tabbed
    console: one pixel of each scaled block (where
    fbcon.c's paint_raster puts the canvas: centred in the tab's body at
    the largest whole scale)."""
    W, H, BAR = 320, 200, 32  # the status bar is the bottom 32 rows
    # The 3D view inside its border (288 x 144 at the default screen size)
    # above the weapon, which stays in the middle whatever the view does;
    # every fifth row.
    VIEW_ROWS = range(16, 112, 5)

    def __init__(self, screen):
        from test_display import FONT
        x0, bar, cols, body = display_layout(screen)
        bw, bh = cols * FONT.width, body * FONT.height
        self.scale = min(bw // self.W, bh // self.H)
        assert self.scale >= 2, "the screen is too small to read DOOM back at scale 2"
        self.x = x0 + (bw - self.W * self.scale) // 2
        self.y = bar + (bh - self.H * self.scale) // 2

    def pixels(self, img):
        # Even screen rows: the Monitor's scanlines darken the odd ones,
        # and not always to the same shade.
        rows = [self.y + y * self.scale for y in range(self.H)]
        return [[img.pixel(self.x + x * self.scale, r + r % 2) for x in range(self.W)] for r in rows]


def display_layout(screen):
    import display
    from test_display import FONT
    return display.layout(screen.width, screen.height, FONT)


def changed(a, b, rows, cols):
    """The fraction of pixels in rows x cols that differ between a and b."""
    n = sum(1 for y in rows for x in cols if a[y][x] != b[y][x])
    return n / (len(rows) * len(cols))


def luma(row):
    return [(3 * r + 6 * g + b) // 10 for r, g, b in row]


def row_shift(a, b, y, span=96):
    """The horizontal offset d that best maps row y of a onto b (b[x] is
    about a[x + d]) over the middle of the row: the least mean difference
    of brightness. Not exact: after a turn each column samples its wall
    and floor textures a little differently. Of equally good offsets (a
    flat wall matches many), the smallest."""
    la, lb = luma(a[y]), luma(b[y])
    lo, reach = DoomView.W // 2 - span // 2, DoomView.W // 2 - span // 2
    best = (0, float("inf"))
    for d in sorted(range(-reach, reach + 1), key=abs):
        cost = sum(abs(lb[x] - la[x + d]) for x in range(lo, lo + span))
        if cost < best[1]:
            best = (d, cost)
    return best[0]


def view_shift(a, b):
    """How the 3D view moved sideways from a to b: the median of the rows'
    offsets, and the fraction of rows within 5 pixels of it. A turn moves
    every row by about the same amount near the middle (the projection
    stretches it towards the edges)."""
    shifts = [row_shift(a, b, y) for y in DoomView.VIEW_ROWS]
    d = sorted(shifts)[len(shifts) // 2]
    return d, sum(1 for s in shifts if abs(s - d) <= 5) / len(shifts), shifts


def still_view(s, view, tries=10):
    """The 3D view once two shots 0.3 s apart show it in the same place."""
    last = view.pixels(s.shot())
    for _ in range(tries):
        time.sleep(0.3)
        now = view.pixels(s.shot())
        d, agree, _ = view_shift(last, now)
        if d == 0 and agree >= 0.75:
            return now
        last = now
    raise AssertionError("the 3D view never stood still after the turn")


def test_doom_keys_turn_the_player(doom_disk, tmp_path):
    """A still scene (the first level, no monsters) stays put until a held
    Right arrow turns the player: then the 3D view moves to the left, by
    the same offset along its rows, and the status bar stays."""
    from test_display import Screen
    s = Screen(tmp_path, "--disk", doom_disk)
    s.drain()
    try:
        s.wait_text("tabula>")
        s.command("run doom -warp 1 1 -nomonsters -skill 1")
        view = DoomView(s)
        rows3d = DoomView.VIEW_ROWS
        # The status bar without the face in its middle, which looks about.
        bar_rows = range(DoomView.H - DoomView.BAR + 2, DoomView.H)
        bar_cols = [x for x in range(DoomView.W) if not 136 <= x < 184]
        cols = range(DoomView.W)

        # The level after its wipe: many colours, then a few seconds.
        s.wait_for(lambda img: len({p for r in view.pixels(img) for p in r[::4]}) > 64,
                   timeout=120, what="doom's level")
        time.sleep(3)
        before = view.pixels(s.shot())
        # Without a key the view stays where it is (a flickering light
        # changes its brightness, not its place).
        time.sleep(0.5)
        d, agree, shifts = view_shift(before, view.pixels(s.shot()))
        assert d == 0 and agree >= 0.75, shifts
        # On the Pi a late poll of the USB keyboard on a busy host can
        # bring the press and the release in one game tic, which turns
        # nothing: then the key is held again (three times at most).
        for _ in range(3):
            s.qmp.hold("right", 0.25)
            time.sleep(1)
            after = view.pixels(s.shot())
            if changed(before, after, rows3d, cols) > 0.3:
                break
        view_change = changed(before, after, rows3d, cols)
        bar_change = changed(before, after, bar_rows, bar_cols)
        assert view_change > 0.3 and bar_change < 0.02, (view_change, bar_change)
        # Measured on a still picture: on a loaded host a shot can come
        # while the turn's last tics are drawn, or mid-paint.
        after = still_view(s, view)
        d, agree, shifts = view_shift(before, after)
        assert d >= 8 and agree >= 0.75, str(shifts)
    finally:
        s.close()
