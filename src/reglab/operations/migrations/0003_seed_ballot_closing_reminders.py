from django.db import migrations


def seed(apps, schema_editor):
    # schedule_seed only adds the jobs that are missing, here the daily ballot reminder.
    from reglab.operations.schedule import schedule_seed

    schedule_seed(apps.get_model("operations", "ScheduledJob"))


class Migration(migrations.Migration):
    dependencies = [("operations", "0002_seed_schedule")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
