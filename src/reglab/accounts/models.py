"""Organisations (regions, agencies, kommuner) and users' roles in them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationKind(models.TextChoices):
    REGION = "region", _("Region")
    AGENCY = "agency", _("Myndighet")
    MUNICIPALITY = "municipality", _("Kommun")
    NETWORK = "network", _("Nätverk/sekretariat")
    OTHER = "other", _("Annan")


class Organisation(models.Model):
    name = models.CharField(_("namn"), max_length=200, unique=True)
    slug = models.SlugField(_("kortnamn"), max_length=80, unique=True)
    kind = models.CharField(_("typ"), max_length=20, choices=OrganisationKind.choices)
    # The region (län) or kommun the organisation acts for, if any.
    region = models.ForeignKey(
        "geography.Region",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="organisations",
        verbose_name=_("geografi"),
    )
    # Other names people write ("VGR", "Örebro län"); used to resolve text to this organisation.
    aliases = models.JSONField(_("andra namn"), default=list, blank=True)
    is_member = models.BooleanField(_("medlem i Reglab"), default=True)

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisationer")

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    SECRETARIAT = "secretariat", _("Sekretariat")
    MEMBER = "member", _("Medlem")
    VIEWER = "viewer", _("Läsare")


class Membership(models.Model):
    """A user acts for an organisation in a role. A user normally has one membership."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("roll"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "organisation"], name="unique_membership")]
        verbose_name = _("medlemskap")
        verbose_name_plural = _("medlemskap")

    def __str__(self) -> str:
        return f"{self.user} – {self.organisation} ({self.get_role_display()})"
