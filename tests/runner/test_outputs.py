"""Output safety: ids that become paths, atomic files, the run lock, stale temporary files, CSV/XLSX formulas."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pandas as pd
import pytest

from analysis.errors import ParameterError
from analysis.outputs import (
    RunLock,
    RunLockedError,
    check_id,
    check_out,
    inside,
    neutralize_formulas,
    remove_stale,
    write_atomic,
    write_csv,
    write_xlsx,
)


@pytest.mark.parametrize("value", ["B01", "B01-E03", "城东支行", "b_1.2"])
def test_safe_ids_pass(value):
    assert check_id(value) == value


@pytest.mark.parametrize("value, reason", [
    ("../../etc", "cannot be used as a folder name"),
    ("..", "cannot be used as a folder name"),
    ("B01/../../x", "cannot be used as a folder name"),
    ("<img src=x onerror=alert(1)>", "cannot be used as a folder name"),
    ("a b", "cannot be used as a folder name"),
    (".hidden", "cannot be used as a folder name"),
    ("-rf", "cannot be used as a folder name"),
    ("B01\\x", "cannot be used as a folder name"),
    ("", "is empty"),
    ("CON", "reserved device name"),
    ("B" * 65, "is 65 characters long; a report folder name can hold at most 64"),
])
def test_unsafe_ids_are_refused_with_the_reason(value, reason):
    with pytest.raises(ParameterError) as err:
        check_id(value, "branch id")
    assert reason in str(err.value) and str(err.value).startswith("branch id")


def test_a_phone_number_in_a_refused_id_is_masked():
    with pytest.raises(ParameterError) as err:
        check_id("13812348000/x")
    assert "13812348000" not in str(err.value)


def test_inside_refuses_a_symlink_out_of_the_folder(tmp_path):
    (tmp_path / "out").mkdir()
    (tmp_path / "elsewhere").mkdir()
    os.symlink(tmp_path / "elsewhere", tmp_path / "out" / "B01")
    with pytest.raises(Exception, match="outside the output folder"):
        inside(tmp_path / "out", tmp_path / "out" / "B01" / "x.html")
    assert inside(tmp_path / "out", tmp_path / "out" / "B02" / "x.html").name == "x.html"


def test_out_pointing_at_a_file_is_a_clear_error(tmp_path):
    (tmp_path / "report.html").write_text("x")
    with pytest.raises(ParameterError, match="is an existing file, not a folder"):
        check_out(tmp_path / "report.html")
    with pytest.raises(ParameterError, match="is a file, so the folder cannot be created"):
        check_out(tmp_path / "report.html" / "sub")


def test_write_atomic_leaves_no_temporary_file(tmp_path):
    write_atomic(tmp_path / "a.html", "one")
    write_atomic(tmp_path / "a.html", "two")
    assert [p.name for p in tmp_path.iterdir()] == ["a.html"] and (tmp_path / "a.html").read_text() == "two"


def test_remove_stale_deletes_what_a_killed_run_left_and_nothing_else(tmp_path):
    keep = [tmp_path / "B01" / "a.html", tmp_path / "B01" / "a.ipynb", tmp_path / "manifest.json"]
    stale = [tmp_path / "B01" / ".a.1234.running.html", tmp_path / ".manifest.9.running.json",
             tmp_path / ".index.html.tmp"]
    for p in keep + stale:
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text("x")
    (tmp_path / "_data" / ".B01.77.running").mkdir(parents=True)
    removed = remove_stale(tmp_path)
    assert sorted(p.name for p in removed) == sorted([p.name for p in stale] + [".B01.77.running"])
    assert all(p.exists() for p in keep) and not any(p.exists() for p in stale)


def test_a_second_holder_of_the_lock_gets_a_clear_message(tmp_path):
    code = textwrap.dedent(f"""
        import sys, time
        from analysis.outputs import RunLock
        with RunLock({str(tmp_path)!r}):
            print("locked", flush=True)
            sys.stdin.readline()
    """)
    holder = subprocess.Popen([sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        with pytest.raises(RunLockedError) as err:
            with RunLock(tmp_path):
                pass
        assert f"another run is writing into {tmp_path}" in str(err.value)
        assert f"pid {holder.pid}" in str(err.value) and "another --out" in str(err.value)
    finally:
        holder.communicate("\n", timeout=30)
    with RunLock(tmp_path):  # released when the holder ended
        with RunLock(tmp_path):  # re-entrant in one process
            pass


def test_the_lock_dies_with_a_killed_holder(tmp_path):
    code = f"from analysis.outputs import RunLock\nimport time\nRunLock({str(tmp_path)!r}).__enter__()\n" \
           "print('locked', flush=True)\ntime.sleep(60)"
    holder = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "locked"
    holder.kill()
    holder.wait(timeout=30)
    with RunLock(tmp_path):
        pass


FORMULAS = ["=1+1", "+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1", "＝1+1", "=HYPERLINK(\"http://x\",\"y\")"]


def test_csv_cells_that_would_be_formulas_are_neutralized(tmp_path):
    df = pd.DataFrame({"text": FORMULAS + ["ok", None], "n": range(len(FORMULAS) + 2),
                       "=head": ["a"] * (len(FORMULAS) + 2)})
    df["neg"] = -1.5
    out = neutralize_formulas(df)
    assert list(out["text"][:len(FORMULAS)]) == ["'" + v for v in FORMULAS]
    assert out["text"].iloc[-2] == "ok" and pd.isna(out["text"].iloc[-1])
    assert list(out.columns) == ["text", "n", "'=head", "neg"] and (out["neg"] == -1.5).all()
    write_csv(df, tmp_path / "t.csv")
    back = pd.read_csv(tmp_path / "t.csv", encoding="utf-8-sig", keep_default_na=False)
    assert len(back) == len(df) and back["text"][0] == "'=1+1" and back["neg"][0] == -1.5
    assert back["text"][5] == "'\r=1"  # quoted: the carriage return does not break the row
    assert not any(str(v).startswith(("=", "+", "@")) for v in back["text"])


def test_xlsx_cells_are_text_never_formulas(tmp_path):
    from openpyxl import load_workbook

    values = [v for v in FORMULAS if not v.startswith("\r")]  # XML stores a carriage return as a line feed
    df = pd.DataFrame({"text": values, "n": range(len(values))})
    write_xlsx(df, tmp_path / "t.xlsx")
    ws = load_workbook(tmp_path / "t.xlsx").active
    cells = [ws.cell(row=i + 2, column=1) for i in range(len(values))]
    assert [c.value for c in cells] == values  # shown as typed
    assert all(c.data_type == "s" for c in cells)  # a string, not "f" (formula)
    assert ws.cell(row=2, column=2).value == 0
    assert [p.name for p in tmp_path.iterdir()] == ["t.xlsx"]
