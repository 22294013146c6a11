"""Regions: Riket, län, kommuner, FA-regioner and custom groups, one table.

One `Region` table (rather than a table per kind) lets every statistic, indicator value and
programme object point at "a region" whatever its kind, including a custom group such as a
region-formation scenario. Codes follow SCB: Riket "00", län "01".."25", kommun "0114",
FA-region "FA01".."FA60" (as in SCB's matching-indicator tables), groups "G-<slug>".
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class RegionKind(models.TextChoices):
    RIKET = "riket", _("Riket")
    LAN = "lan", _("Län")
    KOMMUN = "kommun", _("Kommun")
    FA = "fa", _("FA-region")
    GROUP = "group", _("Egen regiongrupp")


class RegionQuerySet(models.QuerySet):
    def of_kind(self, kind: str) -> RegionQuerySet:
        return self.filter(kind=kind)

    def kommuner(self) -> RegionQuerySet:
        return self.filter(kind=RegionKind.KOMMUN)

    def lan(self) -> RegionQuerySet:
        return self.filter(kind=RegionKind.LAN)


class Region(models.Model):
    code = models.CharField(_("kod"), max_length=64, unique=True)
    name = models.CharField(_("namn"), max_length=200)
    kind = models.CharField(_("typ"), max_length=10, choices=RegionKind.choices, db_index=True)
    # A kommun's län; a län's parent is Riket.
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name=_("län"),
    )
    # Each kommun's functional labour-market region (FA15), derived from the geometries.
    fa_region = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="fa_members",
        limit_choices_to={"kind": RegionKind.FA},
        verbose_name=_("FA-region"),
    )
    # Members of a custom group (kommuner or län).
    members = models.ManyToManyField(
        "self", blank=True, symmetrical=False, related_name="groups", verbose_name=_("medlemmar")
    )
    description = models.TextField(_("beskrivning"), blank=True)
    # GeoJSON (EPSG:4326), simplified for thematic maps; empty for groups (drawn from members).
    geometry = models.JSONField(_("geometri"), null=True, blank=True)
    created_by = models.ForeignKey(
        "auth.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = RegionQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "code"]
        verbose_name = _("region")
        verbose_name_plural = _("regioner")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def kolada_id(self) -> str | None:
        """Kolada's id for this region; translated at the boundary, never stored."""
        from reglab.reference.region_codes import scb_to_kolada

        return scb_to_kolada(self.code)

    def kommun_codes(self) -> list[str]:
        """The kommuner this region is made of (used to aggregate from kommun level)."""
        if self.kind == RegionKind.KOMMUN:
            return [self.code]
        if self.kind == RegionKind.LAN:
            return list(self.children.values_list("code", flat=True))
        if self.kind == RegionKind.FA:
            return list(self.fa_members.values_list("code", flat=True))
        if self.kind == RegionKind.RIKET:
            return list(Region.objects.kommuner().values_list("code", flat=True))
        codes: list[str] = []
        for member in self.members.all():
            codes.extend(member.kommun_codes())
        return sorted(set(codes))
