"""Slides → proposal drafts: title, proposing region, formats, contacts, needs, strategies, body.

The rules, in order (see docs/programme.md for why):
1. Lines that repeat as the first line of several slides followed by a bulleted sub-title
   ("Förslag Reglab aktiviteter 2018", "Fortsatt kunskapsutveckling"), or that recur on most
   slides (footers), are headers: dropped, and the next line becomes the title.
2. The title is the format's own title (placeholder, largest font, heading) or the first
   logical line; wrapped lines (trailing space, hyphen, lower-case continuation) are unwrapped.
3. The region comes from "Förslag från Region X"/"Region: X", a line that is only a region name
   (the last one wins), a title suffix "Titel – Västernorrland", the notes, or, as a marked
   guess, the first full region name in the text.
4. A slide that is only a region name, or repeats the previous title (or says "forts."),
   continues the previous proposal.
5. A cover slide (first slide, a few words, no region/contact/format) is not a proposal.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Any

from reglab.readers.decks.read import Slide
from reglab.reference.organisations import RegionalOrganisation, find_regions, regional_organisations

BULLETS = "-–—•·▪‣◦*►➢✓o"
_BULLET_RE = re.compile(r"^\s*(?:[-–—•·▪‣◦*►➢✓]|o(?=\s))\s*")
_QUOTES = "\"'”“„«»’‘"
HEADER_PATTERNS = [
    re.compile(r"^förslag(?:\s+(?:på|till))?\s+(?:reglab[- ]?)?aktivitet\w*(?:\s+(?:för\s+)?\d{4})?$"),
    re.compile(r"^reglab[- ]?aktivitet\w*\s+\d{4}$"),
    re.compile(r"^(?:förslag|idéer)\s+(?:till\s+)?reglab(?:s)?(?:\s+\d{4})?$"),
]
NON_PROPOSAL_TITLES = {
    "agenda",
    "dagordning",
    "program",
    "innehåll",
    "tack",
    "tack!",
    "frågor",
    "frågor?",
    "välkommen",
}
COVER_WORDS = re.compile(r"idéworkshop|workshop|agenda|dagordning|välkommen|tack|frågor|program", re.I)
# The local part starts only where no local-part character precedes it and is matched possessively:
# without that, a long run of letters with no "@" is rescanned from every position (quadratic).
EMAIL_RE = re.compile(
    r"(?:mailto:)?(?<![A-Za-z0-9._%+-])([A-Za-z0-9._%+-]++@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,})"
)
REGION_LABEL_RE = re.compile(
    r"^(?:förslag\s+från|från|inskickat\s+av|region|organisation|avsändare|förslagsställare)\s*[:\-–]?\s+(.+)$",
    re.I,
)
FORMAT_LABEL_RE = re.compile(
    r"^(?:reglab|format|förslag\s+på\s+format|aktivitetsform|form|reglab-?format)\s*:\s*(.+)$", re.I
)
CONTACT_LABEL_RE = re.compile(r"^(?:kontakt(?:person)?|kontakta|ansvarig)\s*:\s*(.+)$", re.I)
DESCRIPTION_LABEL_RE = re.compile(r"^(?:beskrivning|bakgrund|syfte)\s*:\s*(.+)$", re.I)
NEEDS_LABEL_RE = re.compile(r"^behov\s*:\s*(.+)$", re.I | re.S)
CONTINUED_RE = re.compile(r"\(?\s*(?:forts\.?|fortsättning|cont\.?|continued)\s*\)?$", re.I)

# Reglab's format vocabulary (ActivityFormat values) and the words that signal each.
FORMAT_WORDS: list[tuple[str, re.Pattern[str]]] = [
    ("larprojekt", re.compile(r"\blärprojekt\w*", re.I)),
    ("natverk", re.compile(r"\bnätverk\w*|\bnätverksträff\w*", re.I)),
    ("erfa", re.compile(r"\berfa\b|\berfa-?träff\w*|\berfarenhetsutbyte\w*", re.I)),
    ("workshop", re.compile(r"\bworkshop\w*", re.I)),
    ("seminarium", re.compile(r"\bseminari\w*|\bwebbinari\w*", re.I)),
    ("studieresa", re.compile(r"\bstudieres\w*|\bstudiebesök\w*", re.I)),
    ("provrum", re.compile(r"\bprovrum\w*", re.I)),
    ("konferens", re.compile(r"\bkonferens\w*", re.I)),
]

# Strategies and programmes proposals cite: (pattern, canonical label).
STRATEGY_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"\bregional\w*\s+utvecklingsstrategi\w*|\bRUS\b"), "Regional utvecklingsstrategi (RUS)"),
    (re.compile(r"\b(?:regional\w*\s+)?innovationsstrategi\w*", re.I), "Regional innovationsstrategi"),
    (re.compile(r"\bsmart\w*\s+specialisering\w*", re.I), "Smart specialisering"),
    (re.compile(r"\bnationell\w*\s+strategi\w*", re.I), "Nationell strategi"),
    (re.compile(r"\bEU\s*2020\b|\bEuropa\s*2020\b"), "EU 2020"),
    (re.compile(r"\bAgenda\s*2030\b", re.I), "Agenda 2030"),
    (re.compile(r"\bhandlingsplan\w*", re.I), "Regional handlingsplan"),
    (re.compile(r"\bBRP\+"), "BRP+"),
    (re.compile(r"\blandsbygdskommitté\w*", re.I), "Landsbygdskommitténs betänkande"),
    (
        re.compile(r"\bTillväxtverkets[ \t]+program[ \t]+([A-ZÅÄÖ][\wåäö]*(?:[ \t]+[a-zåäö]+){0,4})"),
        "Tillväxtverkets program",
    ),
    (re.compile(r"\bregional\w*\s+tillväxtprogram\w*|\bRTP\b", re.I), "Regionalt tillväxtprogram"),
]


@dataclass
class ProposalDraft:
    title: str
    description: str = ""
    needs: str = ""
    region_lan: str | None = None
    region_name: str | None = None
    region_guessed: bool = False
    formats: list[str] = field(default_factory=list)
    emails: list[str] = field(default_factory=list)
    contact_name: str = ""
    strategy_links: list[str] = field(default_factory=list)
    notes: str = ""
    slides: list[int] = field(default_factory=list)
    locator_kind: str = "bild"
    source_text: str = ""

    @property
    def locator(self) -> str:
        if not self.slides:
            return ""
        first, last = min(self.slides), max(self.slides)
        return f"{self.locator_kind} {first}" if first == last else f"{self.locator_kind} {first}–{last}"

    @property
    def contact_email(self) -> str:
        return self.emails[0] if self.emails else ""

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["locator"] = self.locator
        data["contact_email"] = self.contact_email
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ProposalDraft:
        names = set(cls.__dataclass_fields__)
        return cls(**{k: v for k, v in data.items() if k in names})


# ---------------------------------------------------------------- text helpers


def norm(text: str) -> str:
    text = unicodedata.normalize("NFC", text).casefold()
    text = text.strip(BULLETS + _QUOTES + " \t:.")
    return " ".join(text.split())


def _is_bullet(line: str) -> bool:
    return bool(_BULLET_RE.match(line))


def _joins(prev: str, line: str, *, strict: bool) -> bool:
    """Was `line` wrapped from `prev` by the exporter?"""
    if _is_bullet(line):
        return False
    first = line.lstrip()[:1]
    if prev.rstrip().endswith(("-", "–")) or first.islower():
        return True
    if strict:
        # A title only continues into a non-letter ("(BRP+)"); a capital starts the body.
        return prev != prev.rstrip() and bool(first) and not first.isalpha()
    return prev != prev.rstrip() or prev.rstrip().endswith(",")


_LOWER = frozenset("abcdefghijklmnopqrstuvwxyzåäö")


def unwrap(block: str, *, strict_first: bool = True) -> list[str]:
    """Logical lines of a block: joins lines the exporter wrapped.

    The first logical line (a title candidate) is joined strictly, so a wrapped title does not
    swallow the body that follows it.
    """
    # Each logical line is a list of pieces joined once at the end: joining as we go would copy
    # the growing line for every wrapped line (quadratic in a block of many short lines).
    out: list[list[str]] = []
    for raw in block.split("\n"):
        line = raw.rstrip("\r")
        if not line.strip():
            continue
        if out:
            prev = out[-1][-1]
            if _joins(prev, line, strict=strict_first and len(out) == 1):
                if (
                    prev.rstrip().endswith("-")
                    and prev.rstrip()[-2:-1] in _LOWER
                    and line.lstrip()[:1].islower()
                ):
                    out[-1][-1] = prev.rstrip()[:-1]
                    out[-1].append(line.strip())
                else:
                    out[-1][-1] = prev.rstrip()
                    out[-1].append(" " + line.strip() + (" " if line != line.rstrip() else ""))
                continue
        out.append([line])
    return [" ".join("".join(pieces).split()) for pieces in out]


def merge_wrapped_blocks(blocks: list[str]) -> list[str]:
    """Exporters sometimes put a blank line inside a wrapped sentence ("att \n\nregionerna")."""
    out: list[str] = []
    for block in blocks:
        if out:
            last = out[-1].split("\n")[-1]
            first = block.lstrip()[:1]
            if last != last.rstrip() and not re.search(r"[.!?:]\s*$", last) and first.islower():
                out[-1] = out[-1] + "\n" + block
                continue
        out.append(block)
    return out


def strip_bullet(line: str) -> str:
    return _BULLET_RE.sub("", line).strip()


def clean_title(line: str) -> str:
    title = strip_bullet(line).strip(_QUOTES + " ").rstrip(":").strip()
    return " ".join(title.split())


_NAMES: dict[str, RegionalOrganisation] | None = None


def _region_names() -> dict[str, RegionalOrganisation]:
    global _NAMES
    if _NAMES is None:
        names: dict[str, RegionalOrganisation] = {}
        for org in regional_organisations():
            for name in (org.name, *org.aliases, *org.short):
                names[norm(name)] = org
        _NAMES = names
    return _NAMES


def region_only(line: str) -> RegionalOrganisation | None:
    """The region if the line is nothing but a region's name ("Region Kronoberg", "Västernorrland")."""
    return _region_names().get(norm(line))


