"""The fill-in forms (填报模板): their definition, the Excel workbook, and one documentation page per form.

A branch's data begin on paper or in Excel on the day: the sign-in sheet (签到表), the invitation list
(邀约名单), the lead follow-up sheet (线索跟进表), the event evaluation form (活动评估表) and the customer
information sheet (客户信息表), plus four setup sheets a new branch fills once (网点信息, 员工名单, 小区信息,
活动信息). :data:`FORMS` defines each of them once: its sheet name and headers in Chinese and English, the
kind of every column, the drop-down lists of coded columns (taken from the contract's Chinese value
labels, :data:`analysis.schemas.VALUE_ALIASES`), and a filled-in example with generated names.

- :func:`write_templates` writes the workbook (one sheet per form, drop-downs, date validation, an
  example row, a 说明 notes sheet, A4 landscape with the header row repeated on every page).
- :func:`form_markdown` gives the documentation page of a form (``docs/forms/<form>.md``).
- :mod:`analysis.importers.sheets` reads the filled-in workbooks with the same definitions.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from analysis.errors import ParameterError
from analysis.schemas import (AGE_BANDS, ATTENDANCE_SOURCES, EVENT_KINDS, GENDERS, OUTCOMES, ROLES, TABLES,
                              TARGET_METRICS, VALUE_ALIASES)

__all__ = ["Field", "Form", "FORMS", "code_labels", "write_templates", "form_markdown", "template_name",
           "NOTES_SHEETS", "LANGUAGES"]

LANGUAGES = ("zh", "en")
#: Titles of the notes sheet (never read as a form).
NOTES_SHEETS = ("说明", "Notes")
#: Rows of the template that carry the drop-down lists and the date validation.
_ROWS = 500


@dataclass(frozen=True)
class Field:
    """One column of a form.

    ``kind``: ``id`` (a code such as B01-E01), ``text``, ``name`` (a customer's name: hashed, never kept),
    ``phone`` (hashed, never kept), ``staff`` (an employee's name or 工号), ``staff_name`` (the employee's
    own name on the staff list), ``time``, ``number``, ``int``, ``bool`` (是/否), ``code`` (a drop-down of
    the contract's values of ``codes``), ``list`` (several values separated by 、 or a comma).
    """

    key: str
    zh: str
    en: str
    kind: str
    required: bool = False
    codes: tuple[str, str] | None = None  # (VALUE_ALIASES column, name of the allowed tuple)
    zh_help: str = ""
    en_help: str = ""
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Form:
    """One sheet of the workbook: a form and the contract tables it fills."""

    key: str
    zh: str
    en: str
    tables: tuple[str, ...]
    fields: tuple[Field, ...]
    examples: tuple[dict, ...]
    zh_help: str = ""
    en_help: str = ""
    setup: bool = False

    def field(self, key: str) -> Field:
        return next(f for f in self.fields if f.key == key)


_ALLOWED = {"source": ATTENDANCE_SOURCES, "outcome": OUTCOMES, "role": ROLES, "kind": EVENT_KINDS,
            "gender": GENDERS, "metric": TARGET_METRICS, "age_band": AGE_BANDS,
            "inviter_kind": ("staff", "partner")}


def code_labels(codes: tuple[str, str]) -> dict[str, str]:
    """Code → Chinese label of a coded column (the first label of the contract's alias map for it)."""
    column, allowed = codes
    out: dict[str, str] = {}
    for label, code in VALUE_ALIASES.get(column, {}).items():
        if code in _ALLOWED[allowed] and code not in out and not label.isascii():
            out[code] = label
    return {c: out.get(c, c) for c in _ALLOWED[allowed]}


F = Field
_T = dt.datetime
FORMS: dict[str, Form] = {f.key: f for f in (
    Form("branches", "网点信息", "Branch", ("branches",), (
        F("branch_id", "网点编号", "Branch id", "id", True, zh_help="如 B01", en_help="e.g. B01"),
        F("name", "网点名称", "Branch name", "text", True),
        F("city", "城市", "City", "text", True),
    ), ({"branch_id": "B01", "name": "城东支行", "city": "杭州"},), setup=True,
        zh_help="每个网点一行，只需填一次。", en_help="One row per branch; filled in once."),
    Form("staff", "员工名单", "Staff", ("staff",), (
        F("staff_id", "工号", "Staff id", "id", True, zh_help="如 B01-S01", en_help="e.g. B01-S01"),
        F("name", "姓名", "Name", "staff_name", False, zh_help="员工姓名：其他表中的邀约人、负责人、登记人可写姓名",
          en_help="The employee's name: the other sheets may name staff by it"),
        F("role", "岗位", "Role", "code", True, ("role", "role")),
        F("branch_id", "网点编号", "Branch id", "id", True),
    ), ({"staff_id": "B01-S01", "name": "周建国", "role": "branch_head", "branch_id": "B01"},
        {"staff_id": "B01-S03", "name": "吴丽娟", "role": "wealth_manager", "branch_id": "B01"}), setup=True,
        zh_help="每位员工一行。", en_help="One row per staff member."),
    Form("communities", "小区信息", "Communities", ("communities",), (
        F("community_id", "小区编号", "Community id", "id", True, zh_help="如 B01-C01", en_help="e.g. B01-C01"),
        F("branch_id", "网点编号", "Branch id", "id", True),
        F("name", "小区名称", "Community name", "text", True),
        F("households", "户数", "Households", "int", True),
        F("occupancy_rate", "入住率", "Occupancy rate", "number", False, zh_help="0–1，如 0.85", en_help="0–1"),
        F("built_year", "建成年份", "Year built", "int", False),
        F("distance_km", "距离公里", "Distance (km)", "number", False),
    ), ({"community_id": "B01-C01", "branch_id": "B01", "name": "翠苑一区", "households": 1200,
         "occupancy_rate": 0.9, "built_year": 2008, "distance_km": 0.8},), setup=True,
        zh_help="网点服务的每个小区一行。", en_help="One row per residential community the branch serves."),
    Form("events", "活动信息", "Events", ("events",), (
        F("event_id", "活动编号", "Event id", "id", True, zh_help="如 B01-E01", en_help="e.g. B01-E01"),
        F("branch_id", "网点编号", "Branch id", "id", True),
        F("community_id", "小区编号", "Community id", "id", False, zh_help="空：在网点内", en_help="empty: at the branch"),
        F("kind", "活动类型", "Event type", "code", True, ("kind", "kind")),
        F("theme", "活动主题", "Theme", "text", True),
        F("starts_at", "开始时间", "Starts at", "time", True),
        F("ends_at", "结束时间", "Ends at", "time", True),
        F("cost", "活动费用", "Cost (yuan)", "number", True),
        F("planned_invites", "计划邀约人数", "Planned invitations", "int", False),
    ), ({"event_id": "B01-E01", "branch_id": "B01", "community_id": "B01-C01", "kind": "salon", "theme": "亲子理财",
         "starts_at": _T(2026, 9, 5, 14, 0), "ends_at": _T(2026, 9, 5, 16, 0), "cost": 3000, "planned_invites": 30},),
        setup=True, zh_help="每场驻点、沙龙或社区活动一行。", en_help="One row per booth, salon or community activity."),
    Form("sign_in", "签到表", "Sign-in", ("attendance", "people"), (
        F("event_id", "活动编号", "Event id", "id", True),
        F("name", "姓名", "Name", "name", False, zh_help="姓名和手机号至少填一项；导入时变为客户编号，不保存",
          en_help="Name or phone (at least one); becomes a person id on import, never kept"),
        F("phone", "手机号", "Phone", "phone", False),
        F("arrived_at", "到场时间", "Arrived at", "time", True, zh_help="日期和时间，如 2026-09-05 14:05",
          en_help="date and time, e.g. 2026-09-05 14:05"),
        F("source", "来源", "Source", "code", True, ("source", "source")),
        F("inviter", "邀约人", "Invited by", "staff", False, zh_help="员工邀约时填员工姓名或工号（核对员工名单；谁邀约了谁以邀约名单为准）",
          en_help="for a staff invitation: the employee's name or id (checked; the invitation list records who "
                  "invited whom)"),
        F("brought_by_phone", "带客人手机号", "Brought by (phone)", "phone", False,
          zh_help="来源为带客时：带他来的客户的手机号", en_help="source brought along: the phone of the customer who brought them"),
        F("is_bank_customer", "是否本行客户", "Bank customer", "bool", True),
        F("gender", "性别", "Gender", "code", False, ("gender", "gender")),
        F("gift", "领取礼品", "Gift received", "bool", False),
        F("community_id", "小区编号", "Community id", "id", False, zh_help="客户居住的小区（可空）",
          en_help="where the customer lives (may be empty)"),
    ), ({"event_id": "B01-E01", "name": "林晓雯", "phone": "13900000001", "arrived_at": _T(2026, 9, 5, 14, 5),
         "source": "staff_invite", "inviter": "吴丽娟", "is_bank_customer": True, "gender": "female", "gift": True,
         "community_id": "B01-C01"},
        {"event_id": "B01-E01", "name": "郑浩", "phone": "13900000002", "arrived_at": _T(2026, 9, 5, 14, 12),
         "source": "brought_along", "brought_by_phone": "13900000001", "is_bank_customer": False, "gender": "male"}),
        zh_help="每位到场客户一行。", en_help="One row per person who checked in."),
    Form("invitations", "邀约名单", "Invitations", ("invitations", "people"), (
        F("event_id", "活动编号", "Event id", "id", True),
        F("inviter", "邀约人", "Inviter", "staff", True, zh_help="员工姓名或工号；合作方填合作方编号",
          en_help="the employee's name or id; for a partner, its partner id"),
        F("inviter_kind", "邀约人类型", "Inviter type", "code", False, ("inviter_kind", "inviter_kind"),
          zh_help="空：员工", en_help="empty: staff"),
        F("name", "被邀约人", "Invitee", "name", False, zh_help="被邀约人和手机号至少填一项", en_help="invitee or phone"),
        F("phone", "手机号", "Phone", "phone", False),
        F("invited_at", "邀约时间", "Invited at", "time", True),
    ), ({"event_id": "B01-E01", "inviter": "吴丽娟", "name": "林晓雯", "phone": "13900000001",
         "invited_at": _T(2026, 9, 1, 10, 30)},),
        zh_help="每次邀约一行。", en_help="One row per invitation sent."),
    Form("leads", "线索跟进表", "Lead follow-up", ("leads", "people"), (
        F("lead_id", "线索编号", "Lead id", "id", False, zh_help="可空：导入时自动生成", en_help="may be empty: made on import"),
        F("event_id", "活动编号", "Event id", "id", False),
        F("name", "客户", "Customer", "name", False, zh_help="客户和手机号至少填一项", en_help="customer or phone"),
        F("phone", "手机号", "Phone", "phone", False),
        F("assigned_to", "负责人", "Owner", "staff", False, zh_help="跟进员工的姓名或工号", en_help="name or id of the staff"),
        F("captured_at", "登记时间", "Captured at", "time", True, zh_help="获取线索的时间：24/72 从这里起算",
          en_help="when the lead was captured: the 24/72 clock starts here"),
        F("first_contact_at", "首次联系时间", "First contact", "time", False),
        F("outcome", "结果", "Outcome", "code", True, ("outcome", "outcome")),
        F("closed_at", "结果时间", "Closed at", "time", False, zh_help="成交或未成交时必填", en_help="needed when won or lost"),
        F("product", "产品", "Product", "text", False),
        F("amount", "金额", "Amount (yuan)", "number", False),
    ), ({"event_id": "B01-E01", "name": "林晓雯", "phone": "13900000001", "assigned_to": "吴丽娟",
         "captured_at": _T(2026, 9, 5, 15, 0), "first_contact_at": _T(2026, 9, 6, 9, 30), "outcome": "won",
         "closed_at": _T(2026, 9, 7, 11, 0), "product": "稳健理财", "amount": 50000},),
        zh_help="每条线索一行。", en_help="One row per sales lead."),
    Form("evaluation", "活动评估表", "Event evaluation", ("event_targets", "event_actuals"), (
        F("event_id", "活动编号", "Event id", "id", True),
        F("metric", "指标", "Metric", "code", True, ("metric", "metric")),
        F("role", "岗位", "Role", "code", False, ("role", "role"), zh_help="空：整场活动", en_help="empty: the whole event"),
        F("target", "目标", "Target", "number", False),
        F("actual", "实际", "Actual", "number", False, zh_help="活动评分：指标选“活动评分”，实际填分数",
          en_help="the event's score: metric evaluation_score, the score as actual"),
    ), ({"event_id": "B01-E01", "metric": "attendees", "target": 30, "actual": 28},
        {"event_id": "B01-E01", "metric": "leads", "role": "wealth_manager", "target": 5, "actual": 6},
        {"event_id": "B01-E01", "metric": "evaluation_score", "target": 4.5, "actual": 4.6}),
        zh_help="每场活动每个指标（可按岗位）一行：目标与实际。", en_help="One row per event, metric (and role): target and actual."),
    Form("visitor_info", "客户信息表", "Customer information", ("visitor_records", "people"), (
        F("event_id", "活动编号", "Event id", "id", True),
        F("name", "姓名", "Name", "name", False, zh_help="姓名和手机号至少填一项", en_help="name or phone"),
        F("phone", "手机号", "Phone", "phone", False),
        F("staff", "登记人", "Recorded by", "staff", False),
        F("recorded_at", "登记时间", "Recorded at", "time", True),
        F("needs", "需求", "Needs", "list", False, zh_help="多项用顿号或逗号分隔", en_help="several: separate with commas"),
        F("products", "意向产品", "Products of interest", "list", False),
        F("age_band", "年龄段", "Age band", "code", False, ("age_band", "age_band")),
        F("gender", "性别", "Gender", "code", False, ("gender", "gender")),
    ), ({"event_id": "B01-E01", "name": "郑浩", "phone": "13900000002", "staff": "吴丽娟",
         "recorded_at": _T(2026, 9, 5, 14, 40), "needs": "子女教育、养老规划", "products": "教育金保险",
         "age_band": "30-39", "gender": "male"},),
        zh_help="沙龙上代替问卷的客户信息登记，每位客户一行。", en_help="One row per visitor record (replaces a questionnaire at salons)."),
)}


def template_name(language: str = "zh") -> str:
    """File name of the workbook."""
    return "社区营销填报模板.xlsx" if language == "zh" else "community_marketing_forms.xlsx"


def _header(f: Field, language: str) -> str:
    return f.zh if language == "zh" else f.en


def _label(f: Field, value, language: str):
    if value is None:
        return None
    if f.kind == "code":
        return code_labels(f.codes).get(value, value) if language == "zh" else value
    if f.kind == "bool":
        return ("是" if value else "否") if language == "zh" else ("yes" if value else "no")
    return value


def _choices(f: Field, language: str) -> list[str]:
    if f.kind == "bool":
        return ["是", "否"] if language == "zh" else ["yes", "no"]
    labels = code_labels(f.codes)
    return list(labels.values()) if language == "zh" else list(labels)


def _notes_rows(language: str) -> list[tuple[str, str]]:
    zh = language == "zh"
    rows = [("填写说明" if zh else "How to fill in", "")]
    rows.append(("", "每张表第一行是表头，请勿修改或合并单元格；第二行是示例（灰色斜体），可保留，导入时不读取。" if zh else
                 "Row 1 of every sheet is the header: do not change it or merge cells. Row 2 is an example (grey "
                 "italics): it may stay, the import skips it."))
    rows.append(("", "时间请按日期格式填写，如 2026-09-05 14:05；带下拉框的列请从列表中选择。" if zh else
                 "Enter times as dates, e.g. 2026-09-05 14:05; pick coded columns from their drop-down list."))
    rows.append(("", "姓名和手机号只用于生成客户编号（加盐哈希），导入后不保存。" if zh else
                 "Names and phone numbers only make the person id (a salted hash); they are not kept."))
    for form in FORMS.values():
        rows.append((form.zh if zh else form.en, form.zh_help if zh else form.en_help))
        for f in form.fields:
            need = ("必填" if zh else "required") if f.required else ("选填" if zh else "optional")
            text = f.zh_help if zh else f.en_help
            rows.append(("", f"{_header(f, language)}（{need}）{'：' + text if text else ''}" if zh else
                         f"{_header(f, language)} ({need}){': ' + text if text else ''}"))
    return rows


def write_templates(out, language: str = "zh") -> Path:
    """Write the fill-in workbook into folder ``out``; returns its path.

    Parameters
    ----------
    out : str or path-like
        Folder (created when missing). The workbook is :func:`template_name`; an existing one is replaced.
    language : {"zh", "en"}
        Headers, drop-down labels and notes in Chinese (default) or English.

    Notes
    -----
    One sheet per form of :data:`FORMS` after a notes sheet (说明): header row 1 (bold, required columns
    shaded), an example row 2 with generated names (grey italics; the import skips it), drop-down lists
    for coded columns (来源, 结果, 岗位, 活动类型, 性别 …) and 是/否 columns, date validation (2000–2100)
    with a date-time format on time columns, phone columns formatted as text (no 1.39E+10), frozen header,
    A4 landscape, fitted to the page width, header row repeated on every printed page.
    """
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    if language not in LANGUAGES:
        raise ParameterError(f"language must be zh or en, not {language!r}")
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise ParameterError(f"--out {out} is a file; give a folder for the templates")
    out.mkdir(parents=True, exist_ok=True)
    wb = Workbook()
    notes = wb.active
    notes.title = NOTES_SHEETS[0] if language == "zh" else NOTES_SHEETS[1]
    for r in _notes_rows(language):
        notes.append(list(r))
    notes["A1"].font = Font(bold=True, size=14)
    notes.column_dimensions["A"].width = 18
    notes.column_dimensions["B"].width = 110
    bold, shade = Font(bold=True), PatternFill("solid", fgColor="FFE699")
    light = PatternFill("solid", fgColor="DDEBF7")
    example_font = Font(italic=True, color="808080")
    for form in FORMS.values():
        ws = wb.create_sheet(form.zh if language == "zh" else form.en)
        ws.append([_header(f, language) for f in form.fields])
        ws.append([_label(f, form.examples[0].get(f.key), language) for f in form.fields])
        for j, f in enumerate(form.fields, start=1):
            col = get_column_letter(j)
            head = ws.cell(row=1, column=j)
            head.font = bold
            head.fill = shade if f.required else light
            head.alignment = Alignment(horizontal="center", wrap_text=True)
            text = f.zh_help if language == "zh" else f.en_help
            need = ("必填" if language == "zh" else "required") if f.required else ("选填" if language == "zh" else "optional")
            head.comment = Comment(f"{need}{'：' if language == 'zh' else ': '}{text}" if text else need, "template")
            ws.cell(row=2, column=j).font = example_font
            ws.column_dimensions[col].width = max(12, 2 * len(_header(f, language)) + 4)
            cells = f"{col}2:{col}{_ROWS}"
            if f.kind in ("code", "bool"):
                dv = DataValidation(type="list", formula1='"' + ",".join(_choices(f, language)) + '"', allow_blank=True,
                                    showErrorMessage=True, errorTitle=_header(f, language),
                                    error=("请从下拉列表中选择" if language == "zh" else "Pick a value from the list"))
                ws.add_data_validation(dv)
                dv.add(cells)
            elif f.kind == "time":
                dv = DataValidation(type="date", operator="between", formula1="DATE(2000,1,1)",
                                    formula2="DATE(2100,12,31)", allow_blank=True, showErrorMessage=True,
                                    errorTitle=_header(f, language),
                                    error=("请填写日期时间，如 2026-09-05 14:05" if language == "zh" else
                                           "Enter a date and time, e.g. 2026-09-05 14:05"))
                ws.add_data_validation(dv)
                dv.add(cells)
                for r in range(2, _ROWS + 1):
                    ws.cell(row=r, column=j).number_format = "yyyy-mm-dd hh:mm"
                ws.column_dimensions[col].width = 18
            elif f.kind in ("number", "int"):
                dv = DataValidation(type="decimal" if f.kind == "number" else "whole", operator="greaterThanOrEqual",
                                    formula1="0", allow_blank=True, showErrorMessage=True,
                                    error=("请填写不小于 0 的数字" if language == "zh" else "Enter a number ≥ 0"))
                ws.add_data_validation(dv)
                dv.add(cells)
            elif f.kind in ("phone", "id"):
                for r in range(2, _ROWS + 1):
                    ws.cell(row=r, column=j).number_format = "@"
                ws.column_dimensions[col].width = 16
        ws.freeze_panes = "A2"
        ws.page_setup.orientation = "landscape"
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.print_title_rows = "1:1"
        ws.print_options.gridLines = True
    path = out / template_name(language)
    tmp = path.with_name(path.name + ".tmp")
    wb.save(tmp)
    tmp.replace(path)
    return path


def form_markdown(key: str) -> str:
    """The documentation page of form ``key`` (``docs/forms/<key>.md``): columns and a filled-in example."""
    form = FORMS[key]
    tables = ", ".join(f"`{t}`" for t in form.tables)
    lines = [f"# {form.zh} · {form.en}", "",
             f"{form.zh_help} {form.en_help}", "",
             f"Sheet `{form.zh}` (or `{form.en}`) of the workbook `python -m analysis templates --out DIR` writes; "
             f"`python -m analysis import-sheets FILE --out DATA_DIR` turns it into {tables}.", "",
             "| 表头 | header | required | kind | values | 说明 / meaning |", "|---|---|---|---|---|---|"]
    for f in form.fields:
        values = ""
        if f.kind == "code":
            values = ", ".join(f"{lab} ({c})" for c, lab in code_labels(f.codes).items())
        elif f.kind == "bool":
            values = "是 / 否"
        kind = {"name": "name (hashed, not kept)", "phone": "phone (hashed, not kept)",
                "staff": "staff name or id", "staff_name": "employee name"}.get(f.kind, f.kind)
        help_ = " / ".join(h for h in (f.zh_help, f.en_help) if h)
        lines.append(f"| {f.zh} | {f.en} | {'yes' if f.required else 'no'} | {kind} | {values} | {help_} |")
    lines += ["", "## Example (generated names and numbers, not real people)", "",
              "| " + " | ".join(f.zh for f in form.fields) + " |", "|" + "---|" * len(form.fields)]
    for ex in form.examples:
        cells = []
        for f in form.fields:
            v = _label(f, ex.get(f.key), "zh")
            cells.append("" if v is None else (v.strftime("%Y-%m-%d %H:%M") if isinstance(v, dt.datetime) else str(v)))
        lines.append("| " + " | ".join(cells) + " |")
    lines += ["", "What the import does with it:", ""]
    lines += [f"- `{t}`: {TABLES[t].description}" for t in form.tables if t in TABLES]
    if any(f.kind in ("name", "phone") for f in form.fields):
        lines.append("- Names and phone numbers become the `person_id` (the salted hash of the 问卷星 importer: the "
                     "same phone number gives the same person on every sheet) and are not written anywhere.")
    lines.append("")
    return "\n".join(lines)
