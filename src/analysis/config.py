"""One place for paths, names and settings.

Paths are relative to the project root when the package is installed from a
checkout (``pip install -e .``); every one can be overridden by an environment
variable so that scheduled runs can point elsewhere.
"""

from __future__ import annotations

import os
from pathlib import Path

#: The project checkout (``src/analysis/config.py`` → three levels up).
PROJECT_ROOT = Path(os.environ.get("ANALYSIS_PROJECT_ROOT", Path(__file__).resolve().parents[2]))
#: The parameterized analysis notebooks.
NOTEBOOKS_DIR = Path(os.environ.get("ANALYSIS_NOTEBOOKS", PROJECT_ROOT / "notebooks"))
#: Where ``make report`` writes the generated sample data.
SAMPLE_DIR = Path(os.environ.get("ANALYSIS_SAMPLE_DIR", PROJECT_ROOT / "data" / "sample"))
#: Where users keep their own exports (git-ignored).
RAW_DIR = PROJECT_ROOT / "data" / "raw"
#: Default output folder of report runs.
REPORTS_DIR = Path(os.environ.get("ANALYSIS_REPORTS", PROJECT_ROOT / "reports"))
#: Name of the environment variable holding the salt of person_id hashes.
SALT_ENV = "ANALYSIS_PERSON_SALT"

# The domain rules (70%, 24/72, 3/14 days, ...) live in :mod:`analysis.rules`; re-exported here
# for code written against the older names.
from analysis.rules import CONTACT_HOURS, RESOLVE_HOURS, STRANGER_RATIO_STANDARD  # noqa: E402,F401
