"""A package that installs: a wheel built from the checkout reports from any folder.

The wheel is built offline (``--no-build-isolation`` with the pinned
setuptools of the test extra) from a copy of the tracked files, so the
checkout gets no ``build/`` folder. It is installed without dependencies into
a temporary venv that sees the project's ``.venv`` packages through a
``.pth`` line (``--system-site-packages`` would expose the base Python's
packages, not the venv's). The editable install of ``.venv`` is not active
there: ``.pth`` files of a folder named in a ``.pth`` line are not executed.
"""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import tomllib
import venv
import zipfile
from pathlib import Path

import nbformat
import pytest

from analysis import __version__, config

TINY = config.TESTS_DIR / "fixtures" / "tiny_corpus"


def _listed_packages() -> list[str]:
    data = tomllib.loads((config.PROJECT_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return data["tool"]["setuptools"]["packages"]


def test_every_package_folder_is_listed_in_pyproject():
    on_disk = {
        ".".join(p.parent.relative_to(config.PROJECT_ROOT).parts)
        for p in config.PACKAGE_DIR.rglob("__init__.py")
        if "__pycache__" not in p.parts
    }
    listed = set(_listed_packages())
    assert on_disk - listed == set(), "add these to [tool.setuptools] packages in pyproject.toml"
    assert listed - on_disk == {"analysis.notebooks"}  # the one mapped from notebooks/ by package-dir


def test_checkout_paths_come_from_the_repository():
    from analysis.runner.store import DEFAULT_STORE_DIR

    assert config.IN_CHECKOUT
    assert config.NOTEBOOKS_DIR == config.PROJECT_ROOT / "notebooks"
    assert config.STORE_DIR == DEFAULT_STORE_DIR
    assert config.NLTK_DATA_DIR == config.PROJECT_ROOT / "nltk_data"


def test_an_installed_package_takes_defaults_from_the_current_folder_and_the_cache(tmp_path):
    """config.py imported from a folder that is not a checkout, as it is in site-packages."""
    site = tmp_path / "site-packages" / "analysis"
    site.mkdir(parents=True)
    (site / "config.py").write_bytes((config.PACKAGE_DIR / "config.py").read_bytes())
    (site / "notebooks").mkdir()
    cwd = tmp_path / "work"
    cwd.mkdir()
    code = (
        "import importlib.util, sys\n"
        f"spec = importlib.util.spec_from_file_location('cfg', {str(site / 'config.py')!r})\n"
        "cfg = importlib.util.module_from_spec(spec); spec.loader.exec_module(cfg)\n"
        "print(cfg.IN_CHECKOUT); print(cfg.NOTEBOOKS_DIR); print(cfg.DATA_RAW_DIR); print(cfg.REPORTS_DIR)\n"
        "print(cfg.STORE_DIR); print(cfg.NLTK_DATA_DIR); print(cfg.resolve_path('nowhere'))\n"
    )
    env = {**os.environ, "NEWS_FRAMING_CACHE": str(tmp_path / "cache")}
    done = subprocess.run([sys.executable, "-c", code], cwd=cwd, env=env, capture_output=True, text=True, check=True)
    lines = done.stdout.splitlines()
    assert lines == [
        "False",
        str(site / "notebooks"),
        str(cwd / "data" / "raw"),
        str(cwd / "reports"),
        str(tmp_path / "cache" / "store"),
        str(tmp_path / "cache" / "nltk_data"),
        str(cwd / "nowhere"),
    ]


def test_runner_kernel_is_this_interpreter_even_when_no_kernelspec_is_installed(tmp_path):
    from analysis.report.kernel import LocalKernelManager

    km = LocalKernelManager(kernel_name=config.KERNEL_NAME, data_dir=str(tmp_path))
    assert km.kernel_spec.argv[0] == sys.executable
    assert km.kernel_spec.env["NLTK_DATA"] == str(config.NLTK_DATA_DIR)
    from jupyter_client.kernelspec import NoSuchKernel

    with pytest.raises(NoSuchKernel):  # any other name is looked up as Jupyter does
        _ = LocalKernelManager(kernel_name="no-such-kernel", data_dir=str(tmp_path)).kernel_spec


# --------------------------------------------------------------------------- the wheel
def _tracked_files() -> list[str]:
    done = subprocess.run(
        ["git", "-C", str(config.PROJECT_ROOT), "ls-files", "-z"], capture_output=True, check=False
    )
    if done.returncode != 0:
        pytest.skip("not a git checkout")
    return [name for name in done.stdout.decode().split("\0") if name]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    src = tmp_path_factory.mktemp("src")
    for name in _tracked_files():
        if name.startswith(("pyproject.toml", "README.md", "LICENSE", "analysis/", "notebooks/")):
            target = src / name
            target.parent.mkdir(parents=True, exist_ok=True)
            source = config.PROJECT_ROOT / name
            if source.is_file():  # a tracked file deleted in the working tree is not shipped
                target.write_bytes(source.read_bytes())
    dist = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation", "--no-index",
         "-w", str(dist), str(src)],
        check=True, capture_output=True, text=True,
    )
    (built,) = dist.glob("news_framing-*.whl")
    return built


