"""The book builds with Sphinx reading pages in parallel (coursekit/build.py)."""

from __future__ import annotations

from types import SimpleNamespace

from coursekit.build import MAX_JOBS, build_jobs
from coursekit.sphinx_ext import PARALLEL_SAFE_UNDECLARED, _allow_parallel_read


def test_two_jobs_per_core_up_to_the_cap() -> None:
    assert build_jobs({}, cpus=2) == 4
    assert build_jobs({}, cpus=1) == 2
    assert build_jobs({}, cpus=64) == MAX_JOBS


def test_pybtex_finds_each_plugin_once_per_build() -> None:
    """Every footnote citation asks pybtex for the same style plugins; the scan of installed packages
    behind each lookup happens once."""
    import pybtex.plugin

    from coursekit.sphinx_ext import _cache_pybtex_plugin_lookups

    _cache_pybtex_plugin_lookups()
    _cache_pybtex_plugin_lookups()  # twice: still one cache, not a cache of a cache
    lookup = pybtex.plugin._load_entry_point
    lookup.cache_clear()
    for _ in range(50):
        assert pybtex.plugin.find_plugin("pybtex.style.formatting", "plain") is not None
    assert lookup.cache_info().misses == 1 and lookup.cache_info().hits == 49


def test_the_environment_sets_the_job_count() -> None:
    assert build_jobs({"COURSE_BUILD_JOBS": "1"}, cpus=8) == 1
    assert build_jobs({"COURSE_BUILD_JOBS": "3"}, cpus=2) == 3
    assert build_jobs({"COURSE_BUILD_JOBS": "0"}, cpus=2) == 1


def test_only_the_named_undeclared_extensions_are_declared_safe() -> None:
    named = {name: SimpleNamespace(parallel_read_safe=None) for name in PARALLEL_SAFE_UNDECLARED}
    refused = SimpleNamespace(parallel_read_safe=False)
    unknown = SimpleNamespace(parallel_read_safe=None)
    app = SimpleNamespace(extensions={**named, "says-no": refused, "someone-else": unknown})
    _allow_parallel_read(app)
    assert all(ext.parallel_read_safe is True for ext in named.values())
    assert refused.parallel_read_safe is False  # an extension that says no is never overruled
    assert unknown.parallel_read_safe is None  # nor is one we have not checked


def test_a_failed_build_exits_even_with_a_page_reader_still_running() -> None:
    """A reader blocked on its pipe used to keep a failed build waiting at exit for ever."""
    import subprocess
    import sys

    script = (
        "import multiprocessing, time\n"
        "import jupyter_book.cli.main as cli\n"
        "import coursekit.build as build\n"
        "def failing_build(**kwargs):\n"
        "    multiprocessing.get_context('fork').Process(target=time.sleep, args=(600,)).start()\n"
        "    raise RuntimeError('a page failed')\n"
        "cli.main = failing_build\n"
        "build.main(['build', '.'])\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert done.returncode == 1
    assert "RuntimeError: a page failed" in done.stderr
