from django.db import migrations


def seed(apps, schema_editor):
    from reglab.operations.schedule import schedule_seed

    schedule_seed(apps.get_model("operations", "ScheduledJob"))


class Migration(migrations.Migration):
    dependencies = [("operations", "0001_schedule_and_heartbeat")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
