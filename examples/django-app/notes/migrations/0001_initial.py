from django.db import migrations, models


def write_note(apps, schema_editor):
    apps.get_model("notes", "MigrationNote").objects.create(note="written by manage.py migrate")
    apps.get_model("notes", "Visit").objects.create(pk=1, n=0)


class Migration(migrations.Migration):
    initial = True
    dependencies = []
    operations = [
        migrations.CreateModel("MigrationNote", [("id", models.BigAutoField(primary_key=True, serialize=False)), ("note", models.TextField())]),
        migrations.CreateModel("Visit", [("id", models.BigAutoField(primary_key=True, serialize=False)), ("n", models.BigIntegerField(default=0))]),
        migrations.RunPython(write_note, migrations.RunPython.noop),
    ]
