"""Cross-machine identity: the default report equals reports/expected.sha256, file by file.

Every table and figure of the default report (``make report``) is covered. A
fresh build that differs fails here and in CI's ``make check-expected``; if
the change is intended (new code, lexicon or data), update the file
deliberately with ``make expected`` and commit it.
"""

from __future__ import annotations

import pytest

from analysis import config
from analysis.report.publish import EXPECTED_FILE, checksum_differences, report_checksums
from analysis.runner.report import build_report, plan_report

pytestmark = pytest.mark.notebooks


def test_the_default_report_matches_the_committed_checksums(tmp_path):
    expected = config.REPORTS_DIR / EXPECTED_FILE
    assert expected.is_file(), f"{expected} is missing: build it with 'make expected' and commit it"
    out = tmp_path / "report"
    build_report(plan_report(out=out, store=tmp_path / "store"), progress=False)
    differences = checksum_differences(out, expected)
    assert differences == [], (
        f"the default report differs from reports/{EXPECTED_FILE} in {len(differences)} file(s): "
        + "; ".join(differences[:10])
        + ". If the change is intended, update the file deliberately with 'make expected' and commit it."
    )
    listed = [line.split(None, 1)[1] for line in expected.read_text(encoding="utf-8").splitlines()]
    assert any(p.startswith("tables/") for p in listed) and any(p.startswith("figures/") for p in listed)
    assert report_checksums(out).count("\n") == len(listed)