def region_labelled(line: str) -> RegionalOrganisation | None:
    m = REGION_LABEL_RE.match(strip_bullet(line))
    if not m:
        return None
    value = m.group(1).strip()
    # The value must be a region name, possibly followed by ", avdelning ..." or "(enhet)".
    return region_only(value) or region_only(re.split(r"[,;(/]", value, maxsplit=1)[0])


_SUFFIX_RE = re.compile(r"^(.*\S)\s*[-–—|,:]\s*([^-–—|,:]+)$")


_PREFIX_RE = re.compile(r"^([^-–—|:]+?)\s*[-–—|:]\s+(.*\S)$")
TITLE_LABEL_RE = re.compile(
    r"^(?:titel|rubrik|förslagets\s+(?:titel|namn)|namn\s+på\s+förslaget)\s*:\s*(.+)$", re.I
)


def split_region_suffix(title: str) -> tuple[str, RegionalOrganisation | None]:
    """'Land & Stad- Västernorrland' → ('Land & Stad', Västernorrland); also 'Region Skåne: Titel'."""
    m = _SUFFIX_RE.match(title)
    if m:
        org = region_only(m.group(2))
        if org is not None and m.group(1).strip(" -–"):
            return m.group(1).strip(" -–—"), org
    m = _PREFIX_RE.match(title)
    if m:
        org = region_only(m.group(1))
        if org is not None:
            return m.group(2).strip(" -–—"), org
    return title, None


