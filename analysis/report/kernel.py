"""The project's Jupyter kernel: installed for JupyterLab, built in memory for the report runner.

The kernel runs this environment's Python with the deterministic settings of
:data:`analysis.config.DETERMINISTIC_ENV` and ``NLTK_DATA`` pointing at the
project's ``nltk_data/``, so notebooks behave the same in JupyterLab and
under papermill.

The report runner never depends on an installed kernelspec: it asks for the
kernel ``news-framing`` and :class:`LocalKernelManager` answers with
:func:`kernel_spec` for the interpreter running the report. So a package
installed with ``pip install .`` reports without ``python -m analysis
setup``, and a ``news-framing`` kernelspec left by another environment can
never run the notebooks with another version of the package.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from jupyter_client.kernelspec import KernelSpec, KernelSpecManager
from jupyter_client.manager import AsyncKernelManager
from traitlets import CaselessStrEnum, default

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


def shipped_kernel_spec() -> dict:
    """Return the kernel.json the wheel installs into ``<prefix>/share/jupyter/kernels/news-framing/``.

    Its command is plain ``python``, which jupyter_client replaces with the
    interpreter that starts the kernel (``sys.executable``). So papermill or
    JupyterLab run from the environment the package is installed in find the
    ``news-framing`` kernel the notebooks name, on their own interpreter,
    without ``news-framing setup``. It sets the deterministic environment; it
    cannot name the user's ``nltk_data`` folder, which the package does not
    need (it reads Punkt's parameters from its pinned package).
    ``news-framing setup`` writes :func:`kernel_spec`, this interpreter's full
    spec, over it.

    Examples:
        >>> spec = shipped_kernel_spec()
        >>> spec["argv"][0], spec["env"]
        ('python', {'PYTHONHASHSEED': '0', 'SOURCE_DATE_EPOCH': '0'})
    """
    spec = kernel_spec()
    spec["argv"][0] = "python"
    del spec["env"]["NLTK_DATA"]
    return spec


#: The shipped kernel.json (package data; pyproject.toml installs it as a Jupyter data file).
SHIPPED_KERNEL_FILE: Path = config.PACKAGE_DIR / "report" / "kernelspec" / "kernel.json"


def kernel_json(spec: dict) -> str:
    """The text of a kernel.json, as :func:`install_kernel` and the shipped file hold it."""
    return json.dumps(spec, indent=1, sort_keys=True) + "\n"


def install_kernel(prefix: str | Path = sys.prefix) -> Path:
    """Write the kernel spec under ``<prefix>/share/jupyter/kernels/``.

    Returns:
        The kernel folder.
    """
    folder = Path(prefix) / "share" / "jupyter" / "kernels" / config.KERNEL_NAME
    write_text_atomic(folder / "kernel.json", kernel_json(kernel_spec()))
    return folder



class CurrentInterpreterSpecManager(KernelSpecManager):
    """Kernelspecs as Jupyter finds them, except ``news-framing``: this interpreter's, built in memory.

    Examples:
        >>> spec = CurrentInterpreterSpecManager().get_kernel_spec(config.KERNEL_NAME)
        >>> spec.argv[0] == sys.executable, spec.env["PYTHONHASHSEED"]
        (True, '0')
    """

    def get_kernel_spec(self, kernel_name: str) -> KernelSpec:
        """Return this interpreter's spec for the project's kernel name, else Jupyter's lookup."""
        if kernel_name == config.KERNEL_NAME:
            return KernelSpec(resource_dir=str(config.PACKAGE_DIR), **kernel_spec())
        return super().get_kernel_spec(kernel_name)


class LocalKernelManager(AsyncKernelManager):
    """A kernel manager whose kernels talk over Unix sockets, not TCP.

    IPC transport opens no network port (so ipykernel does not warn that the
    kernel "is running over TCP without encryption"), and it works on machines
    without a loopback interface, where a TCP kernel waits 60 s and fails with
    "Kernel didn't respond". The report runner passes it to papermill.
    """

    transport = CaselessStrEnum(["tcp", "ipc"], default_value="ipc", config=True)

    @default("ip")
    def _ip_default(self) -> str:
        """Put the kernel's sockets in a private temporary folder, never in the working directory.

        jupyter_client's default for IPC is ``kernel-ipc`` relative to the
        current folder, which leaves socket files beside the notebooks when a
        kernel is killed.
        """
        if self.transport == "ipc":
            return os.path.join(tempfile.mkdtemp(prefix="news-framing-kernel-"), "kernel-ipc")
        return super()._ip_default()

    async def _async_cleanup_resources(self, restart: bool = False) -> None:
        """Remove the sockets and, unless restarting, their private folder."""
        await super()._async_cleanup_resources(restart=restart)
        if self.transport == "ipc" and not restart:
            folder = os.path.dirname(self.ip)
            if os.path.basename(folder).startswith("news-framing-kernel-"):
                for name in os.listdir(folder) if os.path.isdir(folder) else []:
                    try:
                        os.remove(os.path.join(folder, name))
                    except OSError:
                        pass
                try:
                    os.rmdir(folder)
                except OSError:
                    pass

    @default("kernel_spec_manager")
    def _current_interpreter_spec_manager(self) -> KernelSpecManager:
        return CurrentInterpreterSpecManager(data_dir=self.data_dir)

    async def _async_launch_kernel(self, kernel_cmd: list[str], **kw) -> None:
        """Launch the kernel with its own log stream kept off the runner's terminal.

        A notebook's output and errors reach the runner through Jupyter
        messages; the kernel process's stderr only carries ipykernel's
        housekeeping (such as "KeyboardInterrupt caught in kernel" when a run
        is stopped). It goes to ``$NEWS_FRAMING_KERNEL_LOG`` when that names a
        file, and is discarded otherwise, so a run prints only its own lines.
        """
        log = os.environ.get(KERNEL_LOG_ENV)
        handle = open(log, "ab") if log else None  # noqa: SIM115 - closed right after the launch
        try:
            kw["stderr"] = handle if handle is not None else subprocess.DEVNULL
            kw.setdefault("stdout", subprocess.DEVNULL)
            await super()._async_launch_kernel(kernel_cmd, **kw)
        finally:
            if handle is not None:
                handle.close()


#: Environment variable naming a file that collects the report kernels' stderr (for debugging).
KERNEL_LOG_ENV = "NEWS_FRAMING_KERNEL_LOG"
