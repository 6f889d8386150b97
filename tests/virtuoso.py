"""A Virtuoso Open Source server (Debian's virtuoso-opensource) as a real process in a folder of its
own, for the tests and benchmarks/virtuoso_queries.py: started on free loopback ports, SPARQL Update
granted to its endpoint's user, filled through its endpoint or by its own bulk loader, stopped (and
its folder left to the caller) afterwards."""

from __future__ import annotations

import shutil
import subprocess
import time
import urllib.parse
import urllib.request
from pathlib import Path

from conftest import free_port

VIRTUOSO = shutil.which("virtuoso-t")
ISQL = shutil.which("isql-vt") or shutil.which("isql")

INI = """\
[Database]
DatabaseFile = {dir}/virtuoso.db
ErrorLogFile = {dir}/virtuoso.log
LockFile = {dir}/virtuoso.lck
TransactionFile = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
[TempDatabase]
DatabaseFile = {dir}/virtuoso-temp.db
TransactionFile = {dir}/virtuoso-temp.trx
[Parameters]
ServerPort = {sql_port}
DisableUnixSocket = 1
CaseMode = 2
DirsAllowed = ., {dir}
NumberOfBuffers = {buffers}
MaxDirtyBuffers = {dirty}
ThreadsPerQuery = 1
[HTTPServer]
ServerPort = {http_port}
ServerRoot = /var/lib/virtuoso-opensource-7/vsp
ServerThreads = 10
Charset = UTF-8
[SPARQL]
; Every row of an answer, however many (the Debian default cuts answers at 10,000 rows without a
; word) and no time limit (its default returns a partial answer after 60 s as if it were whole).
ResultSetMaxRows = 100000000
MaxQueryExecutionTime = 0
"""


class VirtuosoServer:
    """``with VirtuosoServer(folder) as server: server.endpoint`` — the SPARQL endpoint's URL,
    which takes queries and SPARQL Update alike."""

    def __init__(self, directory: Path, memory_mb: int = 2000) -> None:
        self.directory = Path(directory)
        self.sql_port, self.http_port = free_port(), free_port()
        # Virtuoso's rule of thumb: a buffer is 8 kB and at most ~3/4 of them dirty.
        self.buffers = memory_mb * 1024 // 8 * 2 // 3
        self.endpoint = f"http://127.0.0.1:{self.http_port}/sparql"
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> VirtuosoServer:
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    def start(self, timeout: float = 120) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        ini = self.directory / "virtuoso.ini"
        ini.write_text(INI.format(dir=self.directory, sql_port=self.sql_port,
                                  http_port=self.http_port, buffers=self.buffers,
                                  dirty=self.buffers * 3 // 4), encoding="utf-8")
        self.process = subprocess.Popen([VIRTUOSO, "+foreground", "+configfile", str(ini)],
                                        cwd=self.directory, stdout=subprocess.DEVNULL,
                                        stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + timeout
        while not self._answers():
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                log = self.directory / "virtuoso.log"
                tail = log.read_text(errors="replace").splitlines()[-5:] if log.exists() else []
                raise RuntimeError(f"virtuoso did not start in {self.directory}: {' | '.join(tail)}")
            time.sleep(0.5)
        # The endpoint runs as SQL user SPARQL, which may only read until granted updates.
        try:
            self.sql('GRANT SPARQL_UPDATE TO "SPARQL";')
        except RuntimeError as error:
            if "U0013" not in str(error):  # granted already: a database started before
                raise

    def _answers(self) -> bool:
        url = self.endpoint + "?" + urllib.parse.urlencode({"query": "ASK {}"})
        try:
            urllib.request.urlopen(url, timeout=2).read()
            return True
        except OSError:
            return False

    def sql(self, statement: str) -> str:
        """One SQL statement through isql as dba (the password a new database has)."""
        done = subprocess.run([ISQL, str(self.sql_port), "dba", "dba", f"exec={statement}"],
                              capture_output=True, text=True, timeout=600)
        if done.returncode != 0 or "*** Error" in done.stdout + done.stderr:
            raise RuntimeError(f"virtuoso isql: {statement}: {(done.stdout + done.stderr).strip()}")
        return done.stdout

    def sql_async(self, statement: str) -> subprocess.Popen:
        """One SQL statement through isql, not waited for (e.g. one of several bulk loaders)."""
        return subprocess.Popen([ISQL, str(self.sql_port), "dba", "dba", f"exec={statement}"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def bulk_load(self, folder: Path, pattern: str = "*.nq*", loaders: int = 1) -> None:
        """Virtuoso's own loader (ld_dir, rdf_loader_run) on the N-Quads files of ``folder``, which
        must lie inside the server's folder (its DirsAllowed); ``loaders`` run at once, one file
        each at a time. Raises if the loader refused any file."""
        self.sql(f"ld_dir('{folder}', '{pattern}', 'https://w3id.org/govkg/graph/none');")
        running = [self.sql_async("rdf_loader_run();") for _ in range(loaders)]
        for loader in running:
            loader.wait()
        self.sql("checkpoint;")
        failed = self.sql("SELECT ll_file, ll_error FROM DB.DBA.LOAD_LIST WHERE ll_error IS NOT NULL;")
        if "0 Rows." not in failed:
            raise RuntimeError(f"Virtuoso's loader refused files of {folder}: {failed}")

    def restart(self) -> None:
        """Checkpoint, stop and start again on the same database and ports."""
        self.sql("checkpoint;")
        self.stop()
        self.start()

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None
