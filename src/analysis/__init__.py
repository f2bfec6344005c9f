"""Community-marketing analytics for retail-bank branches (社区营销分析).

Submodules: ``schemas`` (data contract), ``io`` (loading and importers),
``sample`` (seeded sample data), ``stats`` (interval estimates and tests),
``plots`` (house chart style), ``runner`` (papermill runs and the CLI), and the
domain modules ``surveys``, ``events``, ``followup``, ``groups``.
"""

from analysis.errors import AnalysisError, DataError, ParameterError, RunError

__all__ = ["AnalysisError", "DataError", "ParameterError", "RunError", "__version__"]
__version__ = "0.1.0"
