"""Shared fixtures: real documents, extracted once per session; stores on disk in tmp dirs."""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import pickle
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from kg.cache import CACHE_VARIABLE

ROOT = Path(__file__).resolve().parents[1]
CASES = ROOT / "tests" / "cases"
SEED = ROOT / "data" / "samples" / "luoyang-xigong-shequban-2023.txt"
GOVKG = str(Path(sys.executable).with_name("govkg"))
"""The console script of the venv running the tests."""
os.environ.pop(CACHE_VARIABLE, None)  # the tests' own readings, not a developer's cache (cli_env)


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
    return {"PATH": "/usr/bin:/bin", "COLUMNS": "200", "PYTHONPATH": str(ROOT),
            CACHE_VARIABLE: str(reads_folder())}


def free_port() -> int:
    """A free TCP port on the loopback interface, for a server a test starts."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def govkg_serve(store: Path):
    """`govkg serve` on ``store`` as a real process on a free port, answering once this yields
    its query URL; stopped afterwards. It locks the store: give it a copy of one open here."""
    from kg.errors import StoreError
    from kg.store import EndpointStore

    port = free_port()
    process = subprocess.Popen([GOVKG, "serve", "--store", str(store),
                                "--port", str(port)], stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, env=cli_env())
    url = f"http://127.0.0.1:{port}/query"
    try:
        for _ in range(300):
            try:
                EndpointStore(url).select("ASK {}")
                break
            except StoreError:
                time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


CORPUS = ROOT.parent / "shared" / "corpus"
DISCLOSURE_SUFFIXES = (".pdf", ".xls", ".xlsx", ".txt")


def corpus_files() -> list[Path]:
    """Every disclosure of ../shared/corpus (PDF, spreadsheet, text), sorted: the population the
    corpus-wide tests walk."""
    return sorted(p for p in CORPUS.rglob("*") if p.suffix in DISCLOSURE_SUFFIXES)


PAIR_FINAL = CORPUS / "final-accounts" / "shanghai-putuo-caizhengju-2024.pdf"


def relabelled_budget():
    """The corpus has no department with a 预算 and a 决算 of the same year: this is the real 2025
    预算 of 上海市普陀区财政局 relabelled as 2024, the year of its real 决算 (PAIR_FINAL), with
    2010602 dropped (absent) and 2010607 set to 0, so that the budget-vs-final questions have
    answers. A Disclosure, to be built (kg.graph.build) and loaded beside PAIR_FINAL."""
    import dataclasses
    from decimal import Decimal

    budget = extracted(CORPUS / "budgets" / "shanghai-putuo-caizhengju-2025.pdf")
    facts = budget.facts
    facts = facts[~((facts["table_key"] == "budget-03") & (facts["code"] == "2010602"))].copy()
    zero = (facts["table_key"] == "budget-03") & (facts["code"] == "2010607")
    facts.loc[zero, "amount"] = [Decimal("0.00")] * int(zero.sum())
    return dataclasses.replace(budget, facts=facts,
                               metadata=dataclasses.replace(budget.metadata, year=2024))


def case_dirs() -> list[Path]:
    return sorted(p for p in CASES.iterdir() if (p / "case.json").exists())


def load_case(directory: Path) -> dict:
    case = json.loads((directory / "case.json").read_text(encoding="utf-8"))
    case["path"] = ROOT / case["source"]
    case["dir"] = directory
    return case


# ---------------------------------------------------------------- each document read once per run

_EXTRACTED: dict[str, bytes] = {}


def _shared_folder() -> Path | None:
    """A folder the xdist workers of this run share (None without xdist)."""
    run = os.environ.get("PYTEST_XDIST_TESTRUNUID")
    return Path(tempfile.gettempdir()) / f"govkg-tests-{run}" if run else None


def extracted(path: str | Path):
    """``extract(read(path))``, made once per test run for each file: kept by kg.cache in the
    run's folder, which the workers and every `govkg` the tests run (cli_env) share; every call
    returns a fresh copy, so a test may change what it gets. Tests that read with options
    (strict, department …) call extract."""
    from kg.cache import extracted as cached

    path = Path(path)
    key = hashlib.sha256(path.read_bytes() + str(path.resolve()).encode()).hexdigest()
    if key not in _EXTRACTED:
        with open(_run_folder() / f"{key}.lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)  # the other worker waits for this one's reading
            _EXTRACTED[key] = pickle.dumps(cached(path, cache=reads_folder()))
    return pickle.loads(_EXTRACTED[key])


def reads_folder() -> Path:
    """The run's $GOVKG_CACHE: each file read once in the run, whichever process reads it first."""
    return _run_folder() / "reads"


