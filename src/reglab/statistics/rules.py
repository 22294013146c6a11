import rules

from reglab.accounts.predicates import is_member

# Routine data updates from the statistics pages (a sync of a catalogue entry, an uploaded file): the
# secretariat and the members' analysts, so nobody needs the command line (docs/permissions.md).
rules.add_perm("statistics.update_data", is_member)
