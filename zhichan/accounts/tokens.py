"""API tokens: made, checked and revoked. Only the SHA-256 digest is stored (``ApiToken``)."""

import hashlib
import secrets
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication

from zhichan.accounts.models import ApiToken, User

LIFETIME = timedelta(days=90)
MAX_ACTIVE = 10  # per user: making an eleventh revokes the oldest


def digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def active(user: User):
    now = timezone.now()
    return ApiToken.objects.filter(user=user, revoked_at__isnull=True, expires_at__gt=now)


@transaction.atomic
def token_create(*, user: User, name: str = "", lifetime: timedelta = LIFETIME) -> tuple[ApiToken, str]:
    """A new token for ``user``; returns the record and the token itself (shown once)."""
    key = secrets.token_urlsafe(30)
    token = ApiToken.objects.create(user=user, name=name.strip()[:100], digest=digest(key), prefix=key[:8],
                                    expires_at=timezone.now() + lifetime)  # fmt: skip
    surplus = list(active(user).order_by("-created_at").values_list("pk", flat=True)[MAX_ACTIVE:])
    if surplus:
        ApiToken.objects.filter(pk__in=surplus).update(revoked_at=timezone.now())
    return token, key


def token_revoke(*, token: ApiToken) -> None:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])


class HashedTokenAuthentication(TokenAuthentication):
    """``Authorization: Token <token>``, checked against the stored digests."""

    def authenticate_credentials(self, key):
        token = ApiToken.objects.select_related("user").filter(digest=digest(key)).first()
        now = timezone.now()
        if token is None or token.revoked_at is not None:
            raise exceptions.AuthenticationFailed(_("令牌无效或已撤销。"))
        if token.expires_at <= now:
            raise exceptions.AuthenticationFailed(_("令牌已过期，请重新获取。"))
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("用户已停用。"))
        if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=5):
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return token.user, token
