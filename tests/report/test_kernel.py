"""The report's kernels keep their sockets in a private folder and leave nothing behind."""

from __future__ import annotations

import asyncio
import os
import tempfile

import pytest

from analysis.report.kernel import LocalKernelManager

pytestmark = pytest.mark.notebooks


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
