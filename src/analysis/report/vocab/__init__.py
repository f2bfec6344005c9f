"""The parts of the one label dictionary (:data:`analysis.report.labels.LABELS`), one module per domain.

Each module defines ``LABELS = {key: (zh, en, fmt)}`` (and may define ``SENTENCES = {key: (zh, en)}``).
A key may appear in one module only; :mod:`analysis.report.labels` refuses duplicates.
"""
