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


def test_serve_lets_the_browser_keep_material_s_fingerprinted_files_across_reloads(served):
    """A reloaded page (after every save) need not fetch Material's stylesheet and script
    again: their names change with their content. The site's own files, which a build may
    write anew under the same name, are asked for each time."""
    import re

    _, base = served
    page = wait_for(base + PAGE, "推动“两创”工作走在前列")
    material = re.findall(r'(assets/(?:stylesheets|javascripts)/[\w.-]+\.[0-9a-f]{8}\.min\.(?:css|js))"', page)
    assert len(material) >= 2, material
    for path in [*material, "assets/stylesheets/shangliang.css"]:
        with urllib.request.urlopen(base + path, timeout=5) as response:
            kept = response.headers.get("Cache-Control")
        assert (kept == "max-age=31536000, immutable") == (path in material), path


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


def _server(tmp_path):
    from shangliang.adapters.preview import _PreviewServer

    return _PreviewServer(builder=lambda: None, host="127.0.0.1", port=free_port(), root=str(tmp_path))


def _wants_rebuild(server, seconds: float = 5) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server._want_rebuild:
            server._want_rebuild = False
            return True
        time.sleep(0.02)
    return False


def test_the_preview_hears_of_changes_from_the_system_not_by_reading_files_but_not_of_reads(tmp_path):
    """Saving a record, a new record, a removed one, and the configuration saved by renaming
    a new file over it (twice: the watch outlives the first) each ask for a rebuild; reading
    the files, as the builds do, does not."""
    import os

    from watchdog.observers.polling import PollingObserver

    content, config = tmp_path / "content", tmp_path / "mkdocs.yml"
    (content / "2024").mkdir(parents=True)
    record = content / "2024/a.md"
    record.write_text("a", encoding="utf-8")
    config.write_text("site_name: a", encoding="utf-8")
    (tmp_path / "README.md").write_text("beside the configuration", encoding="utf-8")
    server = _server(tmp_path)
    server.watch(str(content))
    server.watch(str(config))
    assert not isinstance(server.observer.observer, PollingObserver) and not server.polling
    server.observer.start()
    server.observer.start()  # MkDocs' server starts it again when it serves: once is all
    try:
        time.sleep(0.2)
        record.read_text(encoding="utf-8"), config.read_text(encoding="utf-8")
        (tmp_path / "README.md").write_text("another file in the configuration's folder", encoding="utf-8")
        assert not _wants_rebuild(server, 1)
        started = time.monotonic()
        record.write_text("b", encoding="utf-8")
        assert _wants_rebuild(server) and time.monotonic() - started < 0.5
        (content / "2024/b.md").write_text("new", encoding="utf-8")
        assert _wants_rebuild(server)
        record.unlink()
        assert _wants_rebuild(server)
        for text in ("site_name: b", "site_name: c"):
            (tmp_path / "mkdocs.yml.tmp").write_text(text, encoding="utf-8")
            os.replace(tmp_path / "mkdocs.yml.tmp", config)
            assert _wants_rebuild(server)
        os.utime(content / "2024/b.md")  # touch: MkDocs' polling rebuilt for it
        assert _wants_rebuild(server)
    finally:
        server.observer.stop()
        server.observer.join()


@pytest.mark.parametrize("refused", ["schedule", "start", "schedule after start"])
def test_where_the_system_refuses_a_watch_the_preview_looks_at_the_files(tmp_path, monkeypatch, caplog, refused):
    """Linux's limit on inotify watches is met when the observer starts (the watches are
    added then), or a system may refuse a folder when it is scheduled: either way the
    preview says so and polls, as MkDocs' server does."""
    from watchdog.observers.polling import PollingObserver

    folder = tmp_path / "content"
    folder.mkdir()
    server = _server(tmp_path)
    server.watch(str(tmp_path / "mkdocs.yml"))  # scheduled before the refusal: moved over too

    def refuse(*args, **kwargs):
        raise OSError(28, "inotify watch limit reached")

    if refused == "schedule after start":
        server.observer.start()
    monkeypatch.setattr(server.observer.observer, refused.split()[0], refuse)
    server.watch(str(folder))
    server.observer.start()
    assert isinstance(server.observer.observer, PollingObserver) and server.polling
    assert "would not watch" in caplog.text and "inotify watch limit reached" in caplog.text
    try:
        time.sleep(0.6)
        (folder / "a.md").write_text("a", encoding="utf-8")
        assert _wants_rebuild(server)
        (tmp_path / "mkdocs.yml").write_text("site_name: a", encoding="utf-8")
        assert _wants_rebuild(server)
    finally:
        server.observer.stop()
        server.observer.join()


