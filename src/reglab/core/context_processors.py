from django.utils.translation import gettext_lazy as _

# The two pillars and their meeting point; each entry is (url name, label).
NAVIGATION = [
    ("programme:index", _("Program")),
    ("analysis:index", _("Analys")),
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
    return {"nav_items": items}