_PROCESS_FOLDER: list[Path] = []


def _run_folder() -> Path:
    """A folder of this test run: the xdist workers' shared one, else this process's own (both
    removed when the run ends)."""
    folder = _shared_folder()
    if folder is None:
        if not _PROCESS_FOLDER:
            _PROCESS_FOLDER.append(Path(tempfile.mkdtemp(prefix="govkg-tests-")))
        folder = _PROCESS_FOLDER[0]
    folder.mkdir(exist_ok=True)
    return folder


def corpus_store(destination: Path) -> Path:
    """The seed and the corpus ingested into an embedded store (``corpus_ingest``), made once per
    test run and shared by the workers like ``extracted``; each call copies it to ``destination``
    (an Oxigraph store is one process's at a time) and returns that path."""
    done = corpus_ingest()
    assert done["returncode"] == 0, done["stderr"]
    shutil.copytree(_built_corpus_store() / "store", destination)
    return destination


def corpus_ingest() -> dict:
    """The run that made the shared corpus store, `govkg ingest SEED CORPUS --store …` as a user
    types it: its ``returncode``, ``stdout`` and ``stderr``."""
    return json.loads((_built_corpus_store() / "ingest.json").read_text(encoding="utf-8"))


def _built_corpus_store() -> Path:
    folder = _run_folder()
    built = folder / "corpus"
    with open(folder / "corpus.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # the other worker waits for this one's ingest
        if not built.exists():
            partial = folder / "corpus.partial"
            shutil.rmtree(partial, ignore_errors=True)
            partial.mkdir()
            done = subprocess.run([GOVKG, "ingest", str(SEED), str(CORPUS), "--store",
                                   str(partial / "store")],
                                  capture_output=True, text=True, timeout=900, env=cli_env())
            record = {"returncode": done.returncode, "stdout": done.stdout, "stderr": done.stderr}
            (partial / "ingest.json").write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
            partial.rename(built)
    return built


SLOWEST_FILES = ("test_virtuoso.py", "test_report.py", "test_cli.py", "test_validate.py",
                 "test_ingest_parallel.py", "test_queries.py")
"""The files that keep a worker busy 40 s or more (`pytest --durations=0`, summed by file),
slowest first, handed out before the others (pyproject.toml turns off xdist's own order, the
files with most tests first): last in that order, test_virtuoso.py alone kept one worker busy
80 s after the other had finished."""


def pytest_collection_modifyitems(items):
    def rank(item) -> int:
        name = item.path.name
        return SLOWEST_FILES.index(name) if name in SLOWEST_FILES else len(SLOWEST_FILES)

    items.sort(key=rank)  # stable: each file's tests keep their order


def pytest_sessionfinish(session):
    if not hasattr(session.config, "workerinput") and (folder := _shared_folder()) is not None:
        shutil.rmtree(folder, ignore_errors=True)  # the controller, after every worker
    for folder in _PROCESS_FOLDER:  # a run without workers: its own copy of the corpus store
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="session")
def seed_disclosure():
    return extracted(SEED)


@pytest.fixture()
def store(tmp_path):
    from kg.store import open_store

    return open_store(tmp_path / "store")
