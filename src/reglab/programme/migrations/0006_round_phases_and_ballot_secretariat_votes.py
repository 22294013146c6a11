"""Round phases collecting → reviewing → prioritising → planning → closed, and who votes in a ballot.

The old phases map one to one (collect → collecting, discuss → reviewing, prioritise → prioritising,
closed stays); planning is new. The merge log's phase-at-the-time is mapped the same way.
"""

from django.db import migrations, models

OLD_TO_NEW = {"collect": "collecting", "discuss": "reviewing", "prioritise": "prioritising"}


def _map(apps, mapping):
    IdeaRound = apps.get_model("programme", "IdeaRound")
    ProposalMerge = apps.get_model("programme", "ProposalMerge")
    for old, new in mapping.items():
        IdeaRound.objects.filter(phase=old).update(phase=new)
        ProposalMerge.objects.filter(round_phase=old).update(round_phase=new)


def forwards(apps, schema_editor):
    _map(apps, OLD_TO_NEW)


def backwards(apps, schema_editor):
    # Planning did not exist before: a planning round was past prioritising, i.e. prioritise.
    _map(apps, {"planning": "prioritise", **{new: old for old, new in OLD_TO_NEW.items()}})


class Migration(migrations.Migration):
    dependencies = [
        ("programme", "0005_proposal_comments_and_answers"),
    ]

    operations = [
        migrations.AlterField(
            model_name="idearound",
            name="phase",
            field=models.CharField(
                choices=[
                    ("collecting", "Insamling"),
                    ("reviewing", "Bearbetning"),
                    ("prioritising", "Prioritering"),
                    ("planning", "Planering"),
                    ("closed", "Avslutad"),
                ],
                default="collecting",
                max_length=20,
                verbose_name="fas",
            ),
        ),
        migrations.RunPython(forwards, backwards),
        migrations.AddField(
            model_name="ballot",
            name="secretariat_votes",
            field=models.BooleanField(
                default=False,
                help_text="Kryssa i bara om sekretariatet ska lägga en egen röst i den här omröstningen.",
                verbose_name="sekretariatet röstar",
            ),
        ),
    ]
