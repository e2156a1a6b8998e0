"""The events of a year against the targets, and recording an event."""

from datetime import date

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from zhichan.accounts.access import office_region
from zhichan.events import services
from zhichan.events.models import Event, EventKind
from zhichan.lib.views import paginate, staff_required


@staff_required
def events(request):
    region = office_region(request.user)
    if request.method == "POST":
        post = request.POST
        try:
            event = Event(
                region=region, kind=post.get("kind", ""), title=post.get("title", "")[:200],
                starts_on=date.fromisoformat(post.get("starts_on", "")), place=post.get("place", "")[:200],
                organizer=post.get("organizer", "")[:200], audience=post.get("audience", "")[:200],
                attendance=int(post.get("attendance") or 0), enterprises=int(post.get("enterprises") or 0),
                note=post.get("note", ""),
            )  # fmt: skip
            services.event_save(event=event, user=request.user)
            messages.success(request, _("已记录。"))
        except ValueError:
            messages.error(request, _("日期或人数格式不正确。"))
        except ValidationError as error:
            messages.error(request, "；".join(error.messages))
        return redirect("events:list")
    year = request.GET.get("year", "")
    year = int(year) if year.isdecimal() else timezone.localdate().year
    rows = Event.objects.filter(region__prefix__startswith=region.prefix, starts_on__year=year)
    return render(request, "events/list.html", {
        "region": region, "year": year, "progress": services.year_progress(region, year),
        "page": paginate(request, rows), "kinds": EventKind.choices,
    })  # fmt: skip
