"""A real browser: JupyterLab + headless Chromium run the explorer notebook.

Starts JupyterLab on localhost with a token and a temporary root folder,
opens ``00_explore.ipynb`` (pointed at the hostile fixture corpus) in Debian's
Chromium driven by Playwright, runs all cells, changes the term widget and
checks that the KWIC output follows; checks that no payload of the hostile
article ran; saves a screenshot.

Chromium is a system package (``apt-get install chromium``); Playwright never
downloads a browser here. In CI (``CI`` or ``REQUIRE_BROWSER`` set) a missing
Chromium is a failure; on a developer machine the test is skipped with a
message.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import nbformat
import pytest

from analysis import config
from analysis.report.lab import PRE_SAVE_HOOK
from analysis.runner.parameters import parameters_cell

pytestmark = pytest.mark.browser

CHROMIUM_FLAGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
]
HOSTILE = config.TESTS_DIR / "fixtures" / "hostile_corpus"


def _chromium() -> str:
    path = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if path:
        return path
    message = "Chromium is not installed (Debian: apt-get install chromium); .ci/run installs it"
    if os.environ.get("CI") or os.environ.get("REQUIRE_BROWSER"):
        pytest.fail(message)
    pytest.skip(message + "; skipped on this machine")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for_server(url: str, process: subprocess.Popen, log: Path, timeout: float = 90) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"JupyterLab exited early:\n{log.read_text(errors='replace')[-3000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # localhost only
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise AssertionError(f"JupyterLab did not answer within {timeout} s:\n{log.read_text(errors='replace')[-3000:]}")


@pytest.fixture()
def lab(tmp_path):
    """A JupyterLab server on localhost serving a copy of the explorer notebook."""
    root = tmp_path / "lab"
    root.mkdir()
    nb = nbformat.read(str(config.NOTEBOOKS_DIR / "00_explore.ipynb"), as_version=4)
    _, cell = parameters_cell(nb)
    cell.source = cell.source.replace('corpus_path: str = "data/raw"', f"corpus_path: str = {str(HOSTILE)!r}")
    assert str(HOSTILE) in cell.source
    nbformat.write(nb, str(root / "00_explore.ipynb"))
    yield from _serve_lab(root, tmp_path)


@pytest.fixture()
def lab_on_the_committed_notebook(tmp_path):
    """A JupyterLab server serving a byte copy of the committed explorer notebook."""
    root = tmp_path / "lab"
    root.mkdir()
    (root / "00_explore.ipynb").write_bytes((config.NOTEBOOKS_DIR / "00_explore.ipynb").read_bytes())
    yield from _serve_lab(root, tmp_path)


def _serve_lab(root: Path, tmp_path: Path):
    port, token = _free_port(), "browser-test-token"
    env = dict(os.environ)
    env.update(
        JUPYTER_CONFIG_DIR=str(tmp_path / "config"), JUPYTER_RUNTIME_DIR=str(tmp_path / "runtime"),
        JUPYTERLAB_WORKSPACES_DIR=str(tmp_path / "workspaces"), HOME=str(tmp_path),
    )
    log = tmp_path / "jupyterlab.log"
    with open(log, "w") as handle:
        process = subprocess.Popen(
            [sys.executable, "-m", "jupyter", "lab", "--no-browser", "--ServerApp.ip=127.0.0.1",
             f"--ServerApp.port={port}", f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root}",
             "--allow-root", "--LabApp.news_url=", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
             f"--ContentsManager.pre_save_hook={PRE_SAVE_HOOK}"],  # as make lab starts it
            stdout=handle, stderr=subprocess.STDOUT, env=env, cwd=root,
        )
    try:
        _wait_for_server(f"http://127.0.0.1:{port}/api/status?token={token}", process, log)
        yield {"url": f"http://127.0.0.1:{port}/lab/tree/00_explore.ipynb?token={token}", "log": log,
               "root": root}
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


def _open_in_lab(browser, url: str, *, height: int, dialogs: list[str] | None = None):
    """A page with the notebook at ``url`` open in JupyterLab and its kernel idle.

    On a loaded machine JupyterLab may ask which kernel to start before the session is up: the page answers
    with the notebook's own kernel (the dialog's default) whenever it appears. Browser dialogs are dismissed
    and their messages appended to ``dialogs`` when it is given.
    """
    page = browser.new_page(viewport={"width": 1280, "height": height})
    if dialogs is not None:
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.add_locator_handler(
        page.locator(".jp-Dialog", has_text="Select Kernel"),
        lambda dialog: dialog.get_by_role("button", name="Select").click(),
    )
    page.goto(url, wait_until="domcontentloaded", timeout=120_000)
    page.wait_for_selector(".jp-NotebookPanel .jp-Cell", timeout=120_000)
    page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']", timeout=120_000)
    return page


def test_explorer_updates_kwic_in_a_real_browser_and_runs_no_article_code(lab, tmp_path):
    chromium = _chromium()
    from playwright.sync_api import sync_playwright

    screenshot = tmp_path / "explore.png"
    dialogs: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, headless=True, args=CHROMIUM_FLAGS)
        try:
            page = _open_in_lab(browser, lab["url"], height=1400, dialogs=dialogs)
            page.locator(".jp-NotebookPanel .jp-Cell").first.click()
            page.keyboard.press("Escape")  # command mode
            page.locator(".lm-MenuBar-item", has_text="Run").first.click()
            page.locator(".lm-Menu-item", has_text="Run All Cells").first.click()

            page.get_by_text("KWIC: claim*").wait_for(timeout=180_000)
            first = page.locator(".jp-OutputArea-output pre", has_text="[claimed]").first
            first.wait_for(timeout=60_000)

            term = page.locator(".widget-text input").first
            term.fill("Putin")
            term.press("Enter")
            page.get_by_text("KWIC: Putin").wait_for(timeout=60_000)
            updated = page.locator(".jp-OutputArea-output pre", has_text="[Putin]").first
            updated.wait_for(timeout=60_000)
            assert "[Putin] has claimed" in updated.inner_text()
            assert page.locator(".jp-OutputArea-output pre", has_text="[claimed]").count() == 0

            page.get_by_role("tab", name="read a document").click()
            page.locator(".nf-doc").last.wait_for(timeout=30_000)
            page.wait_for_timeout(1500)  # give any injected script a chance to run
            assert page.evaluate("() => window.__xss") is None
            assert page.title() != "pwned" and dialogs == []
            reader = page.locator(".nf-doc").last.inner_text()
            assert "<script>window.__xss" in reader  # shown as text, not run
            page.screenshot(path=str(screenshot), full_page=True)
        finally:
            browser.close()
    assert screenshot.stat().st_size > 10_000
    keep = os.environ.get("BROWSER_SCREENSHOT_DIR")
    if keep:
        Path(keep).mkdir(parents=True, exist_ok=True)
        shutil.copy(screenshot, Path(keep) / screenshot.name)
    print(f"screenshot: {screenshot}")


def test_opening_and_saving_the_explorer_in_lab_leaves_the_committed_bytes(lab_on_the_committed_notebook):
    """Opening 00_explore.ipynb in JupyterLab (its kernel starts, Lab saves) must not change the tracked file."""
    chromium = _chromium()
    from playwright.sync_api import sync_playwright

    lab = lab_on_the_committed_notebook
    saved = lab["root"] / "00_explore.ipynb"
    committed = (config.NOTEBOOKS_DIR / "00_explore.ipynb").read_bytes()
    before = saved.stat().st_mtime_ns
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, headless=True, args=CHROMIUM_FLAGS)
        try:
            page = _open_in_lab(browser, lab["url"], height=1000)
            page.wait_for_timeout(2000)  # the kernel's info reply reaches the notebook's metadata
            page.locator(".jp-NotebookPanel .jp-Cell").first.click()
            page.keyboard.press("Escape")
            page.keyboard.press("Control+s")
            deadline = time.time() + 60
            while saved.stat().st_mtime_ns == before and time.time() < deadline:
                page.wait_for_timeout(250)
        finally:
            browser.close()
    assert saved.stat().st_mtime_ns != before, "JupyterLab did not save the notebook"
    written = saved.read_bytes()
    if written != committed:
        import difflib

        diff = "\n".join(difflib.unified_diff(committed.decode().splitlines(), written.decode().splitlines(),
                                              "committed", "saved by JupyterLab", lineterm="", n=2))
        pytest.fail(f"JupyterLab changed the notebook:\n{diff[:4000]}")


def test_a_wide_table_scrolls_inside_its_box_and_the_page_does_not(tmp_path):
    """The exported page of a notebook with a very wide table: the table's box scrolls, the page keeps its width."""
    chromium = _chromium()
    import pandas as pd
    from playwright.sync_api import sync_playwright

    from analysis.report.html_export import export_notebook_html

    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("wide", id="wide")
    wide = pd.DataFrame({f"column {i}": ["a-long-value-without-spaces-" * 3] for i in range(30)}).to_html()
    cell.outputs = [nbformat.v4.new_output("display_data", data={"text/html": wide, "text/plain": "wide"})]
    nb.cells = [nbformat.v4.new_markdown_cell("# Wide", id="title"), cell]
    nbformat.write(nb, str(tmp_path / "wide.ipynb"))
    page_file = export_notebook_html(tmp_path / "wide.ipynb")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, headless=True, args=CHROMIUM_FLAGS)
        try:
            page = browser.new_page(viewport={"width": 1000, "height": 800})
            page.goto(page_file.as_uri())
            widths = page.evaluate("""() => {
                const box = document.querySelector('.jp-OutputArea-output');
                return {page: document.documentElement.scrollWidth, view: window.innerWidth,
                        boxScroll: box.scrollWidth, boxClient: box.clientWidth,
                        table: box.querySelector('table').getBoundingClientRect().width};
            }""")
        finally:
            browser.close()
    assert widths["table"] > 2 * widths["view"]  # the table is far wider than the window ...
    assert widths["page"] <= widths["view"]  # ... yet the page does not scroll sideways
    assert widths["boxScroll"] > widths["boxClient"]  # its own box does
