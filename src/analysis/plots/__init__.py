"""The house chart style: Chinese font, palette, and the charts every report uses.

``core`` holds the style and the generic charts (funnel, interval bars, timeline, bar); the
domain modules hold the charts of one domain. Every chart takes an ``ax`` (or makes one) and
returns it; none reads files or prints.
"""

from analysis.plots.core import *  # noqa: F401,F403
from analysis.plots.core import __all__ as _core_all
from analysis.plots.events import *  # noqa: F401,F403
from analysis.plots.events import __all__ as _events_all
from analysis.plots.followup import *  # noqa: F401,F403
from analysis.plots.followup import __all__ as _followup_all
from analysis.plots.groups import *  # noqa: F401,F403
from analysis.plots.groups import __all__ as _groups_all
from analysis.plots.reach import *  # noqa: F401,F403
from analysis.plots.reach import __all__ as _reach_all
from analysis.plots.surveys import *  # noqa: F401,F403
from analysis.plots.surveys import __all__ as _surveys_all
from analysis.plots.uplift import *  # noqa: F401,F403
from analysis.plots.uplift import __all__ as _uplift_all

__all__ = [*_core_all, *_events_all, *_followup_all, *_groups_all, *_reach_all, *_surveys_all, *_uplift_all]
