"""The OpenAPI description of the API: every operation also documents the errors it can answer
(bad parameters, no or bad token, not found or not visible, rate limit), so that clients — and
the schema tests — know them."""

from drf_spectacular.openapi import AutoSchema

ERRORS = {
    "400": "参数无效（格式、取值或筛选条件）",
    "401": "未认证：缺少或无效的令牌",
    "403": "无权访问",
    "404": "不存在、无权查看，或页码超出范围",
    "429": "请求过于频繁（限流）",
}


class Schema(AutoSchema):
    def _get_response_bodies(self, direction="response"):
        found = super()._get_response_bodies(direction)
        for status, description in ERRORS.items():
            found.setdefault(status, {"description": description})
        return found
