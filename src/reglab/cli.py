"""The `reglab` front door.

    reglab <verb> [ARGS...]           a platform command (serve, worker, backup, restore, setup, demo)
    reglab serve --production         gunicorn, debug off, REGLAB_SECRET_KEY from the environment
    reglab <domain> <verb> [ARGS...]  a domain command, e.g. `reglab brp compute --input FILE`
    reglab manage ARGS...             any Django management command
    reglab --help | --version

Domain commands are management commands named `<domain>_<verb>` (e.g. `geography_load`), found in
Reglab's apps, so the same code runs from `reglab`, `manage.py` and tests; `reglab --help` lists them.
Each command class (`reglab.core.commands.ReglabCommand`) decides from its parsed options whether it
needs a database; this module only finds the command and runs it.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from django.core.management.base import BaseCommand


@dataclass(frozen=True)
class Verb:
    """A top-level verb: `reglab <name>` runs the management command `command`."""

    command: str
    # Environment defaults applied before Django reads its settings.
    environ: dict[str, str] = field(default_factory=dict)


# Adding a top-level verb is one entry here plus its management command (a ReglabCommand).
TOP_LEVEL: dict[str, Verb] = {
    # Local serving: debug on by default so a fresh checkout works without a secret key.
    "serve": Verb("serve", environ={"REGLAB_DEBUG": "1"}),
    "worker": Verb("worker"),
    "backup": Verb("backup"),
    "restore": Verb("restore"),
    "setup": Verb("reglab_setup"),
    "demo": Verb("demo"),
}

USAGE = "användning: reglab <kommando> [argument]  |  reglab <domän> <kommando> [argument]  |  reglab --help"


def _django_setup() -> None:
    # On a workstation without configuration the commands run with local defaults (debug on, the
    # development key); a deployment sets REGLAB_SECRET_KEY and keeps debug off.
    if not os.environ.get("REGLAB_SECRET_KEY"):
        os.environ.setdefault("REGLAB_DEBUG", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "reglab.settings")
    import django

    django.setup()


def reglab_commands() -> dict[str, str]:
    """Management command name -> app, for the commands in Reglab's own apps."""
    from django.core.management import get_commands

    return {name: app for name, app in get_commands().items() if app.startswith("reglab.")}


def domains() -> dict[str, dict[str, str]]:
    """Domain -> verb (with hyphens) -> management command, discovered from `<domain>_<verb>` names."""
    top = {verb.command for verb in TOP_LEVEL.values()}
    found: dict[str, dict[str, str]] = {}
    for name in sorted(reglab_commands()):
        if name in top or "_" not in name:
            continue
        domain, verb = name.split("_", 1)
        found.setdefault(domain, {})[verb.replace("_", "-")] = name
    return found


def _load(name: str) -> BaseCommand:
    from django.core.management import load_command_class

    return load_command_class(reglab_commands()[name], name)


def _summary(name: str) -> str:
    """A command's help, first sentence only."""
    text = " ".join(str(_load(name).help).split())
    head, dot, _ = text.partition(". ")
    return head + ("." if dot else "")


def _help() -> str:
    from reglab.core.commands import reglab_version

    rows = [(f"reglab {verb}", _summary(spec.command)) for verb, spec in TOP_LEVEL.items()]
    rows.append(("reglab manage ARGS…", "valfritt Django-kommando (createsuperuser, check --deploy, …)"))
    rows.append(("", ""))
    for domain, verbs in domains().items():
        rows += [(f"reglab {domain} {verb}", _summary(name)) for verb, name in verbs.items()]
    width = max(len(left) for left, _ in rows) + 2
    lines = [f"Reglab {reglab_version()}", "", USAGE, ""]
    lines += [f"  {left:<{width}}{right}".rstrip() for left, right in rows]
    lines += ["", "`reglab <kommando> --help` visar ett kommandos argument."]
    return "\n".join(lines)


def _run(name: str, prog: str, args: list[str]) -> int:
    """Run one management command as `prog`; the command itself prepares the database if it needs one."""
    from reglab.core.commands import ReglabCommand

    command = _load(name)
    if isinstance(command, ReglabCommand):
        command.front_door = True
    try:
        # Django names the parser `<argv[0]> <argv[1]>`, hence the split.
        command.run_from_argv(["reglab", prog, *args])
    except SystemExit as exc:  # --help, argument errors (2) and CommandError (1) end this way
        return _exit_code(exc)
    return 0


