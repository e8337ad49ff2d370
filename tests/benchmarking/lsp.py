"""L1: the language server's latency, from a change to the diagnostics it causes.

The server (``euno-lint --lsp``) is started once, in a fresh process, on a small generated
module in a repository of its own (main.tf of about 200 lines with euno integrations,
variables.tf, terraform.tfvars). After the first diagnostics of main.tf, each measured edit is
one incremental ``textDocument/didChange`` that flips an integration's ``ttl_days`` between its
value and 0 (a finding comes and goes, so every lint has something to say), timed from writing
the change to reading the ``textDocument/publishDiagnostics`` of that document version. The
client is a few lines of JSON-RPC over the server's pipes, so that its own cost is negligible.
"""

from __future__ import annotations

import json
import queue
import random
import re
import statistics
import subprocess
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from tests.benchmarking.generate import Owner, euno_module

TARGET_LINES = 200
LIMIT_SECONDS = 0.150
TIMEOUT_SECONDS = 30.0
_TTL = re.compile(r"(\s*ttl_days\s*=\s*)(\d+)")


@dataclass(frozen=True, slots=True)
class Latency:
    """What L1 measured: the file's size, one latency per edit, and what went wrong."""

    lines: int
    samples: tuple[float, ...] = ()
    problems: tuple[str, ...] = field(default=())

    @property
    def median(self) -> float | None:
        """Median seconds from change to diagnostics."""
        return statistics.median(self.samples) if self.samples else None

    @property
    def p90(self) -> float | None:
        """The 90th percentile (the largest sample when there are few)."""
        if len(self.samples) < 2:
            return self.median
        return statistics.quantiles(self.samples, n=10, method="inclusive")[8]


def write_module(directory: Path) -> Path:
    """The module under `directory` (a repository of its own); returns main.tf's path."""
    (directory / ".git").mkdir()
    rng = random.Random(20260215)
    owner = Owner("analytics", "ledger", "prod")
    for resources in range(1, 20):
        files = euno_module(random.Random(rng.random()), owner, resources).files
        if files["main.tf"].count("\n") >= TARGET_LINES:
            break
    for name, text in files.items():
        (directory / name).write_text(text, encoding="utf-8")
    return directory / "main.tf"


class _Connection:
    """JSON-RPC over a server's stdin and stdout; messages are read on a thread."""

    def __init__(self, argv: Sequence[str], cwd: Path) -> None:
        self.process = subprocess.Popen(
            argv, cwd=cwd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
        )
        self.messages: queue.Queue[dict[str, Any]] = queue.Queue()
        assert self.process.stdout is not None
        threading.Thread(target=self._read, args=(self.process.stdout,), daemon=True).start()

    def _read(self, stream: IO[bytes]) -> None:
        while True:
            length = None
            while (line := stream.readline()) not in (b"\r\n", b""):
                name, _, value = line.decode("ascii").partition(":")
                if name.lower() == "content-length":
                    length = int(value)
            if not line or length is None:
                return
            self.messages.put(json.loads(stream.read(length)))

    def send(self, message: dict[str, Any]) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode()
        assert self.process.stdin is not None
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.process.stdin.flush()

    def wait(self, method: str | None = None, id_: int | None = None) -> dict[str, Any]:
        """The next message with this method (a notification) or id (a response)."""
        deadline = time.monotonic() + TIMEOUT_SECONDS
        while True:
            message = self.messages.get(timeout=max(deadline - time.monotonic(), 0.001))
            if method is not None and message.get("method") == method:
                return message
            if id_ is not None and message.get("id") == id_ and "method" not in message:
                return message

    def close(self) -> None:
        try:
            self.send({"id": 99, "method": "shutdown"})
            self.wait(id_=99)
            self.send({"method": "exit"})
            self.process.wait(timeout=10)
        except (OSError, queue.Empty, subprocess.TimeoutExpired):
            self.process.kill()
            self.process.wait()


def measure_latency(server: Sequence[str], edits: int) -> Latency:
    """Start the server (its argv without ``--lsp``) once and time `edits` changes."""
    with tempfile.TemporaryDirectory(prefix="euno-lint-lsp-bench-") as scratch:
        main = write_module(Path(scratch))
        text = main.read_text(encoding="utf-8")
        lines = text.split("\n")
        row = next((i for i, line in enumerate(lines) if _TTL.match(line)), None)
        if row is None:
            return Latency(len(lines), problems=("the module has no ttl_days to edit",))
        match = _TTL.match(lines[row])
        assert match is not None
        start, original = match.end(1), match.group(2)
        connection = _Connection([*server, "--lsp"], Path(scratch))
        try:
            return _session(connection, main, text, row, start, original, edits)
        except queue.Empty:
            return Latency(text.count("\n"), problems=("the server did not answer in time",))
        finally:
            connection.close()


def _session(
    connection: _Connection,
    main: Path,
    text: str,
    row: int,
    start: int,
    original: str,
    edits: int,
) -> Latency:
    uri = main.as_uri()
    connection.send({"id": 1, "method": "initialize", "params": {"capabilities": {}}})
    connection.wait(id_=1)
    connection.send({"method": "initialized", "params": {}})
    item = {"uri": uri, "languageId": "terraform", "version": 1, "text": text}
    connection.send({"method": "textDocument/didOpen", "params": {"textDocument": item}})
    connection.wait("textDocument/publishDiagnostics")
    samples: list[float] = []
    problems: list[str] = []
    current = original
    for version in range(2, edits + 2):
        new = "0" if current != "0" else original
        where = {
            "start": {"line": row, "character": start},
            "end": {"line": row, "character": start + len(current)},
        }
        change = {
            "textDocument": {"uri": uri, "version": version},
            "contentChanges": [{"range": where, "text": new}],
        }
        began = time.perf_counter()
        connection.send({"method": "textDocument/didChange", "params": change})
        while True:
            published = connection.wait("textDocument/publishDiagnostics")["params"]
            if published["uri"] == uri and published.get("version") == version:
                break
        samples.append(time.perf_counter() - began)
        codes = {d.get("code") for d in published["diagnostics"]}
        if (new == "0") != ("EUNO302" in codes):
            problems.append(f"version {version}: ttl_days = {new} but diagnostics {sorted(codes)}")
        current = new
    return Latency(text.count("\n"), tuple(samples), tuple(problems))
