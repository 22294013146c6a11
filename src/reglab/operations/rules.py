import rules

from reglab.accounts.predicates import is_secretariat

# The status page, its buttons and the schedule are the secretariat's (docs/permissions.md).
rules.add_perm("operations.view_status", is_secretariat)
rules.add_perm("operations.run_job", is_secretariat)
rules.add_perm("operations.change_schedule", is_secretariat)
