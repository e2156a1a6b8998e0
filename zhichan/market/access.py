"""Who sees which transfer and licence records: officials those registered in their region
subtree, an enterprise those it is a party to (as transferor/licensor or transferee/licensee),
administrators all; others none."""

from django.db.models import Q, QuerySet

from zhichan.accounts.access import region_scope, user_region
from zhichan.market.models import Transaction


def transactions_for_user(user) -> QuerySet[Transaction]:
    if not user.is_authenticated:
        return Transaction.objects.none()
    if user.is_superuser:
        return Transaction.objects.all()
    region = user_region(user)
    if region is not None:
        return Transaction.objects.filter(region_scope(region))
    if user.entity_id:
        return Transaction.objects.filter(Q(seller_id=user.entity_id) | Q(buyer_id=user.entity_id))
    return Transaction.objects.none()
