"""What the API returns: the registry's records with their regions by code, patents with their
status on a date, applicants and legal events; nothing that the back office would mask."""

from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from zhichan.assets.models import (
    Copyright,
    DataIPRegistration,
    GeographicalIndication,
    LayoutDesign,
    Patent,
    PatentApplicant,
    PatentEvent,
    PatentStatus,
    PlantVariety,
    Trademark,
)
from zhichan.assets.status import status_on
from zhichan.entities.models import Entity, EntityTag
from zhichan.finance.models import Pledge
from zhichan.market.models import Transaction
from zhichan.regions.models import Region


class RegionSerializer(serializers.ModelSerializer):
    parent = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Region
        fields = ["code", "name", "level", "parent"]


class TagSerializer(serializers.ModelSerializer):
    class Meta:
        model = EntityTag
        fields = ["tag", "valid_from", "valid_to", "source"]


class EntitySerializer(serializers.ModelSerializer):
    region = serializers.SlugRelatedField(slug_field="code", read_only=True)
    tags = TagSerializer(many=True, read_only=True)

    class Meta:
        model = Entity
        fields = [
            "id",
            "name",
            "kind",
            "credit_code",
            "region",
            "address",
            "industry_code",
            "established_on",
            "tags",
        ]


class PatentSerializer(serializers.ModelSerializer):
    region = serializers.SlugRelatedField(slug_field="code", read_only=True)
    status = serializers.SerializerMethodField(help_text="法律状态（截至参数 on 所指日期，默认今天）")

    class Meta:
        model = Patent
        fields = ["number", "kind", "title", "filed_on", "published_on", "granted_on", "grant_number", "main_ipc",
                  "ipc_codes", "applicants", "region", "status", "expires_on", "ended_on", "end_status"]  # fmt: skip

    @extend_schema_field(serializers.ChoiceField(choices=PatentStatus.choices, allow_null=True))
    def get_status(self, patent) -> str | None:
        return status_on(patent, self.context.get("on") or timezone.localdate())


class ApplicantSerializer(serializers.ModelSerializer):
    class Meta:
        model = PatentApplicant
        fields = ["position", "name", "entity"]


class EventSerializer(serializers.ModelSerializer):
    class Meta:
        model = PatentEvent
        fields = ["kind", "effective_on", "detail", "amount"]


class PatentDetailSerializer(PatentSerializer):
    applicant_links = ApplicantSerializer(many=True, read_only=True)
    events = EventSerializer(many=True, read_only=True)

    class Meta(PatentSerializer.Meta):
        fields = [*PatentSerializer.Meta.fields, "abstract", "claims", "pct_number", "priority", "family", "agency",
                  "applicant_links", "events"]  # fmt: skip


RIGHT_FIELDS = ["id", "number", "title", "holders", "holder", "region", "filed_on", "registered_on", "expires_on",
                "ended_on", "status"]  # fmt: skip


def right_serializer(right_model, extra: list[str]):
    meta = type("Meta", (), {"model": right_model, "fields": RIGHT_FIELDS + extra})
    return type(
        f"{right_model.__name__}Serializer",
        (serializers.ModelSerializer,),
        {"Meta": meta, "region": serializers.SlugRelatedField(slug_field="code", read_only=True)},
    )


RIGHTS = {
    "trademarks": (Trademark, ["nice_class", "mark_kind", "is_gi", "madrid", "madrid_number", "well_known"]),
    "gis": (GeographicalIndication, ["mode", "product"]),
    "copyrights": (Copyright, ["kind", "category", "completed_on"]),
    "varieties": (PlantVariety, ["application_number", "genus"]),
    "layouts": (LayoutDesign, ["commercial_use_on"]),
    "dataip": (DataIPRegistration, ["registrar", "data_category"]),
}
RIGHT_SERIALIZERS = {kind: right_serializer(model, extra) for kind, (model, extra) in RIGHTS.items()}


class TransactionSerializer(serializers.ModelSerializer):
    region = serializers.SlugRelatedField(slug_field="code", read_only=True)
    patents = serializers.SlugRelatedField(slug_field="number", many=True, read_only=True)

    class Meta:
        model = Transaction
        fields = ["id", "kind", "license_type", "seller", "seller_name", "buyer", "buyer_name", "patents", "amount",
                  "signed_on", "effective_on", "term_end", "registration_number", "region"]  # fmt: skip


class PledgeSerializer(serializers.ModelSerializer):
    region = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Pledge
        fields = ["id", "number", "pledgor", "pledgor_name", "pledgee", "pledgee_name", "amount", "registered_on",
                  "released_on", "region"]  # fmt: skip
