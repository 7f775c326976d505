"""Every shipped dataset has a data card that documents every column."""
from __future__ import annotations

import re

import pytest

from course_lib import data
from course_lib.schemas import SCHEMAS

from conftest import ROOT

SECTIONS = ["## Purpose", "## Columns", "## How it", "## Licence"]


@pytest.mark.parametrize("name", data.available())
def test_card_lists_every_column_with_type_and_meaning(name):
    card = (ROOT / "datasets" / f"{name}.md").read_text(encoding="utf-8")
    assert card.startswith(f"# Data card: `{name}.csv`")
    for section in SECTIONS:
        assert section in card, f"{name}.md has no '{section}' section"
    rows = re.findall(r"^\| `([a-z0-9_]+)` \|", card, re.M)
    assert rows == list(SCHEMAS[name]), f"{name}.md: column table differs from the schema"


def test_truth_card_exists():
    card = (ROOT / "datasets" / "truth.md").read_text(encoding="utf-8")
    assert card.startswith("# Data card: `truth.json`") and "## Licence" in card
