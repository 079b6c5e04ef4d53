"""End to end: a workshop link on a real JupyterHub on 127.0.0.1, driven by the system Chromium.

Everything runs on loopback and is started and stopped by the test, in a temporary directory:

* ``git daemon`` serves a bare clone of this repository (its committed HEAD) as ``git://127.0.0.1:PORT/course``;
* JupyterHub (pinned in requirements-hub.txt) with configurable-http-proxy (npm, in tools/node_modules),
  a shared password for two allowed learners, and SimpleLocalProcessSpawner: each learner's server runs
  JupyterLab from this virtualenv, in the learner's own home directory under the temporary directory;
* two learners log in and follow the nbgitpuller link that :func:`coursekit.launch.hub_link` builds;
  one runs the chapter notebook, answers a quiz question live and adds a note to their copy;
* a facilitator pushes a change to another notebook; the learner follows a link again and gets the
  change while keeping their note (nbgitpuller's automatic merge).

Install the tools with ``bash .ci/hub-setup``. Without them the test skips, except under CI=true, where it fails.
"""

from __future__ import annotations

import importlib.util
import json
import secrets
import shutil
import signal
import subprocess
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import pytest

from conftest import BIN, REPO, free_port, missing_tool

pytestmark = pytest.mark.hub

CHP = REPO / "tools" / "node_modules" / ".bin" / "configurable-http-proxy"
LEARNERS = ("ada", "ben")
PASSWORD = secrets.token_urlsafe(12)  # SharedPasswordAuthenticator needs 8 characters or more
FOLDER = "course"  # nbgitpuller clones into the last part of the repository URL
LAB_SETTINGS = {  # every cell rendered (no windowing), so the test can reach any output; no news prompt
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {"fetchNews": "false"},
}


# --- tools ------------------------------------------------------------------------------------

def _git_daemon_available() -> bool:
    if shutil.which("git") is None:
        return False
    exec_path = subprocess.run(["git", "--exec-path"], capture_output=True, text=True).stdout.strip()
    return (Path(exec_path) / "git-daemon").exists()


def _missing_tools() -> list[str]:
    missing = []
    if not _git_daemon_available():
        missing.append("git with its daemon (Debian: apt-get install git)")
    for module, package in (("jupyterhub", "jupyterhub"), ("nbgitpuller", "nbgitpuller")):
        if importlib.util.find_spec(module) is None:
            missing.append(f"{package} in .venv (requirements-hub.txt)")
    if not (BIN / "jupyterhub-singleuser").exists():
        missing.append("jupyterhub-singleuser in .venv (requirements-hub.txt)")
    if shutil.which("node") is None:
        missing.append("node 20 or later")
    if not CHP.exists():
        missing.append(f"configurable-http-proxy in {CHP.parent.parent.relative_to(REPO)} (npm)")
    return missing


@pytest.fixture
def hub_tools() -> None:
    missing = _missing_tools()
    if missing:
        missing_tool("the hub test needs " + "; ".join(missing) + ". Install them with: bash .ci/hub-setup")


# --- small helpers ----------------------------------------------------------------------------

