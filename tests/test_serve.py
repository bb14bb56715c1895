"""``shangliang serve``: the live preview rebuilds when a record changes, and keeps serving
the last good site while a record is broken."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from helpers import CONSULTATION, edit

PAGE = "consultations/jining-2022-culture/"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return None


def wait_for(url: str, text: str, seconds: float = 60) -> str:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        body = fetch(url)
        if body is not None and text in body:
            return body
        time.sleep(0.2)
    raise AssertionError(f"{url} never showed {text!r}")


@pytest.fixture
def served(site_project, request):
    """The preview of a project; ``request.param`` (by ``indirect``) is its start method."""
    root = site_project()
    port = free_port()
    start_method = getattr(request, "param", None)
    options = ["--start-method", start_method] if start_method else []
    process = subprocess.Popen(
        [sys.executable, "-m", "shangliang.cli", "serve", "--dev-addr", f"127.0.0.1:{port}", *options],
        cwd=root, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        yield root, f"http://127.0.0.1:{port}/"
    finally:
        process.terminate()
        _, stderr = process.communicate(timeout=30)
        assert "Traceback" not in stderr


@pytest.mark.parametrize("served", [None, "spawn"], indirect=True)
def test_serve_rebuilds_when_a_record_changes(served):
    root, base = served
    body = wait_for(base + PAGE, "推动“两创”工作走在前列")
    # the inline script that reloads the page would be refused by the page's policy
    assert "livereload(" in body and "Content-Security-Policy" not in body
    wait_for(base + "en/" + PAGE, "Leading the way in cultural renewal")
    record = root / "content/consultations/jining-2022-culture.md"
    record.write_text(edit(CONSULTATION, "推动“两创”工作走在前列", "文化两创再出发"), encoding="utf-8")
    wait_for(base + PAGE, "文化两创再出发")


def test_serve_keeps_the_last_good_site_while_a_record_is_broken(served):
    root, base = served
    wait_for(base + PAGE, "推动“两创”工作走在前列")
    record = root / "content/consultations/jining-2022-culture.md"
    record.write_text(edit(CONSULTATION, "date: 2022-10-14", "date: 2022-13-14"), encoding="utf-8")
    time.sleep(3)
    assert "推动“两创”工作走在前列" in (fetch(base + PAGE) or "")
    record.write_text(edit(CONSULTATION, "推动“两创”工作走在前列", "修好了"), encoding="utf-8")
    wait_for(base + PAGE, "修好了")


def test_serve_answers_an_address_with_a_nul_as_not_found(served):
    _, base = served
    wait_for(base + PAGE, "推动“两创”工作走在前列")
    for address in ("%00", PAGE + "%00", "consultations/%00x/", "a%00.html"):
        with pytest.raises(urllib.error.HTTPError) as caught:
            urllib.request.urlopen(base + address, timeout=5)
        assert caught.value.code == 404, address
    # the fixture checks that the preview logged no traceback


def test_a_second_interrupt_while_the_preview_stops_ends_it_without_a_traceback(site_project):
    """An editor who presses Ctrl+C twice (or a terminal that closes) interrupts the server's
    shutdown itself."""
    import signal

    root = site_project()
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "shangliang.cli", "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=root, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        wait_for(f"http://127.0.0.1:{port}/" + PAGE, "推动“两创”工作走在前列")
        process.send_signal(signal.SIGINT)
        time.sleep(0.1)  # the server's loop looks for the stop twice a second: it is stopping now
        process.send_signal(signal.SIGINT)
        _, stderr = process.communicate(timeout=30)
    finally:
        process.kill()
    assert "Traceback" not in stderr and "Stopped." in stderr, stderr
    assert process.returncode in (0, 130)


@pytest.mark.skipif(sys.platform == "win32", reason="process groups and SIGTERM to each process are POSIX")
def test_a_stop_sent_to_every_process_of_the_preview_ends_it_without_a_traceback(site_project):
    """A service manager (systemd) or `pkill -f` stops every process at once, the preview's
    build processes too."""
    import os
    import signal

    root = site_project()
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "shangliang.cli", "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=root, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
    )
    try:
        wait_for(f"http://127.0.0.1:{port}/" + PAGE, "推动“两创”工作走在前列")
        os.killpg(process.pid, signal.SIGTERM)
        _, stderr = process.communicate(timeout=30)
    finally:
        process.kill()
    assert "Traceback" not in stderr and "Stopped." in stderr, stderr
