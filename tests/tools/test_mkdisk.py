"""tools/mkdisk.sh: makes a FAT32 disk with /bin and /data, and on a rebuild
updates /bin without touching anything else on the disk."""
import os
import subprocess

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
MKDISK = os.path.join(ROOT, "tools", "mkdisk.sh")


def run(*args, check=True):
    return subprocess.run(list(args), capture_output=True, text=True, check=check)


def mtype(img, path):
    return run("mtype", "-i", img, "::" + path).stdout


def test_rebuild_updates_bin_and_keeps_user_files(tmp_path):
    img = str(tmp_path / "disk.img")
    app = tmp_path / "hello.elf"
    app.write_text("first build")
    r = run(MKDISK, img, "40", str(app))
    assert "not a power of two" in r.stderr
    assert os.path.getsize(img) == 40 * 1024 * 1024
    assert "FAT32" in run("minfo", "-i", img, "::").stdout
    assert mtype(img, "/bin/hello.elf") == "first build"
    note = tmp_path / "notes.txt"
    note.write_text("mine")
    run("mcopy", "-i", img, str(note), "::/data/")
    run("mcopy", "-i", img, str(note), "::/")
    app.write_text("second build")
    out = run(MKDISK, img, "64", str(app)).stdout
    assert "stays 40 MiB" in out
    assert mtype(img, "/bin/hello.elf") == "second build"
    assert mtype(img, "/data/notes.txt") == "mine"
    assert mtype(img, "/notes.txt") == "mine"
    assert run("fsck.fat", "-n", img, check=False).returncode == 0


def test_refuses_a_size_fat32_cannot_have_and_a_foreign_file(tmp_path):
    img = str(tmp_path / "disk.img")
    r = run(MKDISK, img, "16", check=False)
    assert r.returncode != 0 and "too small for FAT32" in r.stderr
    assert not os.path.exists(img)
    with open(img, "wb") as f:
        f.write(b"not a disk" * 1000)
    r = run(MKDISK, img, "64", check=False)
    assert r.returncode != 0 and "not a FAT volume" in r.stderr
    assert open(img, "rb").read(10) == b"not a disk"