def find_formats(text: str) -> list[str]:
    hits = []
    for value, pattern in FORMAT_WORDS:
        m = pattern.search(text)
        if m:
            hits.append((m.start(), value))
    return [v for _, v in sorted(hits)]


def find_emails(text: str) -> list[str]:
    seen: dict[str, None] = {}
    for m in EMAIL_RE.finditer(text):
        seen.setdefault(m.group(1).lower().rstrip("."), None)
    return list(seen)


def find_strategies(text: str) -> list[str]:
    hits = []
    for pattern, label in STRATEGY_PATTERNS:
        m = pattern.search(text)
        if m:
            value = label
            if m.groups() and m.group(1):
                value = f"{label}: {m.group(1).strip()}"
            hits.append((m.start(), value))
    return list(dict.fromkeys(v for _, v in sorted(hits)))


_GENERIC_MAILBOXES = {"info", "kontakt", "registrator", "region", "reglab", "post", "noreply", "admin"}


def name_from_email(email: str) -> str:
    """'lena.friborg@regionvasterbotten.se' → 'Lena Friborg' (a suggestion shown for review)."""
    local = email.split("@", 1)[0]
    parts = local.split(".")
    if len(parts) != 2 or any(len(p) < 2 or not p.replace("-", "").isalpha() for p in parts):
        return ""
    if parts[0] in _GENERIC_MAILBOXES or parts[1] in _GENERIC_MAILBOXES:
        return ""
    return " ".join("-".join(w.capitalize() for w in p.split("-")) for p in parts)