@pytest.mark.slow
def test_wheel_ships_code_notebooks_resources_and_template(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = {
        p.relative_to(config.PROJECT_ROOT).as_posix()
        for p in config.PACKAGE_DIR.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"
    }
    expected |= {f"analysis/notebooks/{name}" for name in config.REPORT_NOTEBOOKS}
    assert expected - names == set()
    assert "analysis/report/templates/index.html.j2" in names
    assert "analysis/py.typed" in names
    entry_points = zipfile.ZipFile(wheel).read(
        next(n for n in names if n.endswith(".dist-info/entry_points.txt"))
    ).decode()
    assert "news-framing = analysis.__main__:main" in entry_points
    assert not any(n.startswith(("tests/", "notebooks/", "data/")) for n in names)


@pytest.fixture(scope="module")
def installed(wheel, tmp_path_factory) -> Path:
    """A venv holding only the wheel; the dependencies come from the project's environment."""
    env_dir = tmp_path_factory.mktemp("venv")
    venv.create(env_dir, with_pip=False, symlinks=True)
    python = env_dir / "bin" / "python"
    purelib = Path(subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True, text=True, check=True,
    ).stdout.strip())
    (purelib / "_project_deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    subprocess.run(
        # --ignore-installed: the project's own editable install is visible through the .pth file, and pip
        # would otherwise call the wheel "already satisfied" and install nothing (nor uninstall that one)
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet", "--no-deps", "--no-index",
         "--ignore-installed", str(wheel)],
        check=True, capture_output=True, text=True,
    )
    return env_dir


def _clean_env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "NLTK", "JUPYTER", "VIRTUAL_ENV"))}
    env["NEWS_FRAMING_CACHE"] = str(tmp_path / "cache")
    env["JUPYTER_DATA_DIR"] = str(tmp_path / "jupyter")  # no user kernelspec can be found
    # nbconvert's templates are data files of the nbconvert install, which here is the project's
    # environment; that also exposes .venv's news-framing kernelspec (pointing at .venv's Python),
    # which the runner must not use: it runs the notebooks on the installed package's interpreter.
    env["JUPYTER_PATH"] = str(Path(sys.prefix) / "share" / "jupyter")
    env["HOME"] = str(tmp_path / "home")
    return env


@pytest.mark.slow
def test_installed_package_imports_from_site_packages(installed, tmp_path):
    done = subprocess.run(
        [str(installed / "bin" / "python"), "-c",
         "from analysis import config; print(config.IN_CHECKOUT, config.PACKAGE_DIR)"],
        cwd=tmp_path, env=_clean_env(tmp_path), capture_output=True, text=True, check=True,
    )
    in_checkout, package_dir = done.stdout.split()
    assert in_checkout == "False"
    assert Path(package_dir).is_relative_to(installed)


