"""The book builds with Sphinx reading pages in parallel (coursekit/build.py)."""

from __future__ import annotations

from types import SimpleNamespace

from coursekit.build import MAX_JOBS, build_jobs
from coursekit.sphinx_ext import PARALLEL_SAFE_UNDECLARED, _allow_parallel_read


def test_one_job_per_core_up_to_the_cap() -> None:
    assert build_jobs({}, cpus=2) == 2
    assert build_jobs({}, cpus=1) == 1
    assert build_jobs({}, cpus=64) == MAX_JOBS


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