def is_header_line(line: str) -> bool:
    n = norm(line)
    return any(p.match(n) for p in HEADER_PATTERNS)


# ---------------------------------------------------------------- slides → lines


@dataclass
class _Prepared:
    slide: Slide
    title_hint: str | None
    blocks: list[list[str]]  # logical lines per paragraph block

    def first_line(self) -> str | None:
        if self.title_hint:
            return self.title_hint
        for block in self.blocks:
            if block:
                return block[0]
        return None

    def line_after_first(self) -> str | None:
        lines = [line for block in self.blocks for line in block]
        if self.title_hint:
            return lines[0] if lines else None
        return lines[1] if len(lines) > 1 else None


def _prepare(slides: list[Slide]) -> list[_Prepared]:
    prepared = []
    for slide in slides:
        title = " ".join(slide.title.split()) if slide.title else None
        blocks = [unwrap(p) for p in merge_wrapped_blocks(slide.paragraphs)]
        blocks = [b for b in blocks if b]
        # A wrapped title can be split over the first block's lines with a trailing space
        # ("Fortsatt \nkunskapsutveckling"); unwrap() already joined those.
        prepared.append(_Prepared(slide=slide, title_hint=title, blocks=blocks))
    return prepared


def _headers(prepared: list[_Prepared]) -> set[str]:
    """Normalised lines that are headers rather than titles."""
    firsts = [(norm(p.first_line() or ""), p) for p in prepared]
    counts = Counter(n for n, _ in firsts if n)
    headers = {n for n in counts if is_header_line(n)}
    for line, count in counts.items():
        if count < 2 or line in headers:
            continue
        followers = [p.line_after_first() for n, p in firsts if n == line]
        subtitled = all(f and _BULLET_RE.match(f) and len(strip_bullet(f).split()) <= 10 for f in followers)
        distinct = len({norm(f or "") for f in followers}) == len(followers)
        if subtitled and distinct:
            headers.add(line)
    # Boilerplate: a line on more than half the slides (footers, "Reglab 2018").
    if len(prepared) >= 4:
        every: Counter[str] = Counter()
        for p in prepared:
            every.update({norm(line) for block in p.blocks for line in block})
        headers |= {
            line
            for line, c in every.items()
            if c > len(prepared) / 2 and line and not region_only(line) and len(line.split()) <= 6
        }
    return headers


# ---------------------------------------------------------------- one slide → fields


@dataclass
class _SlideFields:
    number: int
    title: str
    body: list[str]  # logical lines, block breaks as ""
    region: RegionalOrganisation | None
    region_guessed: bool
    region_only: bool  # the slide says nothing but a region name
    raw_text: str
    notes: str
    locator_kind: str


