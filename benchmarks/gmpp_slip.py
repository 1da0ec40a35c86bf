"""Where the delivery-stage slip default comes from, run by hand; results in RESULTS.md.

    python benchmarks/gmpp_slip.py [--data ../shared/benchmarks/real]

The UK Government Major Projects Portfolio data of March 2022 and March 2023 (IPA, Open
Government Licence): of the projects in both reports with an approved end date in each, the
share whose end date moved at least 12 (and 6) months later within the year, overall and by
the 2022 IPA delivery confidence rating.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import pandas as pd

FILES = (
    "GMPP_Government_Major_Projects_Portfolio_AR_Data_March_2022.csv",
    "GMPP_Government_Major_Projects_Portofolio_AR_Data_March_2023.csv",
)


def columns(frame: pd.DataFrame) -> pd.DataFrame:
    """GMPP id (without its quarter suffix), approved end date and IPA rating."""
    named = {}
    for column in frame.columns:
        if column.startswith("GMPP ID"):
            named[column] = "id"
        elif "End Date" in column:
            named[column] = "end"
        elif column.startswith("IPA Delivery"):
            named[column] = "rating"
    picked = frame.rename(columns=named)[["id", "end", "rating"]]
    picked["key"] = picked["id"].str.rsplit("_", n=1).str[0]
    picked["end"] = pd.to_datetime(picked["end"], errors="coerce", format="mixed", dayfirst=True)
    picked["rating"] = picked["rating"].astype(str).str.split().str[0]
    return picked


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    default = Path(__file__).parents[2] / "shared" / "benchmarks" / "real"
    parser.add_argument("--data", type=Path, default=default)
    args = parser.parse_args()
    before, after = (columns(pd.read_csv(args.data / f, encoding="utf-8-sig")) for f in FILES)
    both = before.merge(after, on="key", suffixes=("_2022", "_2023")).dropna(
        subset=["end_2022", "end_2023"]
    )
    moved = (both["end_2023"] - both["end_2022"]).dt.days
    both["year"], both["half"] = moved >= 365, moved >= 182
    print(
        f"{len(both)} projects in both reports with both end dates: "
        f"{both['year'].mean():.1%} moved 12+ months later, {both['half'].mean():.1%} 6+ months"
    )
    by_rating = both.groupby("rating_2022")[["year", "half"]].agg(["mean", "size"])
    print(by_rating.to_string())


if __name__ == "__main__":
    main()
