from pathlib import Path

import pytest

from tests.factories.branches import WardFactory

DATA = Path(__file__).resolve().parent.parent / "data"


@pytest.fixture
def wards(branch_a, branch_b):
    """The wards the sample reports in tests/data name."""
    return {
        "aldgate": WardFactory(name="Aldgate", branch=branch_a),
        "bankside": WardFactory(name="Bankside", branch=branch_b),
    }


@pytest.fixture
def sample_report():
    return (DATA / "membership_action_report.csv").read_text(encoding="utf-8")


@pytest.fixture
def bad_report():
    return (DATA / "membership_action_report_bad_row.csv").read_text(encoding="utf-8")
