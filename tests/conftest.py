"""Shared fixtures: real documents, extracted once per session; stores on disk in tmp dirs."""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CASES = ROOT / "tests" / "cases"
SEED = ROOT / "data" / "samples" / "luoyang-xigong-shequban-2023.txt"


def seed_copy(tmp_path: Path, old: str, new: str) -> Path:
    """The seed text with one printed string (found exactly once) changed: a deliberately
    broken or altered copy for the extractor and the validators."""
    text = SEED.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path = tmp_path / "altered.txt"
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


def cli_env() -> dict[str, str]:
    """The environment of a `govkg` subprocess: this checkout first on the path, since the console
    script imports whichever checkout the venv was installed from (a worktree shares one venv)."""
    return {"PATH": "/usr/bin:/bin", "COLUMNS": "200", "PYTHONPATH": str(ROOT)}


def free_port() -> int:
    """A free TCP port on the loopback interface, for a server a test starts."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


CORPUS = ROOT.parent / "shared" / "corpus"
DISCLOSURE_SUFFIXES = (".pdf", ".xls", ".xlsx", ".txt")


def corpus_files() -> list[Path]:
    """Every disclosure of ../shared/corpus (PDF, spreadsheet, text), sorted: the population the
    corpus-wide tests walk."""
    return sorted(p for p in CORPUS.rglob("*") if p.suffix in DISCLOSURE_SUFFIXES)


def case_dirs() -> list[Path]:
    return sorted(p for p in CASES.iterdir() if (p / "case.json").exists())


def load_case(directory: Path) -> dict:
    case = json.loads((directory / "case.json").read_text(encoding="utf-8"))
    case["path"] = ROOT / case["source"]
    case["dir"] = directory
    return case


@pytest.fixture(scope="session")
def seed_disclosure():
    from kg.extract import extract
    from kg.readers import read

    return extract(read(SEED))


@pytest.fixture()
def store(tmp_path):
    from kg.store import open_store

    return open_store(tmp_path / "store")
