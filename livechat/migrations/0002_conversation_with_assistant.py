from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("livechat", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="conversation",
            name="with_assistant",
            field=models.BooleanField(default=False, verbose_name="with the assistant"),
        ),
    ]