def _fields(p: _Prepared, headers: set[str]) -> _SlideFields:
    lines: list[str] = []
    title = None
    if p.title_hint and norm(p.title_hint) not in headers:
        if region_labelled(p.title_hint) or region_only(p.title_hint):
            lines.append(p.title_hint)  # "Förslag från Region X" in the title placeholder
        else:
            title = p.title_hint
    for block in p.blocks:
        kept = [line for line in block if norm(line) not in headers]
        if kept:
            if lines and lines[-1]:
                lines.append("")
            lines.extend(kept)
    region = None
    from_line = False
    body: list[str] = []
    content = [line for line in lines if line]
    # Region lines anywhere: the last explicit one wins.
    for line in content:
        org = region_labelled(line) or region_only(line)
        if org is not None:
            region, from_line = org, True
    # Title: the first line that is not a region line.
    remaining = list(lines)
    if title is None:
        while remaining:
            candidate = remaining.pop(0)
            if not candidate:
                continue
            if region_labelled(candidate) or region_only(candidate):
                continue
            title = candidate
            break
    # An explicit "Titel: ..." line anywhere wins over the first line.
    for line in content:
        m = TITLE_LABEL_RE.match(strip_bullet(line))
        if m:
            if title and title != line:
                remaining.insert(0, title)
            remaining = [x for x in remaining if x != line]
            title = m.group(1)
            break
    title = clean_title(title or "")
    title, suffix_region = split_region_suffix(title)
    if suffix_region is not None and not from_line:
        region, from_line = suffix_region, True
    title_norm = norm(title)
    for line in remaining:
        if line and (region_labelled(line) or region_only(line)):
            continue
        if line and norm(line) == title_norm:
            continue
        if line and EMAIL_RE.fullmatch(line.strip()) and line.strip().lower().startswith("mailto:"):
            continue
        body.append(line)
    while body and not body[0]:
        body.pop(0)
    while body and not body[-1]:
        body.pop()
    guessed = False
    if region is None and p.slide.notes:
        for line in p.slide.notes.splitlines():
            org = region_labelled(line) or region_only(line)
            if org is not None:
                region = org
    if region is None:
        found = find_regions("\n".join([title, *body, p.slide.notes]), include_short=False)
        if found:
            region, guessed = found[0], True
    only_region = (
        bool(content) and not title and all(region_labelled(line) or region_only(line) for line in content)
    )
    return _SlideFields(
        number=p.slide.number,
        title=title,
        body=body,
        region=region,
        region_guessed=guessed,
        region_only=only_region,
        raw_text=p.slide.text,
        notes=p.slide.notes,
        locator_kind=p.slide.locator_kind,
    )


def _is_cover(f: _SlideFields, index: int) -> bool:
    if norm(f.title) in NON_PROPOSAL_TITLES and not find_emails(f.raw_text):
        return True  # agenda/closing slides, even with bullets
    words = " ".join([f.title, *f.body]).split()
    if f.region is not None and not f.region_guessed:
        return False
    if find_emails(f.raw_text) or any(line.strip() and _BULLET_RE.match(line) for line in f.body):
        return False
    short = len(words) <= 10 and len([b for b in f.body if b]) <= 2
    if (
        index == 0
        and short
        and (COVER_WORDS.search(f.raw_text) or re.search(r"\b(19|20)\d{2}\b|\d{1,2}\s+\w+", f.raw_text))
    ):
        return True
    return len(words) <= 4 and bool(re.match(r"^(tack|frågor|agenda|dagordning|välkommen)\b", norm(f.title)))


def _continues(prev: ProposalDraft, f: _SlideFields) -> bool:
    if f.region_only:
        return True
    if not f.title:
        return True
    if CONTINUED_RE.search(f.title):
        base = CONTINUED_RE.sub("", f.title).strip(" -–,")
        return not base or norm(base) == norm(prev.title)
    return norm(f.title) == norm(prev.title)


def _body_text(lines: list[str]) -> str:
    out: list[str] = []
    for line in lines:
        if not line:
            if out and out[-1] != "":
                out.append("")
            continue
        out.append(line)
    return "\n".join(out).strip()


