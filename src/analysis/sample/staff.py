"""Staff names of the sample (issue 14): employees, so reports may name them ("王芳（理财经理）").

:func:`staff_names` runs on the finished tables with its own generator (``default_rng([seed, 14])``),
so every other table and every row of the main generator stays as it was; it adds only the column
``staff.name``. Customers never get a name anywhere in the sample.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["staff_names", "SURNAMES", "GIVEN_NAMES"]

#: Common surnames (百家姓, the most frequent ones).
SURNAMES = ("王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "林",
            "罗", "高", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹")
#: Given names of one or two characters, as staff of a branch would have.
GIVEN_NAMES = ("芳", "伟", "娜", "敏", "静", "丽", "强", "磊", "洋", "艳", "勇", "军", "杰", "娟", "涛", "明", "超",
               "秀英", "霞", "平", "刚", "桂英", "建华", "晓燕", "志强", "海燕", "文静", "俊杰", "雪梅", "子涵",
               "思远", "佳怡", "欣然", "浩然", "雨婷", "晨曦", "嘉怡", "宇轩", "梦琪", "一鸣")


def staff_names(tables: dict[str, pd.DataFrame], seed: int) -> dict[str, pd.DataFrame]:
    """The tables with a plausible Chinese name for every staff member (``staff.name``), seeded.

    Names are distinct across the sample while there are enough combinations (1,200), drawn from
    ``default_rng([seed, 14])``: the same seed gives the same names, and no other table changes.

    >>> import pandas as pd
    >>> t = staff_names({"staff": pd.DataFrame({"staff_id": ["B01-S01", "B01-S02"]})}, 0)
    >>> t["staff"]["name"].str.len().between(2, 3).all()
    np.True_
    """
    staff = tables["staff"]
    n = len(staff)
    rng = np.random.default_rng([int(seed), 14])
    pool = len(SURNAMES) * len(GIVEN_NAMES)
    pick = rng.choice(pool, size=n, replace=n > pool)
    surnames = np.asarray(SURNAMES, dtype=object)[pick // len(GIVEN_NAMES)]
    given = np.asarray(GIVEN_NAMES, dtype=object)[pick % len(GIVEN_NAMES)]
    names = pd.Series(surnames + given, index=staff.index, dtype="string")
    return {**tables, "staff": staff.assign(name=names)}
