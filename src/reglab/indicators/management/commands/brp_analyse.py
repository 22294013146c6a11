"""`reglab brp analyse`: analyses beyond the official tool, on a Kolada-shaped file (no database)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from django.core.management.base import CommandError

from reglab.core.commands import ReglabCommand
from reglab.engine.brp_plus import BrpSettings, compute_brp
from reglab.engine.brp_plus.analysis import aspect_contributions, contributions, robustness, tradeoffs, trends
from reglab.engine.brp_plus.io import read_kolada_csv
from reglab.indicators.brp_data import load_config
from reglab.writers.spreadsheet import frame_to_csv

ANALYSES = ("contributions", "robustness", "trends", "tradeoffs")


class Command(ReglabCommand):
    help = "BRP+-analyser: bidrag till ett tema, rangordningens robusthet, trender och målkonflikter."
    requires_system_checks: list = []
    needs_database = False  # analyses a file (--input is required)

    def add_arguments(self, parser):
        parser.add_argument("analysis", choices=ANALYSES)
        parser.add_argument("--input", type=Path, required=True, help="Kolada-formad CSV")
        parser.add_argument("--config", default="2025")
        parser.add_argument(
            "--view", choices=["K", "L"], default="L", help="K = kommunindex, L = regionindex"
        )
        parser.add_argument("--unit", help="Kolada-id för contributions, t.ex. 0001 eller 0114")
        parser.add_argument("--theme", help="tema för contributions, t.ex. T6 eller Miljö")
        parser.add_argument("--part", default="Livskvalitet", help="del för robustness")
        parser.add_argument("--lag", type=int, default=5)
        parser.add_argument("--aggregation", choices=["levels", "r-code"], default="levels")
        parser.add_argument("--out", type=Path, help="skriv tabellen som CSV (;) i stället för till skärmen")

    def handle(self, *args, **opts):
        if not opts["input"].is_file():
            raise CommandError(f"Filen finns inte: {opts['input']}")
        try:
            obs = read_kolada_csv(opts["input"])
            config = load_config(opts["config"])
            table = self._run(obs, config, opts)
        except (ValueError, KeyError) as exc:
            raise CommandError(str(exc)) from None
        if opts["out"]:
            frame_to_csv(table, opts["out"], sep=";")
            self.stdout.write(f"skrev {opts['out']} ({len(table)} rader)")
        else:
            with pd.option_context("display.max_rows", 60, "display.width", 160):
                self.stdout.write(table.to_string(index=False))

    def _run(self, obs, config, opts) -> pd.DataFrame:
        settings = BrpSettings(aggregation=opts["aggregation"])
        what = opts["analysis"]
        if what == "contributions":
            if not opts["unit"] or not opts["theme"]:
                raise CommandError("contributions kräver --unit och --theme")
            result = compute_brp(obs, config, settings)
            detail = contributions(result, opts["unit"], opts["theme"])
            if opts["out"] is None:
                self.stdout.write(aspect_contributions(detail).to_string(index=False) + "\n")
            return detail
        if what == "robustness":
            rob = robustness(obs, config, part=opts["part"], view=opts["view"], lags=(None, opts["lag"]))
            return rob.reset_index()
        tr = trends(obs, config, lag=opts["lag"], settings=settings)
        if what == "trends":
            p = tr["parts"]
            return p[(p["view"] == opts["view"])].sort_values(["part", "gender", "change"])
        t = tradeoffs(tr["themes"])
        return t[t["view"] == opts["view"]].sort_values("tradeoff", ascending=False)
