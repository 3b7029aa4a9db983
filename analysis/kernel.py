"""Install the project's Jupyter kernel into the current environment.

The kernel runs this environment's Python with the deterministic settings of
:data:`analysis.config.DETERMINISTIC_ENV` and ``NLTK_DATA`` pointing at the
project's ``nltk_data/``, so notebooks behave the same in JupyterLab and
under papermill.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from analysis import config
from analysis.outputs import write_text_atomic


def kernel_spec() -> dict:
    """Return the kernel.json content for this environment.

    Examples:
        >>> spec = kernel_spec()
        >>> spec["argv"][1:3], spec["env"]["PYTHONHASHSEED"]
        (['-m', 'ipykernel_launcher'], '0')
    """
    env = dict(config.DETERMINISTIC_ENV)
    env["NLTK_DATA"] = str(config.NLTK_DATA_DIR)
    return {
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "Python (news-framing)",
        "language": "python",
        "env": env,
        "metadata": {"debugger": True},
    }


def install_kernel(prefix: str | Path = sys.prefix) -> Path:
    """Write the kernel spec under ``<prefix>/share/jupyter/kernels/``.

    Returns:
        The kernel folder.
    """
    folder = Path(prefix) / "share" / "jupyter" / "kernels" / config.KERNEL_NAME
    write_text_atomic(folder / "kernel.json", json.dumps(kernel_spec(), indent=1, sort_keys=True) + "\n")
    return folder
