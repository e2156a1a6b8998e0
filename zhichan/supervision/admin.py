from django.contrib import admin

from zhichan.supervision.models import Milestone, ProgressReport, WorkItem


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 0


@admin.register(WorkItem)
class WorkItemAdmin(admin.ModelAdmin):
    list_display = ["plan", "number", "heading", "lead_unit", "deadline", "status"]
    list_filter = ["status", "plan"]
    search_fields = ["heading", "lead_unit", "units"]
    inlines = [MilestoneInline]


@admin.register(ProgressReport)
class ProgressReportAdmin(admin.ModelAdmin):
    list_display = ["item", "year", "quarter", "unit", "percent", "reported_by"]
    list_filter = ["year", "quarter"]
