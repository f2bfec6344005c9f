"""Shared fixtures: the sample data set, generated once per test session."""

from __future__ import annotations

import matplotlib
import pytest

# Agg for charts drawn in the test process itself. Not through MPLBACKEND: notebook kernels started by the
# tests inherit the environment, and their charts must use the inline backend to appear in the reports.
matplotlib.use("Agg")


@pytest.fixture(scope="session")
def sample_tables():
    """The seed-0 sample data set as in-memory tables."""
    from analysis.sample import make_sample

    return make_sample(seed=0)


@pytest.fixture(scope="session")
def sample_dir(tmp_path_factory, sample_tables):
    """The seed-0 sample data written as CSV files (as `make report` does)."""
    from analysis.io import write_dataset

    folder = tmp_path_factory.mktemp("sample")
    write_dataset(sample_tables, folder)
    return folder


@pytest.fixture(scope="session")
def sample_dataset(sample_dir):
    """The sample data loaded back through load_dataset."""
    from analysis.io import load_dataset

    return load_dataset(sample_dir)
