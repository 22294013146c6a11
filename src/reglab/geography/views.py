from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from reglab.core.permissions import require
from reglab.geography.forms import RegionGroupForm
from reglab.geography.models import Region, RegionKind
from reglab.geography.services import RegionGroupError, region_group_create
from reglab.geography.svg import svg_paths


def region_list(request):
    return render(
        request,
        "geography/region_list.html",
        {
            "lan": Region.objects.lan().prefetch_related("children"),
            "fa": Region.objects.filter(kind=RegionKind.FA).order_by("code"),
            "groups": Region.objects.filter(kind=RegionKind.GROUP).prefetch_related("members"),
            "can_add_group": request.user.has_perm("geography.add_region_group"),
        },
    )


def region_detail(request, code):
    region = get_object_or_404(Region.objects.select_related("parent", "fa_region"), code=code)
    kommuner = Region.objects.kommuner().filter(code__in=region.kommun_codes()).order_by("code")
    context_shapes = [(r.code, r.geometry, "context") for r in Region.objects.lan().only("code", "geometry")]
    if region.geometry:
        highlight = [(region.code, region.geometry, "highlight")]
    else:  # custom groups are drawn from their kommuner
        highlight = [(k.code, k.geometry, "highlight") for k in kommuner.only("code", "geometry")]
    return render(
        request,
        "geography/region_detail.html",
        {
            "region": region,
            "kommuner": kommuner if region.kind != RegionKind.KOMMUN else [],
            "members": region.members.all() if region.kind == RegionKind.GROUP else [],
            "map": svg_paths(context_shapes + highlight),
        },
    )


def region_group_add(request):
    require(request, "geography.add_region_group")
    form = RegionGroupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            group = region_group_create(
                name=form.cleaned_data["name"],
                member_codes=[r.code for r in form.cleaned_data["members"]],
                description=form.cleaned_data["description"],
                user=request.user,
            )
        except RegionGroupError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Regiongruppen %(name)s är sparad.") % {"name": group.name})
            return redirect("geography:region-detail", code=group.code)
    return render(request, "geography/region_group_form.html", {"form": form})
