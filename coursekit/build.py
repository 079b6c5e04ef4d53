"""Jupyter Book 1's ``build`` command, with Sphinx reading (and so executing) pages in parallel.

``jupyter-book build`` never passes Sphinx a job count, so a clean build runs the chapters one after
another on one core. This runs the same command line with the job count set. The course's Sphinx
extension declares Jupyter Book's two undeclared extensions safe to read in parallel
(``coursekit.sphinx_ext.PARALLEL_SAFE_UNDECLARED``); without that, Sphinx would fall back to a
serial read, and a strict build (``-W``) would stop on its warning.

    python -m coursekit.build build . --builder html     # the same arguments as jupyter-book
"""

from __future__ import annotations

import os
import sys
import traceback
from typing import Any, NoReturn

MAX_JOBS = 8  # each job starts its own kernels; more than this costs memory for little gain
# A job spends part of each page waiting for its kernel to start and answer, so two jobs per core
# keep the cores busy: on the 2-core machine, 4 jobs built in 31 s against 36 s with 2.
JOBS_PER_CORE = 2


def build_jobs(environ: dict[str, str] | None = None, cpus: int | None = None) -> int:
    """COURSE_BUILD_JOBS if set, else two jobs per core, at most MAX_JOBS."""
    value = (os.environ if environ is None else environ).get("COURSE_BUILD_JOBS", "").strip()
    if value:
        return max(1, int(value))
    return max(1, min(JOBS_PER_CORE * (cpus if cpus is not None else (os.cpu_count() or 1)), MAX_JOBS))


def main(argv: list[str] | None = None) -> None:
    import jupyter_book.sphinx as jupyter_book_sphinx
    from jupyter_book.cli.main import main as jupyter_book_main

    original = jupyter_book_sphinx.build_sphinx
    jobs = build_jobs()

    def build_sphinx(*args: Any, **kwargs: Any) -> Any:
        # jupyter_book.cli.main imports build_sphinx from this module when it builds, so this is the one it calls.
        return original(*args, **{**kwargs, "jobs": jobs})

    jupyter_book_sphinx.build_sphinx = build_sphinx
    try:
        jupyter_book_main(args=argv, prog_name="jupyter-book")
    except SystemExit as done:
        if done.code not in (0, None):
            _exit_now(done.code if isinstance(done.code, int) else 1)
        raise
    except BaseException:  # noqa: BLE001 - any failure: report it, then stop without waiting
        traceback.print_exc()
        _exit_now(1)


def _exit_now(code: int) -> NoReturn:
    """Stop a failed build now, even with page readers still running.

    When one page fails, Sphinx stops collecting the other readers' results; a reader with a large
    result then blocks writing it to its pipe, and Python's exit waits for that reader for ever. A
    build that fails must fail, not hang (in CI, for an hour and a half).
    """
    import multiprocessing

    for child in multiprocessing.active_children():
        child.kill()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


if __name__ == "__main__":
    main()
