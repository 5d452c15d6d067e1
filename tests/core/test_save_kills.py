"""Saves killed at random moments (issue 13): the memo stays whole and at most one temporary file is left.

A child process saves the memo over and over (with a backup, as the app saves a pitch); the test kills it
with SIGKILL at a random moment, 100 times, a new child each time. Whatever the moment, the memo and its
backup must each be one of the two versions written, and at most one temporary file may lie beside them
(the killed save's own: the next save removes it).
"""

from __future__ import annotations

import json
import os
import random
import signal
import time
from pathlib import Path

import pytest

from core.pitch_io import atomic_write_bytes

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="kills a forked child (POSIX)")

KILLS = 100


def _version(tag: str) -> bytes:
    # ~300 KB: long enough that a kill often lands inside the write
    doc = {"format": "computecurve.pitch", "version": tag, "notes": [tag * 64] * 4000}
    return json.dumps(doc).encode("utf-8")


def _save_forever(path: Path, versions: tuple[bytes, bytes], ready: int) -> None:
    """The child: say it has started, then save the two versions in turn until killed."""
    os.write(ready, b"!")
    i = 0
    while True:
        atomic_write_bytes(path, versions[i % 2], backup=True)
        i += 1


def _temporaries(folder: Path, name: str) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name not in (name, name + ".bak"))


def test_100_kills_during_save_leave_the_memo_whole_and_at_most_one_temporary_file(tmp_path: Path) -> None:
    path = tmp_path / "memo.pitch.json"
    versions = (_version("A"), _version("B"))
    atomic_write_bytes(path, versions[0])
    rng = random.Random(20261203)  # the kill moments are random, and the same on every run
    left_behind = 0
    for _ in range(KILLS):
        ready_r, ready_w = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child never returns into pytest
            try:
                os.close(ready_r)
                _save_forever(path, versions, ready_w)
            finally:
                os._exit(0)
        os.close(ready_w)
        assert os.read(ready_r, 1) == b"!"
        os.close(ready_r)
        time.sleep(rng.uniform(0.0, 0.012))
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        assert path.read_bytes() in versions
        backup = tmp_path / "memo.pitch.json.bak"
        assert not backup.exists() or backup.read_bytes() in versions
        temporaries = _temporaries(tmp_path, path.name)
        assert len(temporaries) <= 1, temporaries
        left_behind += len(temporaries)
    # the kills did land inside saves (each leaving its temporary file until the next save)
    assert left_behind >= 10
    # and the next save cleans up after the last one
    atomic_write_bytes(path, versions[1], backup=True)
    assert _temporaries(tmp_path, path.name) == []
    assert path.read_bytes() == versions[1]


def test_stale_temporaries_of_other_programs_are_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "memo.pitch.json"
    theirs = [
        ".memo.pitch.json.abc123.tmp",  # another program's atomic write (tempfile's naming)
        ".memo.pitch.json.12-0123abcd.tmp",  # close to ours, without our marker
        ".memo.pitch.json.12-0123abcd.cc.tmp.keep",  # ours, then renamed by someone
        ".other.pitch.json.999999-0123abcd.cc.tmp",  # ours, but another memo's
    ]
    for name in theirs:
        (tmp_path / name).write_bytes(b"not ours to remove")
    ours = tmp_path / ".memo.pitch.json.999999999-0123abcd.cc.tmp"  # no process has this id
    ours.write_bytes(b"partial")
    atomic_write_bytes(path, b"{}")
    assert not ours.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([*theirs, "memo.pitch.json"])


def test_a_temporary_of_a_running_writer_is_kept_until_it_is_old(tmp_path: Path) -> None:
    path = tmp_path / "memo.pitch.json"
    live = tmp_path / f".memo.pitch.json.{os.getppid()}-0123abcd.cc.tmp"  # our parent runs
    live.write_bytes(b"being written")
    atomic_write_bytes(path, b"{}")
    assert live.exists()
    old = time.time() - 3600  # an hour-old temporary file belongs to no save that is still running
    os.utime(live, (old, old))
    atomic_write_bytes(path, b"{}")
    assert not live.exists()