@pytest.mark.slow
def test_console_command_shows_help(installed, tmp_path):
    done = subprocess.run(
        [str(installed / "bin" / "news-framing"), "--help"],
        cwd=tmp_path, env=_clean_env(tmp_path), capture_output=True, text=True,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("usage: news-framing ")
    assert "report" in done.stdout


@pytest.mark.slow
def test_installed_command_answers_version_notebooks_path_and_store(installed, tmp_path):
    def run(*args: str) -> str:
        done = subprocess.run([str(installed / "bin" / "news-framing"), *args], cwd=tmp_path,
                              env={**_clean_env(tmp_path), "COLUMNS": "1000"}, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        return done.stdout

    assert run("--version").split() == ["news-framing", __version__]
    notebooks = Path(run("notebooks", "path").strip())
    assert notebooks.is_relative_to(installed) and notebooks.name == "notebooks"
    assert sorted(p.name for p in notebooks.glob("*.ipynb")) == sorted(config.REPORT_NOTEBOOKS)
    store_help = run("report", "--help")
    assert f"(default: {(tmp_path / 'cache' / 'store').as_posix()})" in store_help
    assert "data/interim/store" not in store_help


@pytest.mark.slow
@pytest.mark.notebooks
def test_papermill_runs_an_installed_notebook_on_the_installed_interpreter(installed, tmp_path):
    """The wheel installs the kernelspec the notebooks name: plain papermill needs no `news-framing setup`."""
    env = _clean_env(tmp_path)
    env.pop("JUPYTER_PATH")  # only what the installed environment itself provides
    env["PATH"] = f"{installed / 'bin'}:{env.get('PATH', '')}"
    notebooks = Path(subprocess.run([str(installed / "bin" / "news-framing"), "notebooks", "path"], cwd=tmp_path,
                                    env=env, capture_output=True, text=True, check=True).stdout.strip())
    nb = nbformat.read(str(notebooks / "01_corpus.ipynb"), as_version=4)
    assert nb.metadata["kernelspec"]["name"] == config.KERNEL_NAME
    probe = nbformat.v4.new_notebook(metadata=nb.metadata)  # the installed notebook's kernel, a one-line cell
    probe.cells = [nbformat.v4.new_code_cell("import os, sys; print(sys.executable, os.environ['PYTHONHASHSEED'])")]
    nbformat.write(probe, str(tmp_path / "probe.ipynb"))
    done = subprocess.run(
        [str(installed / "bin" / "python"), "-m", "papermill", "probe.ipynb", "out.ipynb", "--log-level", "WARNING"],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    printed = nbformat.read(str(tmp_path / "out.ipynb"), as_version=4).cells[0].outputs[0]["text"].split()
    assert printed == [str(installed / "bin" / "python"), "0"]


@pytest.mark.slow
@pytest.mark.notebooks
def test_installed_command_reports_from_another_folder(installed, tmp_path):
    cwd = tmp_path / "elsewhere"
    (cwd / "corpus").mkdir(parents=True)
    for file in TINY.iterdir():
        (cwd / "corpus" / file.name).write_bytes(file.read_bytes())
    done = subprocess.run(
        [str(installed / "bin" / "news-framing"), "report", "--corpus", "corpus", "--out", "out", "--quiet"],
        cwd=cwd, env=_clean_env(tmp_path), capture_output=True, text=True, timeout=900,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    out = cwd / "out"
    for name in config.REPORT_NOTEBOOKS:
        assert (out / "notebooks" / name).is_file()
        assert (out / "notebooks" / name).with_suffix(".html").is_file()
    assert (out / "index.html").is_file()
    assert (out / "provenance.json").is_file()
    assert any((out / "tables").iterdir())
    # the stage store and NLTK data went to the cache, never into site-packages or the current folder
    assert (tmp_path / "cache" / "store").is_dir()
    assert (tmp_path / "cache" / "nltk_data" / "tokenizers" / "punkt_tab" / "english" / "abbrev_types.txt").is_file()
    assert sorted(p.name for p in cwd.iterdir()) == [".out.lock", "corpus", "out"]  # the lock sits beside --out
    # python -m analysis is the same command
    again = subprocess.run(
        [str(installed / "bin" / "python"), "-m", "analysis", "report", "--corpus", "corpus", "--out", "out"],
        cwd=cwd, env=_clean_env(tmp_path), capture_output=True, text=True, timeout=900,
    )
    assert again.returncode == 0, again.stderr[-3000:]
    assert "out is up to date" in again.stderr


@pytest.mark.slow
def test_installed_command_names_a_missing_corpus_in_one_line(installed, tmp_path):
    done = subprocess.run(
        [str(installed / "bin" / "news-framing"), "report", "--corpus", "missing", "--out", "out"],
        cwd=tmp_path, env=_clean_env(tmp_path), capture_output=True, text=True,
    )
    assert done.returncode == 1
    assert done.stderr.count("\n") == 1 and "missing" in done.stderr, done.stderr


def test_readme_documents_install_badge_and_published_report():
    readme = (config.PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    head = readme[:readme.index("How does")]
    assert "actions/workflows/report.yml/badge.svg" in head  # the badge, at the top
    assert (config.PROJECT_ROOT / ".github" / "workflows" / "report.yml").is_file()
    assert ".github.io/" in head  # where the published report lives
    assert "Source: **GitHub Actions**" in head  # the one repository setting that publishing needs
    install = readme[readme.index("## Install as a package"):]
    for command in ("pip install", "news-framing report --corpus", "python -m analysis report", "pip wheel"):
        assert command in install, command
