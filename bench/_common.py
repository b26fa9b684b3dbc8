"""Small pure helpers shared by the benchmark scripts: machine info, percentiles, tables."""

from __future__ import annotations

import math
import os
import platform
from collections.abc import Sequence
from importlib.metadata import PackageNotFoundError, version

import numpy as np


def package_version(name: str) -> str:
    """Installed version of a distribution, or 'not installed' (never imports it)."""
    try:
        return version(name)
    except PackageNotFoundError:
        return "not installed"


def machine_info() -> dict[str, str]:
    """Facts about this machine and environment that a benchmark result depends on."""
    return {
        "platform": f"{platform.system()} {platform.release()} {platform.machine()}",
        "cpu": platform.processor() or platform.machine(),
        "cores": str(os.cpu_count() or "unknown"),
        "python": platform.python_version(),
        "torch": package_version("torch"),
        "sentence-transformers": package_version("sentence-transformers"),
        "numpy": np.__version__,
    }


def format_header(title: str, fields: dict[str, object]) -> str:
    """A title line followed by aligned 'key  value' lines."""
    width = max((len(key) for key in fields), default=0)
    lines = [title, "=" * len(title)]
    lines += [f"{key:<{width}}  {value}" for key, value in fields.items()]
    return "\n".join(lines)


def format_table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """A plain-text table: left-aligned text columns, right-aligned numeric columns."""
    cells = [[str(h) for h in headers]] + [[_cell(value) for value in row] for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    numeric = [
        bool(rows) and all(isinstance(row[i], (int, float)) for row in rows)
        for i in range(len(headers))
    ]
    lines = []
    for row in cells:
        parts = [
            text.rjust(width) if is_number else text.ljust(width)
            for text, width, is_number in zip(row, widths, numeric, strict=True)
        ]
        lines.append("  ".join(parts).rstrip())
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(lines)


def _cell(value: object) -> str:
    if isinstance(value, float):
        return "nan" if math.isnan(value) else f"{value:.3f}"
    return str(value)


def percentiles(
    values: Sequence[float], points: Sequence[float] = (50, 90, 99)
) -> dict[str, float]:
    """Percentiles (linear interpolation) of `values`, keyed 'p50', 'p90', ...; NaN if empty."""
    data = np.asarray(values, dtype=np.float64)
    if data.size == 0:
        return {f"p{p:g}": math.nan for p in points}
    return {f"p{p:g}": float(np.percentile(data, p)) for p in points}


def proportion_ci95(successes: int, trials: int) -> tuple[float, float]:
    """Wilson 95% confidence interval of a proportion; (nan, nan) for zero trials."""
    if trials == 0:
        return (math.nan, math.nan)
    z = 1.959963984540054
    p = successes / trials
    denominator = 1 + z * z / trials
    centre = (p + z * z / (2 * trials)) / denominator
    half = z * math.sqrt(p * (1 - p) / trials + z * z / (4 * trials * trials)) / denominator
    return (centre - half, centre + half)