def test_the_preview_knows_how_each_file_changed_and_when_folders_came_went_or_moved(tmp_path):
    """The next build is told how each file changed (it walks the content folder again only
    if a file came or went, and looks only at the files changed), and whether a folder
    came, went or moved (it must walk it again). A file that came while a build may have
    been reading the files may have been seen by it: it counts as moved."""
    from shangliang.load import CAME, CHANGED, MOVED, same_path

    content = tmp_path / "content"
    (content / "2024").mkdir(parents=True)
    record = content / "2024/a.md"
    record.write_text("a", encoding="utf-8")
    temporary = content / "2024/.a.md.swp"
    server = _server(tmp_path)
    server.watch(str(content))
    server.observer.start()
    try:
        time.sleep(0.2)
        assert server.take_changes() == (False, {})
        (content / "2024/early.md").write_text("a", encoding="utf-8")  # while a build may read the files
        assert _wants_rebuild(server)
        time.sleep(0.2)
        assert server.take_changes() == (False, {same_path(content / "2024/early.md"): MOVED})
        server.loaded()
        steps = [
            (lambda: record.write_text("b", encoding="utf-8"), False, {record: CHANGED}),
            # saved as many editors save: a new file renamed over the old
            (lambda: (temporary.write_text("c", encoding="utf-8"), temporary.replace(record)), False,
             {temporary: CAME, record: CAME}),
            (lambda: (content / "2024/b.md").write_text("new", encoding="utf-8"), False, {content / "2024/b.md": CAME}),
            (lambda: (content / "2024/b.md").rename(content / "2024/c.md"), False,
             {content / "2024/b.md": MOVED, content / "2024/c.md": CAME}),
            (lambda: (content / "2024/c.md").unlink(), False, {content / "2024/c.md": MOVED}),
            (lambda: (content / "2025").mkdir(), True, {}),
        ]
        for step, folder_moved, changes in steps:
            step()
            assert _wants_rebuild(server)
            time.sleep(0.2)  # the rest of the save's events
            assert server.take_changes() == (folder_moved, {same_path(path): how for path, how in changes.items()}), step
            server.loaded()
    finally:
        server.observer.stop()
        server.observer.join()


def test_serve_publishes_a_record_added_while_it_runs(served):
    root, base = served
    wait_for(base + PAGE, "推动“两创”工作走在前列")
    record = root / "content/consultations/jining-2022-culture.md"
    record.write_text(edit(CONSULTATION, "推动“两创”工作走在前列", "先改一处"), encoding="utf-8")
    wait_for(base + PAGE, "先改一处")  # a change only: the folder is not walked again
    added = root / "content/consultations/jining-2022-culture-again.md"
    added.write_text(edit(CONSULTATION, "id: jining-2022-culture", "id: jining-2022-culture-again").replace(
        "推动“两创”工作走在前列", "又一次协商"), encoding="utf-8")
    wait_for(base + "consultations/jining-2022-culture-again/", "又一次协商")
    added.unlink()
    deadline = time.monotonic() + 60
    while fetch(base + "consultations/jining-2022-culture-again/") is not None and time.monotonic() < deadline:
        time.sleep(0.2)
    assert fetch(base + "consultations/jining-2022-culture-again/") is None


def test_the_configuration_is_known_whichever_way_its_path_is_written(tmp_path):
    """macOS reports /private/var/… for a file watched as /var/…, and case-insensitive
    systems may spell it otherwise: the file watched through its folder is matched by what
    it is, not by how its name is written."""
    import os

    from watchdog.events import FileModifiedEvent

    from shangliang.adapters.preview import _Changes
    from shangliang.load import same_path

    real = tmp_path / "real"
    real.mkdir()
    (real / "mkdocs.yml").write_text("site_name: a", encoding="utf-8")
    try:
        (tmp_path / "link").symlink_to(real, target_is_directory=True)
    except OSError:  # Windows without the right to make links
        pytest.skip("this system makes no symbolic links here")
    seen = []
    handler = _Changes(seen.append, only=same_path(str(tmp_path / "link/mkdocs.yml")))
    handler.on_any_event(FileModifiedEvent(str(real / "mkdocs.yml")))
    handler.on_any_event(FileModifiedEvent(str(real / "README.md")))
    assert [os.path.basename(event.src_path) for event in seen] == ["mkdocs.yml"]