def _wait_until(condition: Callable[[], object], what: str, timeout: float, process: subprocess.Popen | None = None, log: Path | None = None) -> object:
    """Poll until condition() is truthy; fail with the log's tail if it is not, or if the process died."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            break
        try:
            result = condition()
        except (OSError, subprocess.CalledProcessError):
            result = None
        if result:
            return result
        time.sleep(0.2)
    tail = log.read_text(errors="replace")[-4000:] if log and log.exists() else ""
    state = f" (it exited with {process.returncode})" if process is not None and process.poll() is not None else ""
    pytest.fail(f"{what} did not happen within {timeout:.0f} s{state}\n{tail}")


@contextmanager
def _running(command: list[str], log: Path, **kwargs) -> Iterator[subprocess.Popen]:
    """Start a process; on the way out stop it and every process it started (by their ids)."""
    import psutil

    with log.open("w") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, start_new_session=True, **kwargs)
        try:
            yield process
        finally:
            try:
                children = psutil.Process(process.pid).children(recursive=True)
            except psutil.NoSuchProcess:
                children = []
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)  # JupyterHub stops the learners' servers and the proxy itself
                try:
                    process.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait(timeout=10)
            _gone, alive = psutil.wait_procs(children, timeout=10)
            for child in alive:
                child.kill()


def _git(*args: str, cwd: Path | None = None) -> str:
    identity = ["-c", "user.name=Course facilitator", "-c", "user.email=facilitator@example.org", "-c", "init.defaultBranch=main"]
    return subprocess.run(["git", *identity, *args], cwd=cwd, check=True, capture_output=True, text=True).stdout


def _notebook_text(path: Path) -> str:
    """All cell sources of a notebook, joined (what a learner wrote or a facilitator changed)."""
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return "\n".join("".join(c["source"]) if isinstance(c["source"], list) else c["source"] for c in cells)


# --- the services ---------------------------------------------------------------------------

@contextmanager
def _git_server(root: Path) -> Iterator[tuple[str, Path]]:
    """A bare clone of the course repository served by git daemon: (clone URL, bare repository)."""
    served = root / "served"
    served.mkdir()
    bare = served / "course.git"
    _git("clone", "--quiet", "--bare", str(REPO), str(bare))
    port = free_port()
    log = root / "git-daemon.log"
    command = ["git", "daemon", "--export-all", "--reuseaddr", "--informative-errors", f"--base-path={served}",
               "--listen=127.0.0.1", f"--port={port}", str(served)]
    # Served with its ".git" ending, as most hosts name a repository: the link's targetpath makes
    # nbgitpuller clone into the folder the link then opens (nbgitpuller's own default keeps ".git").
    url = f"git://127.0.0.1:{port}/{FOLDER}.git"
    with _running(command, log) as daemon:
        _wait_until(lambda: _git("ls-remote", "--heads", url), "git daemon serving the course", 30, daemon, log)
        yield url, bare


@contextmanager
def _jupyterhub(root: Path) -> Iterator[tuple[str, Path]]:
    """JupyterHub on a free loopback port: (public URL, the learners' homes)."""
    hub_dir, homes = root / "hub", root / "home"
    hub_dir.mkdir()
    port, hub_port, api_port = free_port(), free_port(), free_port()
    for learner in LEARNERS:
        for name, values in LAB_SETTINGS.items():
            target = homes / learner / ".jupyter" / "lab" / "user-settings" / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(json.dumps(values), encoding="utf-8")
    config = {
        "JupyterHub": {
            "bind_url": f"http://127.0.0.1:{port}",
            "hub_bind_url": f"http://127.0.0.1:{hub_port}",
            "db_url": f"sqlite:///{hub_dir / 'jupyterhub.sqlite'}",
            "cookie_secret_file": str(hub_dir / "jupyterhub_cookie_secret"),
            "pid_file": str(hub_dir / "jupyterhub.pid"),
            "authenticator_class": "shared-password",
            "spawner_class": "simple",
            "cleanup_servers": True,
            "cleanup_proxy": True,
        },
        "ConfigurableHTTPProxy": {
            "command": [str(CHP)],
            "api_url": f"http://127.0.0.1:{api_port}",
            "pid_file": str(hub_dir / "proxy.pid"),
        },
        "SharedPasswordAuthenticator": {"user_password": PASSWORD},
        "Authenticator": {"allowed_users": list(LEARNERS)},
        "SimpleLocalProcessSpawner": {"home_dir_template": str(homes / "{username}")},
        "Spawner": {
            "cmd": [str(BIN / "jupyterhub-singleuser")],  # JupyterLab from this virtualenv, with nbgitpuller
            "args": ["--ServerApp.allow_root=True", "--LabApp.news_url=", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"],
            "default_url": "/lab",
            "start_timeout": 120,
            "http_timeout": 120,
        },
    }
    config_file = hub_dir / "jupyterhub_config.py"
    config_file.write_text(
        f"import json\nc = get_config()  # noqa: F821\nfor section, values in json.loads({json.dumps(json.dumps(config))}).items():\n"
        "    for key, value in values.items():\n        setattr(c[section], key, value)\n",
        encoding="utf-8",
    )
    log = hub_dir / "jupyterhub.log"
    url = f"http://127.0.0.1:{port}"
    with _running([str(BIN / "jupyterhub"), "-f", str(config_file)], log, cwd=hub_dir) as hub:
        def ready() -> bool:
            with urllib.request.urlopen(f"{url}/hub/api", timeout=2) as response:  # through the proxy
                return response.status == 200
        _wait_until(ready, "JupyterHub answering through the proxy", 60, hub, log)
        try:
            yield url, homes
        except BaseException:
            print(f"--- end of the JupyterHub log ({log}) ---\n" + log.read_text(errors="replace")[-6000:])
            raise


# --- the learner's side -----------------------------------------------------------------------

def _log_in(page, name: str, password: str = PASSWORD) -> None:
    page.locator("#username_input").fill(name)
    page.locator("#password_input").fill(password)
    page.locator("#login_submit").click()


def _notebook_open(page, notebook: str) -> None:
    """Wait until JupyterLab shows the notebook with its kernel idle (the hub spawns, nbgitpuller pulls, then Lab opens)."""
    name = Path(notebook).name
    page.locator(".lm-TabBar-tab.lm-mod-current", has_text=name).wait_for(timeout=150_000)
    page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook .jp-Cell").first.wait_for()
    page.get_by_text("Python 3 (ipykernel) | Idle").wait_for(timeout=90_000)


def test_workshop_link_on_a_real_jupyterhub(hub_tools, browser, tmp_path: Path) -> None:
    from coursekit.launch import LaunchSettings, hub_link
    from coursekit.quiz import grade
    from coursekit.quiz.text import plain

    ada_notebook, ben_notebook = "notebooks/ch04-groups.ipynb", "notebooks/ch01-landscape.ipynb"
    note = f"My own note from the workshop {secrets.token_hex(4)}"
    update = f"Update from your facilitator {secrets.token_hex(4)}: bring a question about your own group."

    with ExitStack() as stack:
        repository, bare = stack.enter_context(_git_server(tmp_path))
        hub, homes = stack.enter_context(_jupyterhub(tmp_path))
        settings = LaunchSettings(repository=repository, branch="main", jupyterhub_url=hub)
        assert LaunchSettings(repository=repository).folder == FOLDER

        def learner():
            context = stack.enter_context(_closing(browser.new_context(viewport={"width": 1400, "height": 1000})))
            context.set_default_timeout(60_000)
            return context.new_page()

        # A wrong password is refused; the right one lets each learner in, straight on to the link.
        ben = learner()
        ben.goto(hub_link(settings, ben_notebook))
        _log_in(ben, "ben", password="not-the-password")
        ben.get_by_text("Invalid username or password").wait_for()
        _log_in(ben, "ben")
        _notebook_open(ben, ben_notebook)
        assert f"/user/ben/lab/tree/{FOLDER}/{ben_notebook}" in ben.url

        ada = learner()
        ada.goto(hub_link(settings, ada_notebook))
        _log_in(ada, "ada")
        _notebook_open(ada, ada_notebook)
        assert f"/user/ada/lab/tree/{FOLDER}/{ada_notebook}" in ada.url

        # Each learner has the course in their own home.
        for name in LEARNERS:
            clone = homes / name / FOLDER
            assert (clone / ".git").is_dir(), f"{name} has no clone of the course in {clone}"
            assert (clone / ada_notebook).is_file() and (clone / ben_notebook).is_file()
        assert _git("rev-parse", "HEAD", cwd=homes / "ada" / FOLDER) == _git("rev-parse", "HEAD", cwd=bare)

        # Ada runs the whole notebook; its last cell prints this once the checks pass in the live kernel.
        ada.get_by_role("menuitem", name="Run").click()
        ada.get_by_role("menuitem", name="Run All Cells", exact=True).click()
        done = ada.locator(".jp-OutputArea-output", has_text="All checks passed.")
        error = ada.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']", has_text="Error")
        done.or_(error).first.wait_for(timeout=150_000)
        assert not error.count(), f"a cell failed in the learner's kernel:\n{error.first.inner_text()}"

        # ... then answers the first quiz question live, as the ipywidgets quiz shows it.
        import coursekit as ck

        question = ck.quiz("groups").shown[0].question
        assert question.kind in {"single", "true-false", "scenario"}, question.kind
        right = next(o for o in question.options if o.correct)
        box = ada.locator(".widget-vbox", has_text=plain(question.prompt)[:60]).last
        box.scroll_into_view_if_needed()
        box.get_by_label(plain(right.text), exact=True).check()
        box.get_by_role("button", name="Check answer").click()
        feedback = grade(question, question.options.index(right))
        box.get_by_text(feedback.headline).wait_for(timeout=30_000)
        assert plain(right.feedback)[:40] in box.inner_text()

        # ... and adds her own note at the top of her copy, and saves it.
        ada.locator(".jp-Notebook .jp-Cell").first.click()
        ada.keyboard.press("Escape")
        ada.keyboard.press("b")
        ada.keyboard.press("m")
        ada.keyboard.press("Enter")
        ada.keyboard.type(note)
        ada.keyboard.press("Shift+Enter")
        ada.keyboard.press("Control+s")
        ada_copy = homes / "ada" / FOLDER / ada_notebook
        _wait_until(lambda: note in _notebook_text(ada_copy), "JupyterLab saving the learner's note", 30)

        # Meanwhile the facilitator changes another notebook and pushes it to the served repository.
        work = tmp_path / "facilitator"
        _git("clone", "--quiet", str(bare), str(work))
        changed = work / ben_notebook
        notebook = json.loads(changed.read_text(encoding="utf-8"))
        first_markdown = next(c for c in notebook["cells"] if c["cell_type"] == "markdown")
        first_markdown["source"] = [*first_markdown["source"]] if isinstance(first_markdown["source"], list) else [first_markdown["source"]]
        first_markdown["source"][-1] += "\n"
        first_markdown["source"] += ["\n", update]
        changed.write_text(json.dumps(notebook, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        _git("commit", "--quiet", "-am", "Workshop: a note for the next session", cwd=work)
        _git("push", "--quiet", "origin", "main", cwd=work)

        # Ada follows the link to the changed notebook (a new tab, as from the course site).
        again = ada.context.new_page()
        again.goto(hub_link(settings, ben_notebook))
        _notebook_open(again, ben_notebook)
        again.locator(".jp-RenderedMarkdown", has_text=update).wait_for(timeout=30_000)  # the rendered cell, not its source
        clone = homes / "ada" / FOLDER
        assert update in _notebook_text(clone / ben_notebook), "the facilitator's change did not arrive"
        assert note in _notebook_text(clone / ada_notebook), "nbgitpuller lost the learner's own note"
        assert _git("merge-base", "--is-ancestor", _git("rev-parse", "HEAD", cwd=bare).strip(), "HEAD", cwd=clone) == ""

        # Ben's copy is his own: no note from Ada, and no update until he follows a link again.
        assert note not in _notebook_text(homes / "ben" / FOLDER / ada_notebook)
        assert update not in _notebook_text(homes / "ben" / FOLDER / ben_notebook)


@contextmanager
def _closing(context) -> Iterator[object]:
    try:
        yield context
    finally:
        context.close()
