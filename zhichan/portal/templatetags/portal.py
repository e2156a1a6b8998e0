from django import template
from django.conf import settings

from zhichan.catalog.models import SiteFooter

register = template.Library()


@register.inclusion_tag("portal/_footer.html")
def portal_footer():
    """The home region's footer as its office entered it (服务 › 公共服务事项 › 门户页脚)."""
    footer = (
        SiteFooter.objects.filter(region__code=settings.HOME_REGION_CODE).select_related("region").first()
    )
    return {"footer": footer}
