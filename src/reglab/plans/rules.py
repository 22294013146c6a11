import rules

from reglab.accounts.predicates import acts_for, is_member, is_secretariat


@rules.predicate
def acts_for_plan_organisation(user, plan) -> bool:
    return plan is not None and acts_for(user, plan.organisation_id)


rules.add_perm("plans.add_actionplan", is_member)
rules.add_perm("plans.change_actionplan", is_secretariat | acts_for_plan_organisation)
