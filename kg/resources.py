"""Where the project's data lives: ontology/, shapes/, queries/ and data/ at the repository root.

The package is installed in editable mode from a checkout (``make`` does this), so these folders
sit beside ``kg/``. ``GOVKG_HOME`` points elsewhere when they do not.
"""

from __future__ import annotations

import os
from pathlib import Path

HOME = Path(os.environ.get("GOVKG_HOME", Path(__file__).resolve().parents[1]))
ONTOLOGY_DIR = HOME / "ontology"
QUERIES_DIR = HOME / "queries"
DATA_DIR = HOME / "data"
CODES_DIR = DATA_DIR / "codes"
SAMPLES_DIR = DATA_DIR / "samples"


def ontology_files() -> list[Path]:
    return sorted(ONTOLOGY_DIR.glob("*.ttl"))
