"""Load the shipped LPR table (data/lpr.csv, see data/PROVENANCE.md); rows already present are
left as the office has them."""

import csv
from decimal import Decimal
from pathlib import Path

from django.db import migrations

SOURCE = "全国银行间同业拆借中心 LPR 公告（随平台发布，见 finance/data/PROVENANCE.md）"


def load(apps, schema_editor):
    LprRate = apps.get_model("finance", "LprRate")
    path = Path(__file__).resolve().parent.parent / "data" / "lpr.csv"
    with path.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            LprRate.objects.get_or_create(
                effective_on=row["effective_on"],
                defaults={
                    "one_year": Decimal(row["one_year"]),
                    "five_year": Decimal(row["five_year"]),
                    "source": SOURCE,
                },
            )


class Migration(migrations.Migration):
    dependencies = [("finance", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
