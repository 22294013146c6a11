"""Glyphs on PDF pages → slide title and paragraphs, from the layout alone.

A PDF has no paragraphs, only glyphs at positions. A slide exported from PowerPoint or LibreOffice
keeps enough to rebuild what the PPTX reader sees:
- the title is the deck's largest font (44 pt against 32 pt body), the top-most lines in it;
- a list bullet is a glyph drawn apart from its text (another font, or a gap with no space glyph);
  it starts a paragraph and is not text, as python-pptx does not see list bullets either;
- a line was wrapped by the exporter when the next line's first word would not have fitted after
  it (the text box's right edge is the furthest any line of that size reaches in the deck), the
  next line keeps the same left edge (or centre) and the usual line pitch; wrapped lines are joined
  into one line, so a wrapped sentence is not read as a new field;
- a gap of an empty line, or a change of font size, separates blocks (blank lines in the text);
- glyphs far apart on one row are table cells, joined as the PPTX reader joins a table row.

Everything here works on `Glyph` records, so it is plain typed Python without a PDF library.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

# Glyphs exporters draw as list bullets, including the Symbol/Wingdings code points PowerPoint uses.
BULLET_GLYPHS = frozenset("•·▪■‣◦○●►▶➢➤✓✔–—-*\uf0a7\uf0b7\uf0d8\uf076\uf0fc\uf06e\uf0a8")
TITLE_RATIO = 1.15  # the title's font is at least this much larger than the body's
CELL_GAP_EM = 1.5  # glyphs further apart than this on one row are different cells or boxes
MARKER_GAP_EM = 0.25  # a bullet this far from its text, with no space between, is a list bullet
WORD_GAP_EM = 0.15  # producers that draw no space glyphs leave a gap this wide between words
BLOCK_GAP_EM = 0.9  # a vertical gap of about an empty line separates blocks
PARAGRAPH_PITCH_EM = 0.12  # paragraph spacing above the deck's plain line pitch starts a paragraph


@dataclass(frozen=True, slots=True)
class Glyph:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    font: str


@dataclass
class Segment:
    """Glyphs on one row with no wide gap: a line of one text box or one table cell."""

    glyphs: list[Glyph]
    marker: bool = False  # began with a list bullet (removed from `glyphs`)

    @property
    def text(self) -> str:
        return "".join(g.text for g in self.glyphs)

    @property
    def size(self) -> float:
        sizes = [g.size for g in self.glyphs if g.text.strip()]
        return max(sizes) if sizes else self.glyphs[0].size

    @property
    def top(self) -> float:
        return min(g.top for g in self.glyphs)

    @property
    def bottom(self) -> float:
        return max(g.bottom for g in self.glyphs)

    @property
    def x0(self) -> float:
        return self.glyphs[0].x0

    @property
    def x1(self) -> float:
        """Right edge of the last visible glyph (exporters draw trailing spaces)."""
        inked = [g.x1 for g in self.glyphs if g.text.strip()]
        return max(inked) if inked else self.glyphs[-1].x1

    @property
    def trailing_space(self) -> bool:
        return not self.glyphs[-1].text.strip()

    def first_word_width(self) -> float:
        start: float | None = None
        end = self.glyphs[0].x1
        for g in self.glyphs:
            if not g.text.strip():
                if start is not None:
                    break
                continue
            start = g.x0 if start is None else start
            end = g.x1
        return end - (start if start is not None else self.glyphs[0].x0)

    def space_width(self) -> float:
        spaces = [g.x1 - g.x0 for g in self.glyphs if g.text == " " and g.x1 > g.x0]
        return statistics.median(spaces) if spaces else 0.28 * self.size


@dataclass
class Row:
    segments: list[Segment]

    @property
    def top(self) -> float:
        return min(s.top for s in self.segments)

    @property
    def bottom(self) -> float:
        return max(s.bottom for s in self.segments)

    @property
    def size(self) -> float:
        return max(s.size for s in self.segments)

    def text(self) -> str:
        cells = [" ".join(s.text.split()) for s in self.segments]
        cells = [c for c in cells if c]
        if len(self.segments) == 1:
            return self.segments[0].text.lstrip()
        # As the PPTX reader joins a table row: "Kontakt: namn@region.se" for label | value.
        return f"{cells[0]}: {cells[1]}" if len(cells) == 2 else " | ".join(cells)


@dataclass
class PageLayout:
    number: int
    rows: list[Row] = field(default_factory=list)


def _is_marker(bullet: Glyph, following: Glyph) -> bool:
    gap = following.x0 - bullet.x1
    return bullet.font != following.font or gap >= MARKER_GAP_EM * bullet.size


def _spaced(glyphs: list[Glyph]) -> list[Glyph]:
    """Glyphs with a space where the producer left a word gap but drew no space glyph."""
    out: list[Glyph] = []
    for g in glyphs:
        last = out[-1] if out else None
        if (
            last is not None
            and last.text.strip()
            and g.text.strip()
            and g.x0 - last.x1 > WORD_GAP_EM * g.size
            and not (len(out) == 1 and last.text in BULLET_GLYPHS)  # a list bullet's gap is no word gap
        ):
            out.append(Glyph(" ", last.x1, g.x0, g.top, g.bottom, g.size, g.font))
        out.append(g)
    return out


def _segments(row_glyphs: list[Glyph]) -> list[Segment]:
    glyphs = sorted(row_glyphs, key=lambda g: g.x0)
    groups: list[list[Glyph]] = []
    for g in glyphs:
        if groups:
            last = groups[-1][-1]
            lone_bullet = len(groups[-1]) == 1 and last.text in BULLET_GLYPHS
            if g.x0 - last.x1 <= CELL_GAP_EM * max(g.size, last.size) or lone_bullet:
                groups[-1].append(g)
                continue
        groups.append([g])
    groups = [_spaced(group) for group in groups]
    segments = []
    for group in groups:
        marker = False
        # A list bullet: first glyph a bullet, the next one not a space, set apart or in another font.
        if len(group) > 1 and group[0].text in BULLET_GLYPHS and group[1].text.strip():
            marker = _is_marker(group[0], group[1])
            if marker:
                group = group[1:]
        if any(g.text.strip() for g in group):
            segments.append(Segment(group, marker=marker))
    return segments


def rows_of(glyphs: Sequence[Glyph]) -> list[Row]:
    """Rows top to bottom: glyphs whose vertical centres lie within a third of their size."""
    ordered = sorted((g for g in glyphs if g.text), key=lambda g: (g.top + g.bottom) / 2)
    grouped: list[list[Glyph]] = []
    centre = 0.0
    for g in ordered:
        middle = (g.top + g.bottom) / 2
        if grouped and abs(middle - centre) <= g.size / 3:
            grouped[-1].append(g)
            continue
        grouped.append([g])
        centre = middle
    rows = [Row(_segments(group)) for group in grouped]
    return [row for row in rows if row.segments]


@dataclass
class DeckMetrics:
    """What the whole deck says about its layout: sizes, the text boxes' right edges, line pitch."""

    title_size: float | None
    body_size: float
    right_edge: dict[float, float]
    line_pitch: dict[float, float]


