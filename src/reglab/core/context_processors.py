from django.utils.translation import gettext_lazy as _

# The two pillars and their meeting point; each entry is (url name, label).
NAVIGATION = [
    ("programme:index", _("Program")),
    ("analysis:index", _("Analys")),
    ("matching:index", _("Matcha rätt")),
    ("plans:index", _("Handlingsplaner")),
]


def navigation(request):
    from django.urls import NoReverseMatch, reverse

    items = []
    for name, label in NAVIGATION:
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue
        items.append({"url": url, "label": label, "active": request.path.startswith(url)})
    # The most specific entry is the current one (/analys/matchning/ is inside /analys/).
    longest = max((len(item["url"]) for item in items if item["active"]), default=0)
    for item in items:
        item["active"] = item["active"] and len(item["url"]) == longest
    return {"nav_items": items}
