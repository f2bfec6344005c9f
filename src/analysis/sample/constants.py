"""Reference cases and the fixed vocabulary of the sample (branch names, themes, weights)."""

from __future__ import annotations

import numpy as np

HOUR, DAY = 60, 1440

#: The salon reference case as the sample data reproduce it (DESIGN.md, "Salon case").
SALON_CASE = {
    "event_id": "B01-E03", "branch_id": "B01", "kind": "salon", "theme": "家庭关系", "partner_id": "PT01",
    "planned_invites": 30, "attendees": 38, "women": 30, "men": 8, "bank_customers": 7, "strangers": 31,
    "staff_invitations": 7, "brought_by_staff_invitees": 9, "sales_72h": 6_100_000.0,
}

#: The join-the-group incentive reference case (DESIGN.md, "Join-the-group incentive").
HOOK_CASE = {"campaign_id": "B01-H01", "branch_id": "B01", "joined": 20_000, "claimed": 3_000,
             "reward_per_claim": 5.0, "spend": 15_000.0, "days": 14}

#: Staff of every branch: suffix and role. Head and ops supervisor do not invite.
STAFF_ROLES = (("S01", "branch_head"), ("S02", "ops_supervisor"), ("S03", "wealth_manager"),
               ("S04", "wealth_manager"), ("S05", "lobby_manager"), ("S06", "teller"), ("S07", "teller"),
               ("S08", "account_manager"), ("S09", "account_manager"))
#: Roles that invite customers to events and follow up leads.
ELIGIBLE_ROLES = ("wealth_manager", "lobby_manager", "teller", "account_manager")

#: Partner merchants (异业合作方) used by the sample events.
PARTNERS = {"PT01": "心理咨询工作室", "PT02": "绘本馆", "PT03": "中医养生馆", "PT04": "花艺工作室",
            "PT05": "茶馆", "PT06": "健身房", "PT07": "烘焙坊", "PT08": "物业服务公司"}

_BRANCH_NAMES = ("城东支行", "城西支行", "高新区支行", "滨江支行", "开发区支行", "新城支行", "老城支行", "大学城支行")
_CITIES = ("杭州", "杭州", "宁波", "绍兴")
_COMMUNITY_NAMES = ("锦绣花园", "阳光小区", "翠苑新村", "和平里", "金色家园", "滨江花园", "幸福里", "枫林苑",
                    "紫荆苑", "碧水湾", "丽景华庭", "康乐新村", "东方苑", "桂花园", "银杏苑", "春晖小区",
                    "湖滨公寓", "明月新村", "青枫雅苑", "星河湾")
# entry kind: (Chinese name suffix, daily flow range, cost per visit range, value score range)
_ENTRY = {
    "supermarket": ("生鲜超市", (300, 1500), (0.5, 2.0), (2.5, 3.5)),
    "club": ("会所", (40, 200), (5.0, 20.0), (3.5, 4.8)),
    "beauty": ("美容院", (30, 120), (3.0, 10.0), (3.5, 4.6)),
    "laundry": ("洗衣店", (40, 150), (1.0, 4.0), (2.5, 3.5)),
    "car_care": ("汽车美容店", (20, 100), (5.0, 15.0), (3.5, 4.6)),
    "activity_center": ("社区活动中心", (80, 400), (0.5, 3.0), (2.5, 4.0)),
    "property_office": ("物业服务中心", (50, 200), (0.0, 2.0), (3.0, 4.2)),
    "school": ("幼儿园", (150, 600), (1.0, 5.0), (3.0, 4.2)),
    "pharmacy": ("大药房", (80, 300), (0.5, 2.0), (2.5, 3.5)),
    "restaurant": ("餐馆", (100, 500), (2.0, 6.0), (2.5, 3.5)),
}
_BOOTH_THEMES = ("反诈宣传", "社保卡激活", "数字人民币体验", "手机银行推广", "存款利率咨询", "理财知识普及", "零钱兑换")
_SALON_THEMES = (("亲子关系", "PT02"), ("健康养生", "PT03"), ("插花艺术", "PT04"), ("茶艺品鉴", "PT05"),
                 ("烘焙体验", "PT07"), ("养老规划", None), ("子女教育金规划", None), ("家庭资产配置", None))
