"""PEP 517 build backend: OCA's whool, packaging this checkout as customer_service.

whool names the distribution after the folder that holds ``__manifest__.py``. In an OCA
repository that folder is the addon's; here the repository is the addon, and a clone
or worktree may be called anything. This backend stages the files git tracks (minus
the harness) in a temporary folder named ``customer_service``, with a ``PKG-INFO``
giving the name and the version whool computes from the git history (the manifest
version, then ``.N`` for the commits since it changed), and lets whool build from
there. The staged ``pyproject.toml`` names plain ``whool.buildapi``, so a wheel built
from the sdist is whool's own work.
"""

import email.generator
import os
import shutil
import subprocess
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path

from manifestoo_core.metadata import metadata_from_addon_dir
from whool import buildapi

if sys.version_info >= (3, 11):
    import tomllib
else:
    import tomli as tomllib

ADDON = "customer_service"
# The harness, benchmarks and tool settings are not part of the installed addon.
EXCLUDED_DIRS = (".ci", "bench")
EXCLUDED_FILES = (
    "Makefile",
    ".gitattributes",
    ".gitignore",
    ".pre-commit-config.yaml",
    ".prettierrc.cjs",
    ".pylintrc-mandatory",
    ".ruff.toml",
)
STAGED_PYPROJECT = """\
[build-system]
requires = ["whool"]
build-backend = "whool.buildapi"
"""


def _options(source):
    with open(source / "pyproject.toml", "rb") as f:
        return tomllib.load(f).get("tool", {}).get("whool", {})


def _source_files(source):
    """The files git tracks, or every file but caches outside a git checkout."""
    try:
        out = subprocess.check_output(
            ["git", "ls-files", "-z"],
            cwd=source,
            universal_newlines=True,
            stderr=subprocess.DEVNULL,
        )
        names = out.split("\0")
    except (OSError, subprocess.CalledProcessError):
        names = [
            path.relative_to(source).as_posix()
            for path in source.rglob("*")
            if "__pycache__" not in path.parts and path.suffix != ".pyc"
        ]
    for name in names:
        if not name or name in EXCLUDED_FILES or name.split("/")[0] in EXCLUDED_DIRS:
            continue
        if name.split("/")[0] in (".git", "build", "dist"):
            continue
        if (source / name).is_file():
            yield name


@contextmanager
def _staged():
    """Yield a folder named customer_service holding the addon, ready for whool."""
    source = Path.cwd()
    with tempfile.TemporaryDirectory() as tmp:
        # A symlink keeps its own name in Path.absolute(), which whool reads for the
        # addon name, while git still runs in the checkout for the version.
        link = Path(tmp, "link", ADDON)
        link.parent.mkdir()
        link.symlink_to(source, target_is_directory=True)
        metadata = metadata_from_addon_dir(link, _options(source))
        stage = Path(tmp, "stage", ADDON)
        for name in _source_files(source):
            target = stage / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source / name, target)
        (stage / "pyproject.toml").write_text(STAGED_PYPROJECT, encoding="utf-8")
        with open(stage / "PKG-INFO", "w", encoding="utf-8") as f:
            email.generator.Generator(f, mangle_from_=False, maxheaderlen=0).flatten(
                metadata
            )
        os.chdir(stage)
        try:
            yield
        finally:
            os.chdir(source)


def _in_sdist():
    return Path.cwd().joinpath("PKG-INFO").is_file()


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    wheel_directory = os.path.abspath(wheel_directory)
    if _in_sdist():
        return buildapi.build_wheel(wheel_directory, config_settings)
    with _staged():
        return buildapi.build_wheel(wheel_directory, config_settings)


def build_sdist(sdist_directory, config_settings=None):
    sdist_directory = os.path.abspath(sdist_directory)
    if _in_sdist():
        return buildapi.build_sdist(sdist_directory, config_settings)
    with _staged():
        return buildapi.build_sdist(sdist_directory, config_settings)
