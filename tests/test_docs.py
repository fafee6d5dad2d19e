"""The docs' tables of fields follow izhi_core.fields: a changed bound, a new field or a
new flag fails here until the README's flags table (and docs/dashboard.md's address
table) say so."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from izhi_core.__main__ import build_parser
from izhi_core.config import SCENARIO_FIELD
from izhi_core.fields import FIELDS, Field

ROOT = Path(__file__).resolve().parents[1]


def table_rows(path: Path, first_cell: str) -> dict[str, str]:
    """Rows of the table whose header begins with ``| first_cell |``, by each backticked
    name (``--exc-weight``, ``exc_weight``) in their first cell."""
    rows: dict[str, str] = {}
    inside = False
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith(f"| {first_cell} |"):
            inside = True
            continue
        if inside and not line.startswith("|"):
            break
        if inside and not line.startswith("| ---"):
            cells = line.split(" | ")
            for name in re.findall(r"`([^`]+)`", cells[0]):
                rows[name.split()[0]] = line
    assert rows, f"no table beginning with '| {first_cell} |' in {path.name}"
    return rows


def allowed_range(field: Field) -> str:
    """The field's bounds as the tables write them: ``0 to 2 mV/ms``, ``1 to 5,000``."""
    text = re.sub(r"^(a whole number|a number) from ", "", field.allowed())
    return re.sub(r", or empty for .*$", "", text)


def default_text(field: Field) -> str:
    d = field.default
    if d is None:
        return field.optional
    return f"{d:g}" if isinstance(d, float) else str(d)


def has_word(row: str, word: str) -> bool:
    return re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", row) is not None


README_FLAGS = table_rows(ROOT / "README.md", "flag")


def test_the_readme_lists_every_flag_of_the_cli_and_no_other():
    parser_flags = {opt for action in build_parser()._actions for opt in action.option_strings
                    if opt.startswith("--") and opt != "--help"}
    assert set(README_FLAGS) == parser_flags


@pytest.mark.parametrize("field", [*FIELDS.values(), SCENARIO_FIELD], ids=lambda f: f.name)
def test_the_readme_gives_each_flag_its_range_and_default(field):
    row = README_FLAGS[field.flag]
    if field.kind == "choice":
        for choice in field.choices:
            assert has_word(row, choice), (choice, row)
        for alias, _ in field.aliases:
            assert has_word(row, alias), (alias, row)
    else:
        assert allowed_range(field) in row, (allowed_range(field), row)
    if field.optional:
        assert field.optional in row, row
    assert has_word(row, default_text(field)), (default_text(field), row)


DASHBOARD_KEYS = table_rows(ROOT / "docs" / "dashboard.md", "parameter")


def test_the_dashboard_doc_lists_every_address_key():
    assert set(FIELDS) <= set(DASHBOARD_KEYS)


@pytest.mark.parametrize("field", list(FIELDS.values()), ids=lambda f: f.name)
def test_the_dashboard_doc_gives_each_key_its_range(field):
    row = DASHBOARD_KEYS[field.name]
    if field.kind == "choice":
        for choice in field.choices:
            assert has_word(row, choice), (choice, row)
    else:
        assert allowed_range(field) in row, (allowed_range(field), row)
    assert has_word(row, default_text(field)), (default_text(field), row)