def _needs(lines: list[str]) -> str:
    """Labelled "Behov:" lines, lines starting with "Behov", and sentences saying what is needed."""
    needs = []
    for line in lines:
        text = strip_bullet(line)
        if not text:
            continue
        m = NEEDS_LABEL_RE.match(text)
        if m:
            needs.append(m.group(1).strip())
        elif re.match(r"^(behov\b|behövs\b|det behövs\b|vi behöver\b)", text, re.I):
            needs.append(text)
        else:
            for sentence in re.split(r"(?<=[.!?])\s+", text):
                if re.search(r"\bbehov\w*\b|\bbehövs\b", sentence, re.I) and len(sentence) < 400:
                    needs.append(strip_bullet(sentence))
    return "\n".join(dict.fromkeys(needs))


def _finish(draft: ProposalDraft, body: list[str], notes: list[str]) -> ProposalDraft:
    text = "\n".join([draft.title, *body])
    labelled = [FORMAT_LABEL_RE.match(strip_bullet(line)) for line in body if line]
    labelled_formats = [f for m in labelled if m for f in find_formats(m.group(1))]
    draft.formats = list(dict.fromkeys(labelled_formats or find_formats(text)))
    all_text = "\n".join([text, *notes])
    draft.emails = find_emails(all_text)
    for line in [*body, *"\n".join(notes).splitlines()]:
        m = CONTACT_LABEL_RE.match(strip_bullet(line))
        if m:
            name = EMAIL_RE.sub("", m.group(1)).strip(" ,;()<>")
            if name and not draft.contact_name and len(name.split()) <= 5:
                draft.contact_name = name
    description = []
    for line in body:
        text = strip_bullet(line)
        if line and (CONTACT_LABEL_RE.match(text) or TITLE_LABEL_RE.match(text)):
            continue  # captured as contact / title
        m = DESCRIPTION_LABEL_RE.match(text) if line else None
        description.append(m.group(1) if m else line)
    draft.description = _body_text(description)
    if not draft.contact_name and draft.emails:
        draft.contact_name = name_from_email(draft.emails[0])
    draft.needs = _needs(body)
    draft.strategy_links = find_strategies(all_text)
    draft.notes = "\n\n".join(n for n in notes if n.strip())
    return draft


def parse_proposals(slides: list[Slide]) -> list[ProposalDraft]:
    """Turn a deck's slides into proposal drafts (possibly none)."""
    prepared = _prepare(slides)
    headers = _headers(prepared)
    drafts: list[ProposalDraft] = []
    bodies: list[list[str]] = []
    notes: list[list[str]] = []
    for index, p in enumerate(prepared):
        f = _fields(p, headers)
        if not f.title and not f.body and not f.region_only:
            continue
        if drafts and _continues(drafts[-1], f):
            d = drafts[-1]
            d.slides.append(f.number)
            d.source_text = d.source_text + "\n\n" + f.raw_text
            if f.body:
                bodies[-1].extend(["", *f.body])
            if f.notes:
                notes[-1].append(f.notes)
            if f.region is not None and (d.region_lan is None or (d.region_guessed and not f.region_guessed)):
                d.region_lan, d.region_name, d.region_guessed = f.region.lan, f.region.name, f.region_guessed
            continue
        if f.region_only or _is_cover(f, index):
            continue
        drafts.append(
            ProposalDraft(
                title=f.title,
                region_lan=f.region.lan if f.region else None,
                region_name=f.region.name if f.region else None,
                region_guessed=f.region_guessed,
                slides=[f.number],
                locator_kind=f.locator_kind,
                source_text=f.raw_text,
            )
        )
        bodies.append(list(f.body))
        notes.append([f.notes] if f.notes else [])
    return [_finish(d, b, n) for d, b, n in zip(drafts, bodies, notes, strict=True)]


def parse_text_block(text: str, *, number: int = 1, locator_kind: str = "bild") -> ProposalDraft | None:
    """Re-parse a piece of source text as one proposal (used when the reviewer splits a draft)."""
    from reglab.readers.decks.read import split_paragraphs

    drafts = parse_proposals(
        [Slide(number=number, paragraphs=split_paragraphs(text), locator_kind=locator_kind)]
    )
    return drafts[0] if drafts else None
