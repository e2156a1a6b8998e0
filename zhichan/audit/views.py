from django.shortcuts import render

from zhichan.audit.access import audit_entries_for_user
from zhichan.lib.views import paginate, staff_required

MODEL_CHOICES = [
    ("entity", "创新主体"),
    ("entitytag", "主体标签"),
    ("entityalias", "主体别名"),
    ("regionfigure", "区划年度数据"),
    ("user", "用户"),
]


@staff_required
def audit_list(request):
    entries = (
        audit_entries_for_user(request.user).select_related("actor", "content_type").order_by("-timestamp")
    )
    model = request.GET.get("model", "").strip()
    if model:
        entries = entries.filter(content_type__model=model)
    actor = request.GET.get("actor", "").strip()
    if actor:
        entries = entries.filter(actor__username=actor)
    context = {
        "page": paginate(request, entries),
        "model": model,
        "actor": actor,
        "model_choices": MODEL_CHOICES,
    }
    return render(request, "audit/list.html", context)
