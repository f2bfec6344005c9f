"""Community survey analysis (社区调研): who answered, what they need, what to offer, where to enter.

Every function takes the contract's survey tables (``survey_responses``,
``survey_answers`` in long form, ``survey_questions`` as the codebook) and returns a
tidy DataFrame with a plain RangeIndex. Functions that read several tables take them by
their contract names (keyword-only), or a data set first — usually
:func:`survey_scope` of the report — that supplies any table not given::

    sv = surveys.survey_scope(scoped)
    surveys.option_rates(sv, "needs")
    surveys.option_rates(sv, ["needs", "topics"])          # several questions in one pass
    surveys.weighted_rates(survey_answers=a, survey_questions=q, survey_responses=r,
                           communities=c, question_id="needs")

Rates carry their numerator and denominator (``respondents`` of ``answered``) and an
interval at ``level``: Wilson intervals (:func:`analysis.stats.proportion`) for plain
shares, design-based intervals (:func:`analysis.stats.stratified_proportion`) for estimates
weighted to the communities' households. Questions are named by their ``question_id``
(``"q08"``) or, for the project's standard questionnaire, by its English key (``"needs"``;
see :data:`analysis.questionnaire.QUESTION_IDS`). Labels of every result column and code
are in :mod:`analysis.report.vocab.surveys`.

Modules
-------
responses
    :func:`survey_scope`, :func:`codebook`, :func:`response_counts`, :func:`community_coverage`,
    :func:`survey_quality` — who answered, and the survey's own data findings.
options
    :func:`option_rates`, :func:`community_profile` — share choosing each option (multi-choice:
    share of respondents, not ticks); age, gender, family and occupation.
crosstabs
    :func:`crosstab`, :func:`crosstab_test` — two questions crossed; chi-square, Cramér's V.
weighting
    :func:`weighted_rates`, :func:`weighted_vs_unweighted`, :func:`relationship_groups` —
    estimates for the communities' households (stratified, finite-population correction).
segments
    :func:`segment_profile`, :func:`segment_needs` — segment × needs, products, activities.
products
    :func:`recommend_for`, :func:`recommend_products` — needs → product mix from the one rule
    table :data:`PRODUCT_RULES`.
entry_points
    :func:`rank_entry_points` — entry points ranked by flow, cost and value, with advice.
summary
    :func:`scope_facts` — the report's header facts.
findings
    :func:`headline`, :func:`verdict`, :func:`actions` — the answer first: the numbers that matter
    with intervals and changes, the verdict in one sentence, the ranked action list with owners.
"""

from analysis.surveys.crosstabs import *  # noqa: F401,F403
from analysis.surveys.crosstabs import __all__ as _crosstabs
from analysis.surveys.entry_points import *  # noqa: F401,F403
from analysis.surveys.entry_points import __all__ as _entry_points
from analysis.surveys.findings import *  # noqa: F401,F403
from analysis.surveys.findings import __all__ as _findings
from analysis.surveys.options import *  # noqa: F401,F403
from analysis.surveys.options import __all__ as _options
from analysis.surveys.products import *  # noqa: F401,F403
from analysis.surveys.products import __all__ as _products
from analysis.surveys.responses import *  # noqa: F401,F403
from analysis.surveys.responses import __all__ as _responses
from analysis.surveys.segments import *  # noqa: F401,F403
from analysis.surveys.segments import __all__ as _segments
from analysis.surveys.summary import *  # noqa: F401,F403
from analysis.surveys.summary import __all__ as _summary
from analysis.surveys.weighting import *  # noqa: F401,F403
from analysis.surveys.weighting import __all__ as _weighting

__all__ = [*_responses, *_options, *_crosstabs, *_weighting, *_segments, *_products, *_entry_points, *_summary, *_findings]
