"""Issue 11, output side: a full run on the sample plus the corpus's valid-but-nasty data writes no name, phone
number or e-mail address anywhere, leaves no temporary file, and writes nothing outside ``--out``.

The data folder is the seed-0 sample with

- the corpus's 问卷星 export imported through ``import-wjx`` (it carries names, phones with spaces and +86,
  an e-mail address and a landline in free text: names and phones become hashed ids, free text is masked);
- rows holding personal data that validation sets aside (and the reports show, masked, in their
  data-quality sections): a mobile number written with spaces in an answer, one with dashes in an event
  theme (beside a ``<script>``), one with +86 in an entry point's name, an e-mail address, a landline, an
  ID-card number and a bank card number in answers, and a phone number used as a person id.

Then ``python -m analysis run`` (a real process, every notebook, branch B01) and every file under ``--out`` is
read: text files as text, JSON and notebooks decoded (no ``\\u`` escape hides a name), Parquet files column by
column, zip containers (xlsx) member by member, anything else as bytes — none may hold one of
:data:`SECRETS` (the corpus's list) nor an unescaped ``<script>``.
"""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pandas as pd
import pytest


ROOT = Path(__file__).resolve().parents[2]

def _corpus():
    """The input-side corpus module (its SECRETS list, salt and 问卷星 folder), loaded from its file."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("_hostile_corpus", Path(__file__).with_name("test_hostile_inputs.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


_CORPUS = _corpus()
SALT, SECRETS, WJX = _CORPUS.SALT, _CORPUS.SECRETS, _CORPUS.WJX
TEMPORARY = (".running", ".tmp", ".partial", "~$", ".lock.tmp")


def _append(folder: Path, table: str, edits: list[dict]) -> None:
    """Append copies of the table's first row with ``edits`` applied (the file's columns, as text)."""
    path = folder / f"{table}.csv"
    df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    rows = pd.DataFrame([{**df.iloc[0].to_dict(), **e} for e in edits], columns=df.columns)
    pd.concat([df, rows], ignore_index=True).to_csv(path, index=False, encoding="utf-8-sig",
                                                    quoting=csv.QUOTE_MINIMAL)


def _nasty_folder(root: Path) -> Path:
    from analysis.io import write_dataset
    from analysis.sample import make_sample

    data = root / "data"
    write_dataset(make_sample(seed=0), data)
    env = dict(os.environ, ANALYSIS_PERSON_SALT=SALT)
    res = subprocess.run([sys.executable, "-m", "analysis", "import-wjx", str(WJX / "base.csv"), "--out", str(data),
                          "--community", "B01-C01", "--channel", "booth", "--prefix", "HX-"],
                         capture_output=True, text=True, env=env, cwd=root, timeout=300)
    assert res.returncode == 0, res.stderr[-2000:]
    answers = pd.read_csv(data / "survey_answers.csv", dtype=str, keep_default_na=False, encoding="utf-8-sig")
    questions = pd.read_csv(data / "survey_questions.csv", dtype=str, keep_default_na=False, encoding="utf-8-sig")
    open_q = questions.loc[questions["kind"] == "open", "question_id"].iloc[0]
    response = answers["response_id"].iloc[0]
    texts = ["请联系我 138 0013 8000", "发到 zhangsan@example.com", "座机 010-12345678", "身份证 11010519491231002X",
             "卡号 6222 0212 3456 7894", "全角 １３８００１３８０００"]
    _append(data, "survey_answers", [{"response_id": response, "question_id": open_q, "value": t} for t in texts])
    _append(data, "events", [{"event_id": "B01-E99", "theme": "亲子关系 咨询138-0013-8000 <script>alert(1)</script>"}])
    _append(data, "entry_points", [{"entry_id": "B01-C01-P99", "name": "惠民超市 +86 13800138000"}])
    _append(data, "people", [{"person_id": "13700001111"}])
    _append(data, "attendance", [{"person_id": "13700001111"}])
    return data


def _listing(root: Path, skip: Path) -> dict[str, tuple[int, int]]:
    """Every path under ``root`` except under ``skip``: relative path → (size, mtime_ns)."""
    out = {}
    for p in sorted(root.rglob("*")):
        if p == skip or skip in p.parents:
            continue
        st = p.stat()
        out[str(p.relative_to(root))] = (st.st_size if p.is_file() else 0, st.st_mtime_ns if p.is_file() else 0)
    return out


def _texts(path: Path) -> list[str]:
    """The text a file holds, in every form a reader could see it."""
    raw = path.read_bytes()
    suffix = path.suffix.lower()
    if suffix == ".parquet":
        df = pd.read_parquet(path)
        return [df.columns.astype(str).str.cat(sep="\n")] + [
            df[c].dropna().astype(str).str.cat(sep="\n") for c in df.columns
            if not pd.api.types.is_numeric_dtype(df[c]) and not pd.api.types.is_bool_dtype(df[c])]
    if raw[:4] == b"PK\x03\x04":
        with zipfile.ZipFile(io.BytesIO(raw)) as z:
            return [z.read(n).decode("utf-8", "replace") for n in z.namelist()]
    text = raw.decode("utf-8-sig", "replace")
    out = [text]
    if suffix in (".json", ".ipynb"):
        try:
            out.append(json.dumps(json.loads(text), ensure_ascii=False))
        except ValueError:
            pass
    return out


@pytest.fixture(scope="module")
def nasty_run(tmp_path_factory):
    root = tmp_path_factory.mktemp("nasty-run")
    data = _nasty_folder(root)
    out = root / "reports"
    before = _listing(root, out)
    res = subprocess.run([sys.executable, "-m", "analysis", "run", "--data", str(data), "--out", str(out),
                          "--branch", "B01", "--jobs", "2"], capture_output=True, text=True, cwd=root, timeout=1500)
    return root, data, out, before, res


def test_the_run_succeeds_on_nasty_data(nasty_run):
    root, data, out, before, res = nasty_run
    assert res.returncode == 0, (res.stdout + res.stderr)[-3000:]
    assert "Traceback" not in res.stdout + res.stderr
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    runs = manifest["runs"] if isinstance(manifest, dict) and "runs" in manifest else manifest
    assert runs and all(r["status"] == "ok" for r in runs), [r for r in runs if r["status"] != "ok"]
    notebooks = sorted(p.stem for p in (ROOT / "notebooks").glob("*.ipynb"))
    assert sorted({r["notebook"] for r in runs}) == notebooks


def test_the_console_is_quiet(nasty_run):
    """Issue 14 item 7: one progress line per report and a summary; no kernel or library warnings."""
    root, data, out, before, res = nasty_run
    console = res.stdout + res.stderr
    lines = [line for line in console.splitlines() if line.strip()]
    notebooks = sorted(p.stem for p in (ROOT / "notebooks").glob("*.ipynb"))
    progress = [line for line in lines if line.lstrip().startswith("[ok") and " B01 " in line]
    assert sorted(line.split(" B01 ")[1].split(" (")[0] for line in progress) == notebooks
    assert f"{len(notebooks)} ok, 0 failed" in lines
    assert len(lines) <= len(notebooks) + 4, console  # the plan, the progress lines, the summary, the index
    for noise in ("without encryption", "Warning", "WARNING", "warn(", "Traceback", "DeprecationWarning"):
        assert noise not in console, console


def test_no_secret_in_any_file_written(nasty_run):
    root, data, out, before, res = nasty_run
    files = [p for p in out.rglob("*") if p.is_file()]
    kinds = {p.suffix.lower() for p in files}
    assert {".html", ".ipynb", ".json"} <= kinds, kinds  # the reports, the executed notebooks, the manifest
    found = []
    for p in files:
        for text in _texts(p):
            found += [f"{p.relative_to(out)}: {s!r}" for s in SECRETS if s in text]
            if p.suffix.lower() == ".html" and "<script>alert(1)</script>" in text:
                found.append(f"{p.relative_to(out)}: unescaped <script> from the data")
    found += [f"console: {s!r}" for s in SECRETS if s in res.stdout + res.stderr]
    assert not found, "\n".join(found[:30])


def test_the_nasty_rows_were_seen_and_set_aside(nasty_run):
    """The test is not vacuous: the rows with personal data reached validation and the report says so, masked."""
    root, data, out, before, res = nasty_run
    page = next(out.rglob("00_data_overview.html")).read_text(encoding="utf-8")
    assert "personal_data" in page or "个人信息" in page
    assert "138****8000" in page  # masked, not dropped without a word
    raw = (data / "events.csv").read_text(encoding="utf-8-sig")
    assert "138-0013-8000" in raw  # the input itself still holds it (the loader never modifies a file)


def test_no_temporary_file_survives_and_nothing_is_written_outside_out(nasty_run):
    root, data, out, before, res = nasty_run
    left = [str(p.relative_to(out)) for p in out.rglob("*") if any(t in p.name for t in TEMPORARY)]
    assert not left, left
    assert _listing(root, out) == before  # the data folder and everything beside --out are unchanged


def test_the_scan_finds_secrets_in_every_kind_of_file(tmp_path):
    """Negative control of the scan itself: a secret hidden in Parquet, a workbook, escaped JSON or bytes is found."""
    pd.DataFrame({"n": [1], "text": ["致电 13912345678"]}).to_parquet(tmp_path / "t.parquet")
    with zipfile.ZipFile(tmp_path / "t.xlsx", "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/sharedStrings.xml", "<t>lisi@example.com</t>")
    (tmp_path / "t.ipynb").write_text(json.dumps({"cells": [{"source": "王五"}]}), encoding="utf-8")  # \u escaped
    (tmp_path / "t.bin").write_bytes(b"\x00\x01010-12345678\x00")
    expected = {"t.parquet": "13912345678", "t.xlsx": "lisi@example.com", "t.ipynb": "王五", "t.bin": "010-12345678"}
    for name, secret in expected.items():
        assert any(secret in text for text in _texts(tmp_path / name)), name
    assert "王五" not in (tmp_path / "t.ipynb").read_text(encoding="utf-8")  # only the decoded form has it
