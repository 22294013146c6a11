from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

# The analysis pillar's entry points; an entry whose app has no page yet is simply not shown.
SECTIONS = [
    (
        "indicators:index",
        _("BRP+"),
        _("Mått på livskvalitet och hållbar utveckling, beräknat enligt den officiella metoden."),
    ),
    (
        "statistics:dataset-list",
        _("Statistik"),
        _("Tabeller från SCB:s statistikdatabas och nyckeltal från Kolada, med version, källa och export."),
    ),
    (
        "geography:region-list",
        _("Regioner"),
        _("Län, kommuner, FA-regioner och egna regiongrupper, t.ex. scenarier för regionbildning."),
    ),
]


def index(request):
    sections = []
    for name, title, text in SECTIONS:
        try:
            sections.append({"url": reverse(name), "title": title, "text": text})
        except NoReverseMatch:
            continue
    return render(request, "analysis/index.html", {"sections": sections})
