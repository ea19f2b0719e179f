from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("mail", "0005_outbound_transcript")]

    operations = [
        migrations.AddField(
            model_name="mailthread",
            name="acknowledgement_held",
            field=models.BooleanField(default=False),
        ),
    ]
