"""report.show: headers, formats, escaping, folding long tables; staff names for owners."""

import pandas as pd

from analysis import report


def test_show_formats_each_column_by_its_declared_format():
    df = pd.DataFrame({"rate": [0.816], "ci_low": [0.6662], "p_value": [3.56e-277], "amount": [6123400.0],
                       "outcome": ["open"], "kind": ["salon"]})
    zh = report.localize(df, "zh")
    assert list(zh.columns) == ["比例", "区间下限", "p值", "金额(元)", "结果", "类型"]
    assert zh.iloc[0].tolist() == ["81.6%", "66.6%", "< 0.001", "6,123,400", "跟进中", "沙龙"]
    en = report.localize(df, "en")
    assert en.iloc[0].tolist() == ["81.6%", "66.6%", "< 0.001", "6,123,400", "Open", "Salon"]


def test_show_escapes_data_and_has_a_plain_text_repr():
    t = report.show(pd.DataFrame({"theme": ["<script>alert(1)</script>"]}), "en")
    assert "<script>" not in t.to_html() and "&lt;script&gt;" in t.to_html()
    assert "0x" not in repr(t) and "Theme" in repr(t)


def test_show_folds_long_tables_under_a_summary():
    long = pd.DataFrame({"rate": [0.5] * 30})
    assert report.show(long, "zh", collapse=10).to_html().startswith("<details")
    assert "展开 30 行" in report.show(long, "zh", collapse=10).to_html()
    assert not report.show(long.head(5), "zh", collapse=10).to_html().startswith("<details")


def test_staff_names_use_the_name_when_the_staff_table_has_one():
    staff = pd.DataFrame({"staff_id": ["S1", "S2"], "role": ["teller", "wealth_manager"], "name": ["王芳", None]})
    assert report.staff_names(staff, "zh").to_dict() == {"S1": "王芳（柜员）", "S2": "S2（理财经理）"}
    assert report.staff_names(staff, "en").to_dict() == {"S1": "王芳 (Teller)", "S2": "S2 (Wealth manager)"}
