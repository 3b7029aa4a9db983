"""The report's kernels keep their sockets in a private folder and leave nothing behind; the shipped kernelspec."""

from __future__ import annotations

import asyncio
import json
import os
import sys
import tempfile
import tomllib

import pytest
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import KernelManager

from analysis import config
from analysis.report.kernel import (
    SHIPPED_KERNEL_FILE,
    LocalKernelManager,
    kernel_json,
    kernel_spec,
    shipped_kernel_spec,
)


def test_the_shipped_kernel_json_is_the_shipped_spec_and_the_wheel_installs_it():
    assert SHIPPED_KERNEL_FILE.read_text(encoding="utf-8") == kernel_json(shipped_kernel_spec())
    pyproject = tomllib.loads((config.PROJECT_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    installed = pyproject["tool"]["setuptools"]["data-files"][f"share/jupyter/kernels/{config.KERNEL_NAME}"]
    assert installed == [SHIPPED_KERNEL_FILE.relative_to(config.PROJECT_ROOT).as_posix()]
    assert "kernelspec/kernel.json" in pyproject["tool"]["setuptools"]["package-data"]["analysis.report"]


def _manager_for(spec: dict, tmp_path) -> KernelManager:
    folder = tmp_path / "kernels" / config.KERNEL_NAME
    folder.mkdir(parents=True)
    (folder / "kernel.json").write_text(kernel_json(spec), encoding="utf-8")
    specs = KernelSpecManager(kernel_dirs=[str(tmp_path / "kernels")], ensure_native_kernel=False)
    return KernelManager(kernel_name=config.KERNEL_NAME, kernel_spec_manager=specs)


def test_jupyter_runs_the_shipped_kernel_on_the_interpreter_that_starts_it(tmp_path):
    """papermill and JupyterLab find the notebooks' kernel name in the environment and use their own Python."""
    manager = _manager_for(shipped_kernel_spec(), tmp_path)
    command = manager.format_kernel_cmd()
    assert command[0] == sys.executable and command[1:3] == ["-m", "ipykernel_launcher"]
    assert manager.kernel_spec.env == {"PYTHONHASHSEED": "0", "SOURCE_DATE_EPOCH": "0"}


def test_an_absolute_interpreter_is_kept_as_written(tmp_path):
    """The rule the shipped spec relies on: only a bare 'python' is replaced (the setup spec keeps its path)."""
    spec = json.loads(kernel_json(kernel_spec()))
    spec["argv"][0] = "/opt/elsewhere/bin/python3"
    assert _manager_for(spec, tmp_path).format_kernel_cmd()[0] == "/opt/elsewhere/bin/python3"


@pytest.mark.notebooks
def test_ipc_sockets_live_in_a_private_folder_that_is_removed(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)

    async def run() -> str:
        manager = LocalKernelManager(kernel_name="python3")
        await manager.start_kernel()
        client = manager.client()
        client.start_channels()
        try:
            await client.wait_for_ready(timeout=60)
            folder = os.path.dirname(manager.ip)
            assert os.path.dirname(folder) == tempfile.gettempdir()
            assert os.path.basename(folder).startswith("news-framing-kernel-")
            assert any(name.startswith("kernel-ipc-") for name in os.listdir(folder))  # the sockets are there
        finally:
            client.stop_channels()
            await manager.shutdown_kernel(now=True)
        return folder

    folder = asyncio.run(run())
    assert not os.path.exists(folder)
    assert list(tmp_path.iterdir()) == []  # nothing written where the run stood


def test_tcp_transport_keeps_jupyters_default_address():
    assert LocalKernelManager(transport="tcp").ip == "127.0.0.1"
