"""$GOVKG_CACHE: a file's reading kept and taken again, keyed by everything it depends on.

That an entry is taken, not the file read again, shows where the entry is planted: a reading
with another department's name put in its place is what comes back, and what `govkg ingest`
loads."""

from __future__ import annotations

import dataclasses
import os
import pickle
import shutil
import subprocess

from conftest import GOVKG, SEED, cli_env, seed_copy
from kg.cache import extracted

DEPARTMENT = "洛阳市西工区社区治理和服务创新办公室"
PLANTED = "洛阳市西工区种植办公室"


def entries(folder) -> list:
    return sorted(folder.glob("*.pickle"))


def plant(entry) -> None:
    """Put in an entry a reading of the same file whose department is PLANTED."""
    disclosure = pickle.loads(entry.read_bytes())
    disclosure.metadata = dataclasses.replace(disclosure.metadata, department=PLANTED)
    entry.write_bytes(pickle.dumps(disclosure))


def test_a_reading_is_kept_and_taken_again(tmp_path):
    first = extracted(SEED, cache=tmp_path)
    (entry,) = entries(tmp_path)
    assert first.metadata.department == DEPARTMENT and len(first.facts) > 600
    again = extracted(SEED, cache=tmp_path)
    assert again.metadata == first.metadata and again.facts.equals(first.facts)
    plant(entry)
    assert extracted(SEED, cache=tmp_path).metadata.department == PLANTED
    assert extracted(SEED).metadata.department == DEPARTMENT  # no cache: read


def test_other_bytes_another_path_or_other_options_are_read_afresh(tmp_path):
    cache = tmp_path / "cache"
    extracted(SEED, cache=cache)
    plant(entries(cache)[0])
    altered = seed_copy(tmp_path, "31022 无形资产购置 0", "31022 无形资产购建 0")
    assert extracted(altered, cache=cache).metadata.department == DEPARTMENT
    assert extracted(os.path.relpath(SEED), cache=cache).metadata.department == PLANTED  # the same path
    moved = shutil.copy(SEED, tmp_path / "elsewhere.txt")  # the same bytes: a name may tell a year
    assert extracted(moved, cache=cache).metadata.department == DEPARTMENT
    given = extracted(SEED, cache=cache, year=2023)
    assert given.metadata.department == DEPARTMENT and given.metadata.evidence_of("year").place == "option"
    # Options given as their defaults (as `govkg ingest` passes them) are the reading without them.
    assert extracted(SEED, cache=cache, year=None, strict=False).metadata.department == PLANTED
    assert len(entries(cache)) == 4


def test_a_damaged_entry_is_read_afresh_and_kept_whole(tmp_path):
    whole = extracted(SEED, cache=tmp_path)
    (entry,) = entries(tmp_path)
    kept = entry.read_bytes()
    entry.write_bytes(kept[: len(kept) // 2])  # a copy of the folder stopped midway
    assert extracted(SEED, cache=tmp_path).facts.equals(whole.facts)
    assert entry.read_bytes() == kept
    assert not list(tmp_path.glob(".*.partial"))


def test_a_folder_that_cannot_be_written_keeps_nothing_and_reads(tmp_path):
    taken = tmp_path / "a file"
    taken.write_text("not a folder", encoding="utf-8")
    assert extracted(SEED, cache=taken / "cache").metadata.department == DEPARTMENT


def test_ingest_and_validate_take_the_kept_reading(tmp_path):
    env = {**cli_env(), "GOVKG_CACHE": str(tmp_path / "cache")}

    def govkg(*args):
        return subprocess.run([GOVKG, *map(str, args)], capture_output=True, text=True, env=env,
                              timeout=300)

    first = govkg("ingest", SEED, "--store", tmp_path / "first")
    assert first.returncode == 0, first.stderr
    (entry,) = entries(tmp_path / "cache")
    plant(entry)
    second = govkg("ingest", SEED, "--store", tmp_path / "second")
    assert second.returncode == 0 and PLANTED in second.stdout, second.stdout + second.stderr
    assert PLANTED not in first.stdout
    validated = govkg("validate", SEED, "--format", "json")
    assert PLANTED in validated.stdout, validated.stdout[:500] + validated.stderr
