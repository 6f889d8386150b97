"""The team's corpus sweep (../shared/tools/sweep.py: read / refused / findings per document) runs
against this package's API as it imports it."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter

from conftest import ROOT, SEED, extracted

SWEEP = ROOT.parent / "shared" / "tools" / "sweep.py"


def test_the_sweep_reads_a_document_as_govkg_validate_does():
    """The sweep imports kg.readers.read, kg.extract.extract, kg.build's build and MemoryGraph
    and kg.validate.validate: renaming one of them made it refuse every document ('crash')."""
    from kg.graph import build
    from kg.validate import validate

    done = subprocess.run([sys.executable, str(SWEEP), "--json", str(SEED)], capture_output=True,
                          text=True, timeout=300, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    (row,) = [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]
    assert done.stdout.splitlines()[-1] == "read 1/1 documents; sums hold in 1/1 of those read"
    assert "refused" not in row, row["refused"]
    expected = Counter(f"{f.severity.value}:{f.rule}" for f in validate(build(extracted(SEED))).findings)
    assert row["facts"] == 689 and row["findings"] == dict(expected) and expected
