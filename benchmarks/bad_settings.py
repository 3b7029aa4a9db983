"""How long a bad setting takes to be reported, and what the user reads.

Usage:
    .venv/bin/python benchmarks/bad_settings.py [--corpus data/raw]

Runs ``python -m analysis report`` once per bad setting, in a fresh process
as a user would, on the default corpus (or ``--corpus``), and prints for each
the wall time, the exit status, the number of lines on stderr and the error
line. Every run must stop in the planning step (exit status 1, one line, no
notebook started); the issue's target is under 10 s each. Figures are
printed, never asserted. The out folder is a temporary one and is never
written (each run stops before it).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
#: Each bad setting as ``-p NAME VALUE`` pairs.
CASES: list[tuple[str, ...]] = [
    ("group_by", "publisher"),
    ("target_group", "Nobody"),
    ("doc_id", "no-such-document"),
    ("top_nn", "5"),
    ("p_adjust", "fdr"),
    ("exclude_terms", "bolton"),
    ("actor_lexicon", "no/such/actors.yaml"),
    ("frame_dictionary", "missing_frames.yml"),
]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", default="data/raw")
    args = parser.parse_args()
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    times = []
    with tempfile.TemporaryDirectory() as tmp:
        # one warm-up run: the first import of the libraries fills the OS file cache
        subprocess.run([sys.executable, "-m", "analysis", "report", "--corpus", args.corpus, "--out",
                        str(Path(tmp) / "out"), "-p", *CASES[0]], cwd=ROOT, env=env, capture_output=True)
        for name, value in CASES:
            started = time.perf_counter()
            done = subprocess.run([sys.executable, "-m", "analysis", "report", "--corpus", args.corpus, "--out",
                                   str(Path(tmp) / "out"), "-p", name, value], cwd=ROOT, env=env,
                                  capture_output=True, text=True)
            seconds = time.perf_counter() - started
            times.append(seconds)
            lines = done.stderr.strip().splitlines()
            print(f"{name:>18} {seconds:6.2f} s  exit {done.returncode}  {len(lines)} line(s): "
                  f"{lines[-1][:150] if lines else ''}")
        written = (Path(tmp) / "out").exists()
    print(f"slowest {max(times):.2f} s, median {sorted(times)[len(times) // 2]:.2f} s over {len(times)} bad settings; "
          f"out folder written: {written}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