def _size_key(size: float) -> float:
    return round(size * 2) / 2


def _page_sizes(rows: list[Row]) -> tuple[float, float]:
    """(body size: the size most glyphs have, largest size) on one page."""
    weights: Counter[float] = Counter()
    for row in rows:
        for segment in row.segments:
            for g in segment.glyphs:
                if g.text.strip():
                    weights[_size_key(g.size)] += 1
    body = weights.most_common(1)[0][0]
    return body, max(weights)


def deck_metrics(pages: list[PageLayout]) -> DeckMetrics:
    titles: Counter[float] = Counter()
    bodies: Counter[float] = Counter()
    right: dict[float, float] = {}
    pitch: dict[float, float] = {}
    for page in pages:
        if not page.rows:
            continue
        body, top = _page_sizes(page.rows)
        bodies[body] += 1
        if top >= body * TITLE_RATIO:
            titles[top] += 1
        previous: Row | None = None
        for row in page.rows:
            for segment in row.segments:
                key = _size_key(segment.size)
                right[key] = max(right.get(key, 0.0), segment.x1)
            if previous is not None and len(row.segments) == len(previous.segments) == 1:
                key = _size_key(row.size)
                step = row.segments[0].top - previous.segments[0].top
                same_block = row.top - previous.bottom < BLOCK_GAP_EM * key
                if _size_key(previous.size) == key and step > 0 and same_block:
                    pitch[key] = min(pitch.get(key, step), step)
            previous = row
    body_size = bodies.most_common(1)[0][0] if bodies else 0.0
    title_size = titles.most_common(1)[0][0] if titles else None
    return DeckMetrics(title_size=title_size, body_size=body_size, right_edge=right, line_pitch=pitch)


