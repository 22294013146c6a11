import rules

from reglab.accounts.predicates import is_secretariat

rules.add_perm("accounts.manage_organisation", is_secretariat)
rules.add_perm("accounts.manage_users", is_secretariat)
