import rules

from reglab.accounts.predicates import is_member

rules.add_perm("geography.add_region_group", is_member)