def _title_rows(rows: list[Row], metrics: DeckMetrics) -> tuple[int, int]:
    """Rows [start, end) that form the title: the first run of rows in the largest size."""
    if not rows:
        return 0, 0
    body, top = _page_sizes(rows)
    title_size = None
    if top >= body * TITLE_RATIO:
        title_size = top
    elif metrics.title_size is not None and abs(top - metrics.title_size) <= 0.5 and len(rows) <= 3:
        title_size = top  # a page with nothing but a title ("Region Värmland" in 44 pt)
    if title_size is None:
        return 0, 0
    start = next(i for i, row in enumerate(rows) if row.size >= title_size - 0.5)
    end = start + 1
    while end < len(rows) and rows[end].size >= title_size - 0.5:
        if rows[end].top - rows[end - 1].bottom > BLOCK_GAP_EM * title_size:
            break
        end += 1
    return start, end


def _aligned(previous: Segment, segment: Segment) -> bool:
    tolerance = 0.3 * segment.size
    left = abs(previous.x0 - segment.x0) <= tolerance
    centre = abs((previous.x0 + previous.x1) / 2 - (segment.x0 + segment.x1) / 2) <= tolerance
    return left or centre


def _wrapped(previous: Row, row: Row, metrics: DeckMetrics) -> bool:
    """Did the exporter wrap `previous` onto `row` (one paragraph), rather than start a new one?"""
    if len(previous.segments) != 1 or len(row.segments) != 1:
        return False
    before, after = previous.segments[0], row.segments[0]
    key = _size_key(after.size)
    if after.marker or _size_key(before.size) != key or not _aligned(before, after):
        return False
    pitch = metrics.line_pitch.get(key)
    if pitch is not None and after.top - before.top > pitch + PARAGRAPH_PITCH_EM * key:
        return False  # paragraph spacing
    right = metrics.right_edge.get(key, before.x1)
    # The first word of the next line would have fitted: the line ended on purpose.
    return before.x1 + before.space_width() + after.first_word_width() > right + 0.5


def _join(line: str, previous: Segment, following: str) -> str:
    stripped = line.rstrip()
    last_word = stripped.rsplit(" ", 1)[-1]
    # Broken inside a word (no space drawn at the break): after a hyphen, or in an address.
    if not previous.trailing_space and (stripped.endswith("-") or "@" in last_word or "://" in last_word):
        return stripped + following.lstrip()
    return stripped + " " + following.lstrip()


def page_text(rows: list[Row], metrics: DeckMetrics) -> tuple[str | None, list[str]]:
    """(title, paragraphs) for one page: paragraphs are blocks of lines, as the PPTX reader gives."""
    start, end = _title_rows(rows, metrics)
    title = " ".join(" ".join(row.text().split()) for row in rows[start:end]) or None
    blocks: list[list[str]] = []
    previous: Row | None = None
    for row in rows[:start] + rows[end:]:
        text = row.text()
        if (
            previous is None
            or not blocks
            or row.top - previous.bottom > BLOCK_GAP_EM * max(row.size, previous.size)
            or _size_key(row.size) != _size_key(previous.size)
        ):
            blocks.append([text])
        elif _wrapped(previous, row, metrics):
            blocks[-1][-1] = _join(blocks[-1][-1], previous.segments[0], text)
        else:
            blocks[-1].append(text)
        previous = row
    paragraphs = ["\n".join(block).strip("\n") for block in blocks]
    return title, [p for p in paragraphs if p.strip()]
