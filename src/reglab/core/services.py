"""Bringing a data directory up to date; shared by `reglab setup` and the CLI's first-use preparation."""

from __future__ import annotations

import secrets
from collections.abc import Callable

from django.contrib.auth import get_user_model
from django.core.management import call_command

from reglab.accounts.models import Organisation, Role
from reglab.accounts.services import organisations_load, user_create
from reglab.core.datadir import data_dir_create
from reglab.geography.models import Region
from reglab.geography.services import geography_counts, geography_load, urban_rural_groups_load
from reglab.indicators.services import brp_config_load, matching_definitions_load


def platform_prepare(*, report: Callable[[str], None] = lambda _: None) -> None:
    """Migrate and load the reference data (geography, organisations, BRP+ configuration). Idempotent."""
    report(f"Datakatalog: {data_dir_create()}")
    call_command("migrate", interactive=False, verbosity=0)
    if Region.objects.kommuner().count() < 290 or not Region.objects.filter(kind="fa").exists():
        report("Läser in geografi (län, kommuner, FA-regioner) …")
        geography_load()
    report(f"Geografi: {geography_counts()}")
    report(f"Stads- och landsbygdsklasser (Tillväxtverket) som standardgrupper: {urban_rural_groups_load()}")
    counts = organisations_load()
    report("Organisationer: " + ", ".join(f"{k} {n}" for k, n in counts.items()))
    report(f"BRP+-konfiguration: {brp_config_load(version='2025')}")
    report(f"Matchningsindikatorer (Matcha rätt): {matching_definitions_load()}")


def platform_ensure() -> None:
    """Prepare the data directory silently when migrations are pending or reference data is missing.

    Silent so a command's own output (a CSV on stdout, one error line on stderr) stays clean.
    """
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    data_dir_create()  # SQLite cannot open a database file in a directory that does not exist
    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()) or not Region.objects.exists():
        platform_prepare()


def local_admin_create() -> str | None:
    """A first local administrator; returns the generated password, or None when users exist."""
    if get_user_model().objects.exists():
        return None
    password = secrets.token_urlsafe(10)
    user_create(
        username="admin",
        password=password,
        organisation=Organisation.objects.get(slug="reglab"),
        role=Role.SECRETARIAT,
        is_superuser=True,
    )
    return password
