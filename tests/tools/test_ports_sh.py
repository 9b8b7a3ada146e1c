"""tools/ports.sh: what a build without network sees, and the checks on a
recipe. (Fetching for real is what `make ports` and tests/qemu/test_ports.py
do.)"""
import os
import subprocess

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def ports_sh(*args, env=None):
    return subprocess.run([os.path.join(ROOT, "tools", "ports.sh"), *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=120,
                          env={**os.environ, **(env or {})})


def test_no_network_is_one_line_and_a_marker(tmp_path):
    # Nothing listens on port 9 (discard) of this host: the connection is refused at once.
    r = ports_sh("lua", str(tmp_path), env={"PORTS_MIRROR": "http://127.0.0.1:9/debian"})
    assert r.returncode == 3, (r.stdout, r.stderr)
    reason = (tmp_path / "lua" / "unavailable").read_text().strip()
    assert reason.startswith("apt-get update"), reason
    assert r.stderr.strip() == f"PORT   lua: unavailable: {reason}", r.stderr
    assert not (tmp_path / "lua" / "src").exists()
    # The machine's apt configuration was not touched: only the private directory was used.
    assert (tmp_path / "apt" / "sources" / "ports.sources").read_text().startswith("Types: deb-src\n")


def test_unknown_port_and_bad_usage(tmp_path):
    r = ports_sh("nosuchport", str(tmp_path))
    assert r.returncode == 2 and "no recipe apps/ports/nosuchport/recipe" in r.stderr
    r = ports_sh()
    assert r.returncode == 2 and "usage: tools/ports.sh NAME OUTDIR" in r.stderr
