"""safe_io.read_bytes: a regular file's bytes, bounded, whatever the reads return."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from xinfang import safe_io
from xinfang.safe_io import PackageError, TooLarge, read_bytes


@pytest.mark.parametrize("size", [0, 1, 4095, 4096, 100_000])
def test_a_file_is_read_whole(tmp_path: Path, size: int) -> None:
    body = bytes(range(256)) * (size // 256) + bytes(range(size % 256))
    (tmp_path / "f").write_bytes(body)
    assert read_bytes(tmp_path / "f", 100_000) == body


def test_above_the_limit_is_refused(tmp_path: Path) -> None:
    (tmp_path / "f").write_bytes(b"x" * 11)
    assert read_bytes(tmp_path / "f", 11) == b"x" * 11
    with pytest.raises(TooLarge):
        read_bytes(tmp_path / "f", 10)


def test_what_is_not_a_regular_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(PackageError, match="not a regular file"):
        read_bytes(tmp_path, 1_000)
    with pytest.raises(PackageError, match="cannot be read"):
        read_bytes(tmp_path / "missing", 1_000)


def test_short_reads_are_read_on(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    body = os.urandom(10_000)
    (tmp_path / "f").write_bytes(body)
    real = os.read
    monkeypatch.setattr(safe_io.os, "read", lambda fd, n: real(fd, min(n, 7)))
    assert read_bytes(tmp_path / "f", 20_000) == body


def test_a_file_that_grew_after_its_size_was_taken_is_read_on_up_to_the_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "f").write_bytes(b"y" * 50)
    monkeypatch.setattr(safe_io, "check_size", lambda path, limit, label: 20)  # the size taken before it grew
    assert read_bytes(tmp_path / "f", 60) == b"y" * 50
    with pytest.raises(TooLarge):
        read_bytes(tmp_path / "f", 40)


@pytest.mark.parametrize(("value", "depth"), [
    (1, 0), ("text", 0), ([], 1), ({}, 1), ({"a": 1}, 1), ([[[]]], 3), ({"a": [{"b": {}}]}, 4), ([1, [2, [3]], {"x": []}], 3),
    ({"sources": [{"title": "t"}] * 1000, "resources": [{"schema": {"fields": [{"name": "a"}]}}]}, 6),
])
def test_json_depth_counts_the_deepest_nesting_of_containers(value: object, depth: int) -> None:
    assert safe_io.json_depth(value) == depth