def _manage(args: list[str]) -> int:
    from django.core.management import execute_from_command_line

    from reglab.core.datadir import data_dir_create

    data_dir_create()
    try:
        execute_from_command_line(["reglab", *args])
    except SystemExit as exc:
        return _exit_code(exc)
    return 0


def _exit_code(exc: SystemExit) -> int:
    return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)


LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})


def production_defaults(address: str, environ: dict[str, str]) -> dict[str, str]:
    """Settings a production server on a loopback address needs unless the operator chose otherwise.

    Only this machine reaches a loopback address (a local nginx, or a person checking the server), so
    its own name is an allowed host. Without a TLS-terminating proxy in front (REGLAB_BEHIND_PROXY)
    nothing here speaks https, so redirecting plain http to https would make every page unreachable.
    A public address gets nothing: its host names and TLS must be configured explicitly.
    """
    host = address.rsplit(":", 1)[0].strip("[]") if ":" in address else address
    if host not in LOOPBACK_HOSTS:
        return {}
    defaults = {"REGLAB_ALLOWED_HOSTS": ",".join(sorted({host, "localhost", "127.0.0.1"}))}
    if not environ.get("REGLAB_BEHIND_PROXY"):
        defaults["REGLAB_SECURE_SSL_REDIRECT"] = "0"
    return {key: value for key, value in defaults.items() if key not in environ}


def _production(rest: list[str]) -> int:
    """`reglab serve --production`: debug off and a real key, decided before Django reads its settings."""
    if not os.environ.get("REGLAB_SECRET_KEY"):
        print(
            "reglab: REGLAB_SECRET_KEY saknas; sätt en lång slumpmässig nyckel i miljön (docs/deploy.md)",
            file=sys.stderr,
        )
        return 2
    os.environ["REGLAB_DEBUG"] = "0"
    address = next((a for a in rest if not a.startswith("-")), "127.0.0.1:8000")
    os.environ.update(production_defaults(address, dict(os.environ)))
    _django_setup()
    return _run("serve_production", "serve --production", [a for a in rest if a != "--production"])


def _dispatch(argv: list[str]) -> int:
    head, rest = argv[0], argv[1:]
    if head == "serve" and "--production" in rest:
        return _production(rest)
    if head == "manage":
        _django_setup()
        return _manage(rest)
    if head in TOP_LEVEL:
        for key, value in TOP_LEVEL[head].environ.items():
            os.environ.setdefault(key, value)
        _django_setup()
        return _run(TOP_LEVEL[head].command, head, rest)
    _django_setup()
    known = domains()
    if head not in known:
        asked = " ".join(argv[:2]) if rest and not rest[0].startswith("-") else head
        print(f"reglab: okänt kommando 'reglab {asked}'; se `reglab --help`.", file=sys.stderr)
        return 2
    verbs = ", ".join(known[head])
    if not rest or rest[0].startswith("-"):
        wanted_help = bool(rest) and rest[0] in {"-h", "--help"}
        print(
            f"usage: reglab {head} <verb> [args]   (verb: {verbs})",
            file=sys.stdout if wanted_help else sys.stderr,
        )
        return 0 if wanted_help else 2
    verb = rest[0].replace("_", "-")  # `reglab brp import_official` == `reglab brp import-official`
    if verb not in known[head]:
        print(f"reglab: okänt kommando 'reglab {head} {rest[0]}'; finns: {verbs}.", file=sys.stderr)
        return 2
    return _run(known[head][verb], f"{head} {verb}", rest[1:])


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["--version"]:
        from reglab.core.commands import reglab_version

        print(f"reglab {reglab_version()}")
        return 0
    if not argv or argv[0] in {"-h", "--help", "help"}:
        _django_setup()
        print(_help())
        return 0
    try:
        return _dispatch(argv)
    except Exception as exc:  # the boundary: users get one line, developers ask for --traceback
        if "--traceback" in argv:
            raise
        print(f"reglab: {type(exc).__name__}: {exc}  (kör med --traceback för detaljer)", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
