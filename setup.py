"""Ship the course's content inside the package.

``pip install "coursekit @ git+<repository>"`` (Colab, or any Jupyter without a checkout) gets the
package alone, so the wheel carries a copy of ``data/`` and ``course.yml`` in ``coursekit/course/``.
An editable install (``pip install -e .``, what ``make venv`` does) reads the checkout instead.
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py


class BuildWithCourse(build_py):
    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return
        target = Path(self.build_lib) / "coursekit" / "course"
        shutil.copytree("data", target / "data", dirs_exist_ok=True)
        shutil.copy2("course.yml", target / "course.yml")


setup(cmdclass={"build_py": BuildWithCourse})
