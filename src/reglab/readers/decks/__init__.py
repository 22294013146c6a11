"""Read idea-workshop decks (txt, pptx, pdf, docx) into slides, and slides into proposal drafts.

Pure Python: no Django, no database. `read_deck(data, filename)` checks the bytes first (size,
encryption, zip bombs, corrupt files) and raises `DeckError` with a one-line message; then
`parse_proposals(slides)` turns slides into `ProposalDraft`s.
"""

from reglab.readers.decks.errors import DeckError
from reglab.readers.decks.parse import ProposalDraft, parse_proposals
from reglab.readers.decks.read import Deck, Slide, read_deck

__all__ = ["Deck", "DeckError", "ProposalDraft", "Slide", "parse_proposals", "read_deck"]
