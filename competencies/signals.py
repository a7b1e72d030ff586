"""Guards the official text of a published framework version.

``loaddata`` and the admin site bypass the import service, so the rule that an
item's text and a domain's title never change in place is enforced here too,
on every save, raw fixture loads included.
"""

from django.core.exceptions import ValidationError
from django.db.models.signals import pre_save
from django.dispatch import receiver

from .models import Domain, Item

TEXT_CHANGE_MESSAGE = (
    "{what} of {framework} would change. The official text of a published version never "
    "changes in place: publish a new version of the framework instead (see README)."
)


@receiver(pre_save, sender=Item)
def item_text_is_fixed(sender, instance, raw, **kwargs):
    if instance.pk is None:
        return
    current = (
        Item.objects.filter(pk=instance.pk)
        .values_list("text", "framework__slug", "framework__version")
        .first()
    )
    if current and current[0] != instance.text:
        raise ValidationError(
            TEXT_CHANGE_MESSAGE.format(
                what=f"The text of item {instance.code}", framework=f"{current[1]} v{current[2]}"
            )
        )


@receiver(pre_save, sender=Domain)
def domain_title_is_fixed(sender, instance, raw, **kwargs):
    if instance.pk is None:
        return
    current = (
        Domain.objects.filter(pk=instance.pk)
        .values_list("title", "framework__slug", "framework__version")
        .first()
    )
    if current and current[0] != instance.title:
        raise ValidationError(
            TEXT_CHANGE_MESSAGE.format(
                what=f"The title of domain {instance.code}", framework=f"{current[1]} v{current[2]}"
            )
        )
