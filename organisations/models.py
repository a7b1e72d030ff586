"""Organisations (the agencies that employ peers) and the networks that group them."""

from django.db import models


class Network(models.Model):
    """A county or a peer-run network hosting PeerWorks for several agencies."""

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=60, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Organisation(models.Model):
    """An agency: the employer that owns its people and their records."""

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=60, unique=True)
    network = models.ForeignKey(
        Network,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name
