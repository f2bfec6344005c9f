"""`python -m analysis` commands: sample, validate, contract."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from analysis.cli import main
from analysis.schemas import contract_markdown

ROOT = Path(__file__).resolve().parents[1]


def test_sample_command_is_deterministic(tmp_path, capsys):
    assert main(["sample", "--out", str(tmp_path / "a"), "--seed", "0"]) == 0
    assert main(["sample", "--out", str(tmp_path / "b"), "--seed", "0"]) == 0
    a = sorted((tmp_path / "a").iterdir())
    b = sorted((tmp_path / "b").iterdir())
    assert [p.name for p in a] == [p.name for p in b]
    assert all(x.read_bytes() == y.read_bytes() for x, y in zip(a, b))
    from analysis.sample import make_sample

    assert f"wrote {len(make_sample(seed=0))} tables" in capsys.readouterr().out


def test_validate_clean_data_exits_zero(sample_dir, capsys):
    assert main(["validate", str(sample_dir)]) == 0
    out = capsys.readouterr().out
    assert "valid, no problems found" in out and "attendance" in out


def test_validate_bad_data_exits_one_without_traceback(tmp_path):
    for name, text in {"branches.csv": "branch_id,name,city\nB01,城东支行,杭州\n",
                       "staff.csv": "staff_id,branch_id,role\nS1,B01,boss\n",
                       "communities.csv": "community_id,branch_id,name,households\nC1,B01,阳光小区,-5\n",
                       "people.csv": "person_id,community_id,is_bank_customer\nP1,C1,是\n"}.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "analysis", "validate", str(tmp_path)],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1
    assert "Traceback" not in proc.stdout + proc.stderr
    assert "staff.role [allowed_values]" in proc.stdout
    assert "communities.households [range]" in proc.stdout


def test_validate_missing_folder(tmp_path, capsys):
    assert main(["validate", str(tmp_path / "nope")]) == 1
    assert "does not exist" in capsys.readouterr().err


def test_docs_data_contract_is_up_to_date():
    """docs/data-contract.md is generated: `python -m analysis contract > docs/data-contract.md`."""
    assert (ROOT / "docs" / "data-contract.md").read_text(encoding="utf-8").strip() == contract_markdown().strip()


def test_param_option_reaches_the_notebook(tmp_path, sample_dir):
    import nbformat

    fixtures = ROOT / "tests" / "notebooks"
    rc = main(["run", "--data", str(sample_dir), "--out", str(tmp_path), "--branch", "B02",
               "--notebooks-dir", str(fixtures), "--notebook", "param", "--param", "marker=from-cli"])
    assert rc == 0
    nb = nbformat.read(tmp_path / "B02" / "param.ipynb", as_version=4)
    printed = "".join(o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.outputs)
    assert "MARKER=from-cli BRANCH=B02" in printed


def test_param_option_rejects_malformed(tmp_path, sample_dir, capsys):
    rc = main(["run", "--data", str(sample_dir), "--out", str(tmp_path), "--branch", "B02",
               "--notebooks-dir", str(ROOT / "tests" / "notebooks"), "--param", "no-equals-sign"])
    assert rc == 1 and "--param expects NAME=VALUE" in capsys.readouterr().err


def test_run_stops_once_on_unusable_data(tmp_path, capsys):
    (tmp_path / "data").mkdir()
    rc = main(["run", "--data", str(tmp_path / "data"), "--out", str(tmp_path / "out"), "--branch", "B01"])
    assert rc == 1
    err = capsys.readouterr().err
    assert "required table branches" in err and not (tmp_path / "out").exists()


def test_run_rejects_unknown_branch(tmp_path, sample_dir, capsys):
    rc = main(["run", "--data", str(sample_dir), "--out", str(tmp_path / "out"), "--branch", "B09"])
    assert rc == 1 and "B09 not in the branches table" in capsys.readouterr().err


def test_validate_with_a_date_order(tmp_path, capsys):
    for name, text in {"branches.csv": "branch_id,name,city\nB01,城东支行,杭州\n",
                       "staff.csv": "staff_id,branch_id,role\nS1,B01,teller\n",
                       "communities.csv": "community_id,branch_id,name,households\nC1,B01,阳光小区,100\n",
                       "people.csv": "person_id,community_id,is_bank_customer\nP1,C1,是\n",
                       "events.csv": "event_id,branch_id,community_id,kind,theme,starts_at,ends_at,cost,planned_invites\n"
                                     "E1,B01,C1,salon,t,03/09/2026 14:00,03/09/2026 15:30,100,1\n"}.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    assert main(["validate", str(tmp_path)]) == 1
    assert "events.starts_at [ambiguous_date]" in capsys.readouterr().out
    assert main(["validate", str(tmp_path), "--date-order", "dmy"]) == 0
    assert "valid, no problems found" in capsys.readouterr().out


def test_personal_data_in_messages_is_masked(tmp_path, capsys):
    for name, text in {"branches.csv": "branch_id,name,city\nB01,城东支行 13800138000,杭州\n",
                       "staff.csv": "staff_id,branch_id,role\nS1,B01,boss 13912345678\n",
                       "communities.csv": "community_id,branch_id,name,households\nC1,B01,阳光小区,100\n",
                       "people.csv": "person_id,community_id,is_bank_customer\nP1,C1,是\n"}.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    assert main(["validate", str(tmp_path)]) == 1
    out = capsys.readouterr()
    assert "138****8000" in out.out and "139****5678" in out.out
    assert "13800138000" not in out.out + out.err and "13912345678" not in out.out + out.err


def test_no_traceback_for_an_unexpected_error(monkeypatch, capsys):
    import analysis.cli as cli

    def boom(args):
        raise KeyError("13800138000")

    monkeypatch.setattr(cli, "_cmd_contract", boom)  # build_parser() picks the command up when main() runs
    assert main(["contract"]) == 3
    err = capsys.readouterr().err
    assert "unexpected KeyError" in err and "ANALYSIS_DEBUG=1" in err and "Traceback" not in err
    assert "138****8000" in err and "13800138000" not in err


def test_run_options_for_the_fleet(capsys):
    """`run --scheduler tcp://HOST:8786` sends the reports to a Dask cluster; `--jobs` sets the local workers."""
    import pytest

    with pytest.raises(SystemExit):
        main(["run", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert "--scheduler tcp://HOST:8786" in text and "Dask distributed cluster" in text
    assert "--jobs JOBS" in text and "warm kernel" in text
