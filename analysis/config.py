"""Project paths and fixed settings, anchored to the project root.

Run from the repository (``make``, an editable install), paths are those of
the checkout. Installed with ``pip install .`` or from a wheel, the notebooks
and resources come from the package, default data and reports from the
current folder, and the stage store and NLTK data from the user's cache
(see :data:`IN_CHECKOUT`).

Every path the project reads or writes by default is defined here, so a
newcomer can see at a glance where raw data, lexicons, notebooks and reports
live (the cookiecutter-data-science convention). Importing this module has no
side effects: it creates no folders and changes no global state.

Examples:
    >>> from analysis import config
    >>> config.DATA_RAW_DIR.relative_to(config.PROJECT_ROOT).as_posix()
    'data/raw'
    >>> config.resolve_path("data/raw") == config.DATA_RAW_DIR
    True
"""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR: Path = Path(__file__).resolve().parent
#: The folder holding the package: the repository in a checkout (or an
#: editable install), ``site-packages`` in an installed package. Code
#: identity (stage keys, the report key) is taken relative to it.
PROJECT_ROOT: Path = PACKAGE_DIR.parent


def _in_checkout(root: Path) -> bool:
    """True when ``root`` is the project's repository (it holds pyproject.toml and notebooks/)."""
    return (root / "pyproject.toml").is_file() and (root / "notebooks").is_dir()


def _user_cache_dir() -> Path:
    """Where an installed package keeps its stage store and NLTK data.

    ``$NEWS_FRAMING_CACHE`` when set; else ``$XDG_CACHE_HOME/news-framing``,
    else ``~/.cache/news-framing``. Never inside ``site-packages``.
    """
    explicit = os.environ.get("NEWS_FRAMING_CACHE")
    if explicit:
        return Path(explicit).expanduser().resolve()
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base).expanduser().resolve() / "news-framing"


#: True when running from the repository (``make``, an editable install);
#: False for a package installed with ``pip install .`` or from a wheel.
IN_CHECKOUT: bool = _in_checkout(PROJECT_ROOT)

#: Default data and reports live here: the repository in a checkout, the
#: current folder (at start-up) for an installed package.
WORK_ROOT: Path = PROJECT_ROOT if IN_CHECKOUT else Path.cwd()

DATA_RAW_DIR: Path = WORK_ROOT / "data" / "raw"
#: The notebooks: ``notebooks/`` of the repository, or the copy shipped as
#: package data (``analysis/notebooks/`` in the wheel, see pyproject.toml).
NOTEBOOKS_DIR: Path = PROJECT_ROOT / "notebooks" if IN_CHECKOUT else PACKAGE_DIR / "notebooks"
REPORTS_DIR: Path = WORK_ROOT / "reports"
TESTS_DIR: Path = PROJECT_ROOT / "tests"
#: NLTK's ``punkt_tab`` files for plain ``nltk.sent_tokenize`` in the kernels
#: (written by ``python -m analysis setup``, or by the report runner on first use).
NLTK_DATA_DIR: Path = PROJECT_ROOT / "nltk_data" if IN_CHECKOUT else _user_cache_dir() / "nltk_data"
#: The default stage store: ``data/interim/store`` in a checkout, the user's cache otherwise.
STORE_DIR: Path = PROJECT_ROOT / "data" / "interim" / "store" if IN_CHECKOUT else _user_cache_dir() / "store"
RESOURCES_DIR: Path = PACKAGE_DIR / "resources"

#: Versioned stopword list (see ``resources/stopwords/README.md``).
STOPWORDS_FILE: Path = RESOURCES_DIR / "stopwords" / "english.txt"
#: Versioned boilerplate rules used by :mod:`analysis.corpus.clean`.
BOILERPLATE_RULES_FILE: Path = RESOURCES_DIR / "boilerplate_rules.yaml"

#: Notebooks executed by the report runner, in order.
REPORT_NOTEBOOKS: tuple[str, ...] = (
    "01_corpus.ipynb",
    "02_frequencies.ipynb",
    "03_framing.ipynb",
    "04_compare.ipynb",
    "05_groups_and_time.ipynb",
    "00_explore.ipynb",  # last: it recomputes everything, and a bad corpus is best reported by 01
)

#: Name of the Jupyter kernel installed by ``make`` for this project.
KERNEL_NAME: str = "news-framing"

#: Environment for every notebook kernel: fixed hashing and build dates make
#: outputs byte-stable (see REFERENCES, "byte-stable reports").
DETERMINISTIC_ENV: dict[str, str] = {
    "PYTHONHASHSEED": "0",
    "SOURCE_DATE_EPOCH": "0",
}


def resolve_path(path: str | Path) -> Path:
    """Resolve a path given to a notebook or a function of the package.

    The rule: an absolute path is used as it is; a relative path names what
    exists at that path from the current working directory, and otherwise
    the path from the project root (for an installed package: from the
    folder it was started in). So ``../data/raw`` works from a notebook
    running in ``notebooks/`` (papermill's or JupyterLab's working folder),
    and ``data/raw`` works there too. The command line resolves its own
    paths from the current folder before they reach the notebooks.

    Args:
        path: An absolute path, or a path relative to the working directory
            or to the project root.

    Returns:
        The absolute path.

    Examples:
        >>> resolve_path("reports").name
        'reports'
        >>> resolve_path("/tmp/x").as_posix()
        '/tmp/x'
        >>> import os
        >>> here = os.getcwd(); os.chdir(NOTEBOOKS_DIR)
        >>> resolve_path("../data/raw").resolve() == resolve_path("data/raw").resolve() == DATA_RAW_DIR
        True
        >>> os.chdir(here)
    """
    p = Path(path).expanduser()
    if p.is_absolute():
        return p
    from_cwd = Path.cwd() / p
    if from_cwd.exists():
        return Path(os.path.normpath(from_cwd))
    return WORK_ROOT / p


def display_path(path: str | Path) -> str:
    """Show a path relative to the project root when it lies inside it.

    Used in outputs so that reports do not carry machine-specific prefixes.

    Args:
        path: Any path.

    Returns:
        A POSIX string, relative to the project root when possible.

    Examples:
        >>> display_path(PROJECT_ROOT / "data" / "raw")
        'data/raw'
        >>> display_path("/somewhere/else.csv")
        '/somewhere/else.csv'
    """
    p = Path(path).resolve() if Path(path).is_absolute() else resolve_path(path)
    try:
        return p.relative_to(PROJECT_ROOT).as_posix()
    except ValueError:
        return p.as_posix()
