"""`reglab demo [--from-file FILE] [--year YEAR] [--password PW]`: walk a demo round to a programme."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import CommandError

from reglab.core.commands import ReglabCommand
from reglab.programme.demo import demo_build
from reglab.programme.services.imports import deck_error_message
from reglab.readers.decks import DeckError


class Command(ReglabCommand):
    help = "Bygg en demorunda (förslag → prioritering → program → möte) så att en nykomling ser hela flödet."

    def add_arguments(self, parser):
        parser.add_argument(
            "--from-file", dest="from_file", help="Dokument med förslag (t.ex. en workshopbilaga som text)."
        )
        parser.add_argument("--year", type=int, help="Programår (standard: nästa år).")
        parser.add_argument("--password", help="Lösenord för demoanvändarna (standard: inga inloggningar).")

    def handle(self, *args, from_file=None, year=None, password=None, **options):
        path = None
        if from_file:
            path = Path(from_file)
            if not path.is_file():
                raise CommandError(f"Hittar inte filen {from_file}.")
            if path.stat().st_size > settings.REGLAB_MAX_UPLOAD_BYTES:
                raise CommandError(f"Filen {from_file} är större än gränsen för uppladdningar.")
        try:
            summary = demo_build(source_path=path, year=year, password=password)
        except DeckError as exc:
            raise CommandError(deck_error_message(exc)) from exc
        except (ValueError, UnicodeError) as exc:
            raise CommandError(str(exc)) from exc
        out = self.stdout
        out.write(self.style.SUCCESS(f"Demo klar: {summary.round} → {summary.programme}"))
        out.write(f"  Förslag: {summary.proposals} från {summary.source}")
        out.write(
            "  Vinnare – prickar: {dots}; Borda: {borda}; Schulze: {schulze}".format(
                **{k: ", ".join(v) or "–" for k, v in summary.winners.items()}
            )
        )
        for line in summary.activities:
            out.write(f"  Aktivitet: {line}")
        for line in summary.refused:
            out.write(f"  Kunde inte starta: {line}")
        out.write(f"  Resultat: /program/prioritering/{summary.ballot_id}/resultat/")
        out.write(f"  Program:  {summary.programme.get_absolute_url()}")
        out.write(f"  Möte:     {summary.meeting_url}")
        if not password:
            out.write("  Demoanvändarna saknar lösenord; ange --password för att kunna logga in som dem.")
