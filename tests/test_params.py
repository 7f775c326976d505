"""course_lib.params: declaration parsing, validation, CLI coercion."""
from __future__ import annotations

import pytest

from course_lib import params as P

CELL = '''SEED: int = 2024  # data seed
MARKET: str = "cn"  # market
'''


def test_parse_parameters_cell_reads_name_type_default_help():
    decl = P.parse_parameters_cell(CELL)
    assert list(decl) == ["SEED", "MARKET"]
    assert decl["SEED"] == P.Declared("SEED", int, 2024, "data seed")
    assert decl["MARKET"].default == "cn"


@pytest.mark.parametrize("source, message", [
    ("SEED = 2024  # no annotation", "only annotated defaults"),
    ("SEED: list = [1]  # x", "allowed annotations"),
    ("SEED: int = 2 * 3  # computed", "literal"),
    ("SEED: int = 2024", "help comment"),
    ("SEED: int = (", "not valid Python"),
    ("import os", "only annotated defaults"),
])
def test_parse_parameters_cell_rejects_other_code(source, message):
    with pytest.raises(P.ParameterError, match=message):
        P.parse_parameters_cell(source)


def test_validate_accepts_defaults_and_alternatives():
    assert P.validate(SEED=2024, MARKET="cn") == {"SEED": 2024, "MARKET": "cn"}
    assert repr(P.validate(SEED=7)) == "Parameters OK: SEED=7"
    for name, domain in P.DOMAINS.items():
        P.validate_value(name, domain.alternative)


@pytest.mark.parametrize("values, message", [
    ({"MARKET": "moon"}, r"MARKET='moon' is not allowed; allowed: 'cn', 'global'"),
    ({"SEED": -1}, r"SEED=-1 is not allowed; allowed: a whole number from 0 to 4294967295"),
    ({"SEED": "7"}, r"SEED must be a whole number \(int\), got '7' \(str\)"),
    ({"SEED": 7.0}, r"SEED must be a whole number"),
    ({"SEED": True}, r"SEED must be a whole number"),
    ({"SEDD": 7}, r"unknown parameter 'SEDD'; known parameters: MARKET, SEED, case"),
    ({"case": "FMCG"}, r"case='FMCG' is not allowed; allowed: 'ecommerce', 'fmcg', 'short_video'; did you mean 'fmcg'"),
    ({"failure_mode": "late"}, r"failure_mode='late' is not allowed; allowed: .*'crisis_late', 'random'"),
    ({"student_id": "Ana Li"}, r"student_id='Ana Li' is not allowed; allowed: 1 to 64 letters, digits"),
    ({"student_id": 7}, r"student_id must be text \(str\), got 7"),
])
def test_validate_names_the_parameter_and_what_is_allowed(values, message):
    with pytest.raises(P.ParameterError, match=message):
        P.validate(**values)


def test_validate_needs_values():
    with pytest.raises(P.ParameterError, match="needs the notebook's parameters"):
        P.validate()


def test_coerce_overrides_types_and_validates():
    decl = P.parse_parameters_cell(CELL)
    assert P.coerce_overrides(decl, {"SEED": "7", "MARKET": "global"}) == {"SEED": 7, "MARKET": "global"}
    with pytest.raises(P.ParameterError, match="unknown parameter 'SEDD' for nb; allowed: SEED, MARKET"):
        P.coerce_overrides(decl, {"SEDD": "7"}, notebook="nb")
    with pytest.raises(P.ParameterError, match=r"SEED must be a whole number \(int\), got 'abc'"):
        P.coerce_overrides(decl, {"SEED": "abc"})
    with pytest.raises(P.ParameterError, match="SEED must be a whole number"):
        P.coerce_overrides(decl, {"SEED": "1.5"})
    with pytest.raises(P.ParameterError, match="MARKET='us' is not allowed"):
        P.coerce_overrides(decl, {"MARKET": "us"})


def test_declared_parameters_reads_a_notebook(tmp_path):
    import nbformat
    from nbformat.v4 import new_code_cell, new_notebook

    cell = new_code_cell(CELL)
    cell.metadata["tags"] = ["parameters"]
    path = tmp_path / "nb.ipynb"
    nbformat.write(new_notebook(cells=[cell]), path)
    assert list(P.declared_parameters(path)) == ["SEED", "MARKET"]

    nbformat.write(new_notebook(cells=[new_code_cell(CELL)]), path)
    with pytest.raises(P.ParameterError, match="exactly one cell tagged 'parameters', found 0"):
        P.declared_parameters(path)
    path.write_text("{not json")
    with pytest.raises(P.ParameterError, match="cannot read notebook"):
        P.declared_parameters(path)


def test_close_values_and_names_get_a_suggestion():
    with pytest.raises(P.ParameterError, match="did you mean 'global'"):
        P.validate(MARKET="Global")
    with pytest.raises(P.ParameterError, match="did you mean 'SEED'"):
        P.validate(SEDD=1)
    with pytest.raises(P.ParameterError) as err:
        P.validate(MARKET="moon")
    assert "did you mean" not in str(err.value)