_ACTIVITY_THEMES = (("广场舞比赛", "PT08"), ("亲子运动会", "PT06"), ("社区义诊", "PT03"),
                    ("老年人防诈骗讲座", None), ("社区跳蚤市场", "PT08"), ("夏日露天观影", None))

# segments in schemas.SEGMENTS order: payroll, retiree, business_owner, professional, homemaker, student, other
_SEG_W = np.array([0.30, 0.22, 0.10, 0.12, 0.12, 0.05, 0.09])
_AGE_GIVEN_SEG = np.array([  # AGE_BANDS order: 18-29, 30-39, 40-49, 50-59, 60+
    [0.25, 0.35, 0.28, 0.12, 0.00],
    [0.00, 0.00, 0.00, 0.15, 0.85],
    [0.05, 0.30, 0.40, 0.20, 0.05],
    [0.20, 0.40, 0.30, 0.10, 0.00],
    [0.05, 0.35, 0.35, 0.20, 0.05],
    [1.00, 0.00, 0.00, 0.00, 0.00],
    [0.25, 0.20, 0.20, 0.20, 0.15],
])
_PRODUCT_W = {
    "retiree": {"wealth": 0.40, "deposit": 0.35, "insurance": 0.15, "fund": 0.10},
    "payroll": {"fund": 0.30, "wealth": 0.25, "insurance": 0.15, "consumer_loan": 0.20, "mortgage": 0.10},
    "business_owner": {"wealth": 0.35, "consumer_loan": 0.25, "insurance": 0.15, "deposit": 0.15, "fund": 0.10},
    "professional": {"fund": 0.35, "wealth": 0.35, "insurance": 0.20, "mortgage": 0.10},
    "homemaker": {"wealth": 0.35, "insurance": 0.30, "deposit": 0.20, "fund": 0.15},
    "student": {"fund": 0.50, "deposit": 0.50},
    "other": {"wealth": 0.30, "deposit": 0.30, "insurance": 0.20, "fund": 0.20},
}
# product: (median amount, log sd, min, max) in yuan
_AMOUNT = {"wealth": (200_000, 0.8, 20_000, 3_000_000), "deposit": (150_000, 0.8, 10_000, 2_000_000),
           "fund": (50_000, 0.8, 5_000, 1_000_000), "insurance": (30_000, 0.7, 5_000, 500_000),
           "consumer_loan": (80_000, 0.6, 10_000, 300_000), "mortgage": (900_000, 0.4, 300_000, 3_000_000)}
# message kinds by weekday (Mon..Sun): the content SOP (Mon/Wed/Fri content, Tue/Thu games, Friday activity)
_MSG_KINDS = ("text", "question", "product_post", "game", "red_packet")
_KIND_BY_WEEKDAY = np.array([
    [1.00, 0.60, 1.00, 0.60, 1.00, 0.45, 0.45],   # text
    [0.50, 0.10, 0.50, 0.10, 0.50, 0.05, 0.05],   # question (after product posts)
    [0.08, 0.00, 0.08, 0.00, 0.08, 0.00, 0.00],   # product_post (members sharing product cards)
    [0.00, 0.90, 0.00, 0.90, 0.50, 0.00, 0.00],   # game (dice, quiz, lyrics)
    [0.00, 0.00, 0.00, 0.00, 0.70, 0.00, 0.00],   # red_packet (the Friday activity)
])
_WEEKDAY_MULT = np.array([1.0, 1.1, 1.0, 1.1, 1.4, 0.5, 0.5])
_TIER_ACTIVITY = {"mass": (0.012, 25.0, 0.3), "potential": (0.09, 30.0, 1.0), "elite": (0.30, 15.0, 1.5)}
