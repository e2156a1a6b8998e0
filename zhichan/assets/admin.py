from django.contrib import admin

from zhichan.assets.models import (
    Copyright,
    DataIPRegistration,
    GeographicalIndication,
    GIUser,
    ImportBatch,
    LayoutDesign,
    LinkReview,
    Patent,
    PatentApplicant,
    PatentAward,
    PatentEvent,
    PlantVariety,
    Trademark,
)


class ApplicantInline(admin.TabularInline):
    model = PatentApplicant
    extra = 0
    raw_id_fields = ["entity"]


class EventInline(admin.TabularInline):
    model = PatentEvent
    extra = 0
    readonly_fields = ["import_batch", "created_at"]


class AwardInline(admin.TabularInline):
    model = PatentAward
    extra = 0


@admin.register(Patent)
class PatentAdmin(admin.ModelAdmin):
    """For the fields the back office does not edit (abstract, family, awards). Events should be
    recorded on the patent page, which recomputes the validity interval."""

    list_display = ["number", "kind", "title", "filed_on", "granted_on", "region"]
    list_filter = ["kind"]
    search_fields = ["number", "title"]
    raw_id_fields = ["first_applicant", "region", "import_batch"]
    readonly_fields = ["expires_on", "ended_on", "end_status", "row_hash", "created_at", "updated_at"]
    inlines = [ApplicantInline, EventInline, AwardInline]
    show_full_result_count = False  # a million rows: no COUNT(*) per page


class RightAdmin(admin.ModelAdmin):
    list_display = ["number", "title", "holders", "registered_on", "expires_on", "status", "region"]
    list_filter = ["status"]
    search_fields = ["number", "title", "holders"]
    raw_id_fields = ["holder", "region", "import_batch"]
    readonly_fields = ["row_hash", "created_at", "updated_at"]


class GIUserInline(admin.TabularInline):
    model = GIUser
    extra = 0
    raw_id_fields = ["entity"]


@admin.register(GeographicalIndication)
class GIAdmin(RightAdmin):
    list_display = ["number", "title", "mode", "holders", "registered_on", "status"]
    list_filter = ["mode", "status"]
    raw_id_fields = [*RightAdmin.raw_id_fields, "trademark"]
    inlines = [GIUserInline]


for model in (Trademark, Copyright, PlantVariety, LayoutDesign, DataIPRegistration):
    admin.site.register(model, RightAdmin)


@admin.register(ImportBatch)
class ImportBatchAdmin(admin.ModelAdmin):
    list_display = [
        "pk",
        "kind",
        "filename",
        "created_by",
        "created_at",
        "rows_read",
        "created",
        "rejected",
        "status",
    ]
    list_filter = ["kind", "status"]
    readonly_fields = [f.name for f in ImportBatch._meta.fields]


@admin.register(LinkReview)
class LinkReviewAdmin(admin.ModelAdmin):
    list_display = ["name", "status", "chosen", "created_at"]
    list_filter = ["status"]
    raw_id_fields = ["patent_applicant", "chosen", "region", "import_batch", "resolved_by"]
    filter_horizontal = ["candidates"]
