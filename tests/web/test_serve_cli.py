"""`storyline serve`: starts on loopback; refuses a public address without a write token."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
from click.testing import CliRunner

from storyline.cli import main


def test_serving_on_a_public_address_without_a_token_is_a_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["--db", str(tmp_path / "x.db"), "serve", "--create", "--host", "0.0.0.0"])
    assert result.exit_code == 2
    assert "token" in result.output


def test_serving_a_store_that_does_not_exist_says_so_unless_asked_to_create_it(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["--db", str(tmp_path / "typo.db"), "serve"])
    assert result.exit_code == 2 and "no store there" in " ".join(result.output.split())
    assert not (tmp_path / "typo.db").exists()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_serve_answers_on_loopback_and_stops_cleanly(tmp_path: Path) -> None:
    port = _free_port()
    cmd = [
        sys.executable,
        "-m",
        "storyline.cli",
        "--db",
        str(tmp_path / "s.db"),
        "serve",
        "--create",
        "--port",
        str(port),
    ]
    log = (tmp_path / "serve.log").open("wb")
    proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                response = httpx.get(f"http://127.0.0.1:{port}/api/stories", timeout=2)
                break
            except httpx.TransportError:
                alive = proc.poll() is None and time.monotonic() < deadline
                assert alive, f"serve did not start: {(tmp_path / 'serve.log').read_text()}"
                time.sleep(0.2)
        assert response.status_code == 200 and response.json()["stories"] == []
        assert httpx.get(f"http://127.0.0.1:{port}/").status_code == 200
    finally:
        proc.terminate()
        proc.wait(15)
        log.close()
