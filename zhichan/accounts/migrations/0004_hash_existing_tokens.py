"""Tokens issued before issue 29 were stored in plain text by rest_framework.authtoken. Each is
kept working as a hashed ApiToken valid 90 days from now, and the plain text is deleted."""

import hashlib
from datetime import timedelta

from django.db import migrations
from django.utils import timezone


def forwards(apps, schema_editor):
    Token = apps.get_model("authtoken", "Token")
    ApiToken = apps.get_model("accounts", "ApiToken")
    expires = timezone.now() + timedelta(days=90)
    for token in Token.objects.all():
        ApiToken.objects.create(user_id=token.user_id, name="API", digest=hashlib.sha256(token.key.encode()).hexdigest(),
                                prefix=token.key[:8], expires_at=expires)  # fmt: skip
    Token.objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("accounts", "0003_api_token"), ("authtoken", "0004_alter_tokenproxy_options")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
