"""One notion of leaving the agency: StaffProfile.end_date replaces the profile's own
"active" flag, and the account's is_active follows it."""

from django.db import migrations, models
from django.db.models import Q
from django.utils import timezone


def inactive_to_end_date(apps, schema_editor):
    # Whoever was marked inactive, on the profile or on the account, has left; the day is
    # not on record, so it is the day of this migration.
    StaffProfile = apps.get_model("people", "StaffProfile")
    User = apps.get_model("people", "User")
    left = StaffProfile.objects.filter(Q(is_active=False) | Q(user__is_active=False))
    user_ids = list(left.values_list("user_id", flat=True))
    left.update(end_date=timezone.localdate())
    User.objects.filter(pk__in=user_ids).update(is_active=False)


def end_date_to_inactive(apps, schema_editor):
    StaffProfile = apps.get_model("people", "StaffProfile")
    StaffProfile.objects.filter(end_date__isnull=False).update(is_active=False)


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0002_list_order_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="staffprofile",
            name="end_date",
            field=models.DateField(
                blank=True,
                help_text="Their access ends when this day begins; empty while they work here.",
                null=True,
                verbose_name="leaves the agency on",
            ),
        ),
        migrations.RunPython(inactive_to_end_date, end_date_to_inactive),
        migrations.RemoveIndex(
            model_name="staffprofile",
            name="people_staf_supervi_7f8a57_idx",
        ),
        migrations.RemoveField(
            model_name="staffprofile",
            name="is_active",
        ),
        migrations.AddIndex(
            model_name="staffprofile",
            index=models.Index(fields=["supervisor", "end_date"], name="people_staf_supervi_dbaa85_idx"),
        ),
    ]
