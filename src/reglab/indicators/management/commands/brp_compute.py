"""`reglab brp compute`: BRP+ with the official max–min method (see docs/brp-plus.md)."""

from __future__ import annotations

import hashlib
import time
from pathlib import Path

from django.core.management.base import CommandError

from reglab.core.commands import ReglabCommand
from reglab.engine.brp_plus import AGGREGATION_MODES, IMPUTATION_MODES, SEX_MODES, BrpSettings, compute_brp
from reglab.engine.brp_plus.io import read_kolada_csv
from reglab.engine.brp_plus.output import write_official_files
from reglab.indicators.brp_data import available_versions, load_codekey, load_config


class Command(ReglabCommand):
    requires_system_checks: list = []  # the --input path must work without a database

    help = (
        "Beräkna BRP+ (max–min-metoden). Med --input läses en Kolada-formad CSV "
        "(kpi;municipality_id;year;gender;value) utan databas; annars används synkade Kolada-observationer."
    )

    def database_needed(self, options):
        # --input reads a file; without it the synced observations are read, --save stores the run.
        return options["input"] is None or options["save"]

    def add_arguments(self, parser):
        parser.add_argument("--config", default="2025", help="stämpelår för konfigurationen (standard 2025)")
        parser.add_argument("--sex-mode", default="total_bas", choices=SEX_MODES)
        parser.add_argument("--aggregation", default="levels", choices=AGGREGATION_MODES)
        parser.add_argument("--lag", type=int, default=None, help="laggat år: senaste året minus N")
        parser.add_argument("--imputation", default="reproduce", choices=IMPUTATION_MODES)
        parser.add_argument("--input", type=Path, default=None, help="Kolada-formad CSV (;-separerad)")
        parser.add_argument("--out", type=Path, default=None, help="katalog för de fyra officiella filerna")
        parser.add_argument("--save", action="store_true", help="spara resultatet i databasen")

    def handle(self, *args, **opts):
        if opts["config"] not in available_versions():
            raise CommandError(
                f"Okänd konfiguration {opts['config']!r}; finns: {', '.join(available_versions())}"
            )
        config = load_config(opts["config"])
        try:
            settings = BrpSettings(
                sex_mode=opts["sex_mode"],
                aggregation=opts["aggregation"],
                lag=opts["lag"],
                imputation=opts["imputation"],
            )
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        t0 = time.perf_counter()
        if opts["input"] is not None:
            if not opts["input"].is_file():
                raise CommandError(f"Filen finns inte: {opts['input']}")
            try:
                obs = read_kolada_csv(opts["input"])
            except (ValueError, UnicodeDecodeError) as exc:
                raise CommandError(f"Kunde inte läsa {opts['input']}: {exc}") from None
            digest = hashlib.sha256(opts["input"].read_bytes()).hexdigest()
            provenance = {"kind": "file", "name": opts["input"].name, "sha256": digest, "rows": len(obs)}
        else:
            obs, provenance = self._synced(config.kpis)
        try:
            result = compute_brp(obs, config, settings)
        except ValueError as exc:
            raise CommandError(f"Ogiltiga indata: {exc}") from None
        if result.scores.empty:
            raise CommandError("Inga värden för konfigurationens KPI:er i indata.")
        t1 = time.perf_counter()
        mode = (
            f"konfiguration {config.version}, {settings.sex_mode}, aggregering {settings.aggregation}, "
            f"imputering {settings.imputation}, "
            + (f"lag {settings.lag}" if settings.lag is not None else "senaste år")
        )
        self.stdout.write(
            f"BRP+ beräknat ({mode}): {result.coverage['kpis_with_data']} av {len(config.kpis)} KPI:er, "
            f"{result.coverage['rows_scored']} indikatorvärden, "
            f"{result.coverage['rows_imputed']} imputerade, "
            f"{t1 - t0:.2f} s."
        )
        if opts["out"] is not None:
            for path in write_official_files(result, load_codekey(), opts["out"], config.stampelar):
                self.stdout.write(f"  skrev {path}")
        if opts["save"]:
            from reglab.indicators.services import brp_run_store

            run = brp_run_store(result=result, provenance=provenance)
            self.stdout.write(f"  sparat som körning {run.pk}")

    def _synced(self, kpis: list[str]):
        try:
            from reglab.statistics.selectors import kolada_observations_frame
        except ImportError:
            raise CommandError(
                "Synkade Kolada-observationer är inte tillgängliga (reglab.statistics.selectors saknas). "
                "Använd --input FIL."
            ) from None
        try:
            obs = kolada_observations_frame(kpis)
        except Exception as exc:  # the selector is another team's code: report, don't crash
            raise CommandError(f"Kunde inte läsa synkade Kolada-observationer: {exc}") from None
        if obs is None or len(obs) == 0:
            raise CommandError(
                "Inga synkade Kolada-observationer för BRP+-KPI:erna. Synka först eller använd --input."
            )
        return obs, {"kind": "kolada_sync", "rows": len(obs)}
