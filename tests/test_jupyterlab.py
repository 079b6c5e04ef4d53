"""The comparison explorer and a quiz, live in a real JupyterLab, driven by the system Chromium."""

from __future__ import annotations

import os
import secrets
import shutil
import subprocess
import time
import urllib.request
from collections.abc import Iterator

import pytest

from conftest import BIN, REPO, free_port

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def lab(tmp_path_factory) -> Iterator[str]:
    port, token = free_port(), secrets.token_hex(16)
    runtime = tmp_path_factory.mktemp("jupyter-runtime")
    # JupyterLab saves notebooks as it runs them; work on copies so the committed ones stay clean.
    notebooks = runtime / "notebooks"
    shutil.copytree(REPO / "notebooks", notebooks)
    settings = runtime / "lab-settings"
    # Render every cell (no windowing), so the test can reach any output; and no news prompt.
    (settings / "@jupyterlab" / "notebook-extension").mkdir(parents=True)
    (settings / "@jupyterlab" / "notebook-extension" / "tracker.jupyterlab-settings").write_text('{"windowingMode": "none"}')
    (settings / "@jupyterlab" / "apputils-extension").mkdir(parents=True)
    (settings / "@jupyterlab" / "apputils-extension" / "notification.jupyterlab-settings").write_text('{"fetchNews": "false"}')
    env = {**os.environ, "JUPYTER_RUNTIME_DIR": str(runtime), "JUPYTER_CONFIG_DIR": str(runtime / "config"), "JUPYTERLAB_SETTINGS_DIR": str(settings)}
    process = subprocess.Popen(
        [str(BIN / "jupyter"), "lab", "--no-browser", f"--port={port}", "--ip=127.0.0.1", f"--IdentityProvider.token={token}",
         f"--ServerApp.root_dir={notebooks}", "--ServerApp.allow_root=True", "--LabApp.news_url=", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"],
        cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2)
            break
        except OSError:
            time.sleep(0.5)
    else:
        process.terminate()
        pytest.fail("JupyterLab did not start within 90 s")
    # A fresh workspace per notebook, so one test's open tabs never hide another's.
    yield f"{base}/lab/workspaces/{{0}}/tree/{{0}}.ipynb?reset&token={token}"
    process.terminate()
    process.wait(timeout=20)


def run_all_cells(page) -> None:
    """Wait for the kernel to be ready, then Run > Run All Cells, as a facilitator would."""
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=90_000)
    page.get_by_text("Python 3 (ipykernel) | Idle").wait_for(timeout=90_000)
    page.get_by_role("menuitem", name="Run").click()
    page.get_by_role("menuitem", name="Run All Cells", exact=True).click()


def test_explorer_updates_live_in_jupyterlab(lab: str, browser) -> None:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.goto(lab.format("compare-modalities"))
    run_all_cells(page)
    pickers = page.locator(".widget-select-multiple select")
    pickers.first.wait_for(timeout=120_000)
    # The last cell prints this once every check in the notebook has passed in the live kernel.
    page.locator(".jp-OutputArea-output", has_text="All checks passed.").wait_for(timeout=180_000)
    explorer_output = page.locator(".widget-html-content .ck-compare").first
    explorer_output.scroll_into_view_if_needed()  # JupyterLab only renders cells near the viewport
    assert "Psychoeducation" in explorer_output.text_content()
    # Choose CBT and DBT in the first list; the table under the controls must follow.
    modalities = pickers.nth(0)
    modalities.scroll_into_view_if_needed()
    modalities.select_option(label=["Cognitive behavioural therapy (CBT)", "Dialectical behaviour therapy (DBT)"])
    page.wait_for_function("() => Array.from(document.querySelectorAll('.jupyter-widgets .ck-compare thead')).some(t => t.textContent.includes('DBT') && !t.textContent.includes('Psychoeducation'))", timeout=30_000)
    context.close()


def test_quiz_answers_live_in_jupyterlab(lab: str, browser) -> None:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.goto(lab.format("workshop-quiz"))
    run_all_cells(page)
    page.locator(".jp-OutputArea-output", has_text="All checks passed.").wait_for(timeout=180_000)
    # The warm-up's true-false question: choose its wrong answer and check it.
    from coursekit.quiz import load_question_bank
    from coursekit.quiz.text import plain

    tf = load_question_bank().questions["orientation-group-confidentiality"]
    wrong = next(o for o in tf.options if not o.correct)
    question = page.locator(".widget-vbox", has_text=plain(tf.prompt)[:60]).last
    question.scroll_into_view_if_needed()
    question.get_by_label(wrong.text, exact=True).check()
    question.get_by_role("button", name="Check answer").click()
    question.get_by_text("Not quite.").wait_for(timeout=30_000)
    assert plain(wrong.feedback)[:40] in question.text_content()
    assert "Your score: 0 out of 5" in page.locator(".widget-html-content", has_text="Your score").first.text_content()
    context.close()
