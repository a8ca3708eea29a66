"""Starting the bots as whoever runs them does: `troly bot telegram|zalo` in a subprocess, every line
it prints captured. A bad setting or a refused token is one clear line and a non-zero exit, an
unreachable API is retried with backoff until it answers, and the bot token appears nowhere."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest

from tests.fake_telegram import FakeTelegram
from tests.fake_zalo import FakeZalo

TOKENS = {"telegram": "5550001:SECRET-tg_token-never-printed", "zalo": "4440001:SECRET-zalo-token-never-printed"}
FAKES = {"telegram": FakeTelegram, "zalo": FakeZalo}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(tmp_path: Path, platform: str, **env: str) -> tuple[subprocess.Popen, Path]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "ZALO_", "TROLY_"))}
    log = tmp_path / f"{platform}-{time.monotonic_ns()}.log"
    with log.open("w") as out:
        proc = subprocess.Popen([sys.executable, "-c", "from bot.cli import app; app()", "--data-dir",
                                 str(tmp_path / "data"), "bot", platform], stdout=out, stderr=subprocess.STDOUT,
                                cwd=tmp_path, env={**clean, **env})
    return proc, log


def assert_no_secret(output: str, platform: str) -> None:
    token = TOKENS[platform]
    assert token not in output and quote(token, safe="") not in output and "SECRET" not in output, output
    assert "Traceback" not in output, output


def failing_start(tmp_path: Path, platform: str, **env: str) -> str:
    proc, log = start(tmp_path, platform, **env)
    assert proc.wait(timeout=60) == 2
    output = log.read_text()
    assert_no_secret(output, platform)
    lines = output.strip().splitlines()
    assert len(lines) == 1, output
    return lines[0]


@pytest.fixture
def fakes():
    servers = {platform: FAKES[platform]().start() for platform in FAKES}  # their own tokens, not ours
    yield servers
    for server in servers.values():
        server.stop()


def test_telegram_misconfigured_or_refused(tmp_path, fakes):
    token = {"TELEGRAM_BOT_TOKEN": TOKENS["telegram"]}
    assert "Chưa có TELEGRAM_BOT_TOKEN" in failing_start(tmp_path, "telegram")
    no_bot = failing_start(tmp_path, "telegram", TELEGRAM_API_BASE_URL=fakes["telegram"].base_url[:-4], **token)
    assert "TELEGRAM_API_BASE_URL không hợp lệ" in no_bot and "/bot" in no_bot
    refused = failing_start(tmp_path, "telegram", TELEGRAM_API_BASE_URL=fakes["telegram"].base_url, **token)
    assert "Telegram từ chối TELEGRAM_BOT_TOKEN" in refused
    plain_http = failing_start(tmp_path, "telegram", TELEGRAM_WEBHOOK_URL="http://troly.example.vn/hook",
                               TELEGRAM_WEBHOOK_SECRET="bi-mat_123", **token)
    assert "TELEGRAM_WEBHOOK_URL phải là địa chỉ https://" in plain_http
    spaced = failing_start(tmp_path, "telegram", TELEGRAM_BOT_TOKEN=TOKENS["telegram"].replace("-", " ", 1))
    assert "TELEGRAM_BOT_TOKEN có ký tự không hợp lệ" in spaced


def test_zalo_misconfigured_or_refused(tmp_path, fakes):
    token = {"ZALO_BOT_TOKEN": TOKENS["zalo"]}
    no_bot = failing_start(tmp_path, "zalo", ZALO_API_BASE_URL=fakes["zalo"].base_url[:-4], **token)
    assert "ZALO_API_BASE_URL không hợp lệ" in no_bot
    refused = failing_start(tmp_path, "zalo", ZALO_API_BASE_URL=fakes["zalo"].base_url, **token)
    assert "Zalo từ chối ZALO_BOT_TOKEN (mã lỗi 401)" in refused
    plain_http = failing_start(tmp_path, "zalo", ZALO_API_BASE_URL=fakes["zalo"].base_url,
                               ZALO_WEBHOOK_URL="http://troly.example.vn/zalo", ZALO_WEBHOOK_SECRET="bi-mat-zalo-123",
                               **token)
    assert "ZALO_WEBHOOK_URL phải là địa chỉ https://" in plain_http


def _wait(predicate, timeout: float = 60.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


@pytest.mark.parametrize("platform", ["telegram", "zalo"])
def test_unreachable_api_is_retried_with_backoff(tmp_path, platform):
    port = free_port()
    setting = "TELEGRAM_API_BASE_URL" if platform == "telegram" else "ZALO_API_BASE_URL"
    proc, log = start(tmp_path, platform, **{f"{platform.upper()}_BOT_TOKEN": TOKENS[platform],
                                              setting: f"http://127.0.0.1:{port}/bot"})
    fake = None
    try:
        assert _wait(lambda: log.read_text().count("unreachable") >= 2), log.read_text()
        assert proc.poll() is None  # still trying
        fake = FAKES[platform](TOKENS[platform]).start(port)  # the API comes back
        assert fake.wait_for(lambda: any(m == "getUpdates" for m, _ in fake.calls), 30), log.read_text()
    finally:
        proc.send_signal(signal.SIGTERM)
        code = proc.wait(timeout=60)
        if fake is not None:
            fake.stop()
    output = log.read_text()
    assert code == 0, output
    assert_no_secret(output, platform)
    warnings = [line for line in output.splitlines() if "unreachable" in line]
    assert warnings[0].startswith("WARNING") and "retrying in 1 s" in warnings[0] and "retrying in 2 s" in warnings[1]
