"""Signed checkpoints of the seal chain, the reason for each event, and TRUNCATE refused.

On PostgreSQL the checkpoint table refuses UPDATE and DELETE like the other audit tables, and all
three refuse TRUNCATE (row triggers do not fire on TRUNCATE, so 0002 let it through). A superuser
can still switch triggers off; the signed checkpoints and their copy outside the database are what
catch that.
"""

from django.db import migrations, models

TABLES = ["audit_auditevent", "audit_auditseal", "audit_auditcheckpoint"]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        "CREATE TRIGGER audit_auditcheckpoint_no_change BEFORE UPDATE OR DELETE ON audit_auditcheckpoint "
        "FOR EACH ROW EXECUTE FUNCTION audit_append_only()"
    )
    for table in TABLES:
        schema_editor.execute(
            f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
            "FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only()"
        )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}")
    schema_editor.execute("DROP TRIGGER IF EXISTS audit_auditcheckpoint_no_change ON audit_auditcheckpoint")


class Migration(migrations.Migration):

    dependencies = [
        ('audit', '0002_append_only_triggers'),
    ]

    operations = [
        migrations.CreateModel(
            name='AuditCheckpoint',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('number', models.BigIntegerField(unique=True)),
                ('created_at', models.DateTimeField()),
                ('seal_id', models.BigIntegerField(unique=True)),
                ('last_event_id', models.BigIntegerField()),
                ('event_count', models.BigIntegerField()),
                ('head_digest', models.CharField(max_length=64)),
                ('previous_mac', models.CharField(max_length=64)),
                ('mac', models.CharField(max_length=64)),
            ],
            options={
                'ordering': ['-number'],
            },
        ),
        migrations.AddField(
            model_name='auditevent',
            name='reason',
            field=models.CharField(blank=True, default='', max_length=500, verbose_name='reason'),
        ),
        migrations.RunPython(forwards, backwards),
    ]
