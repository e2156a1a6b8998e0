"""Number formats for zh-hans pages, over Django's own (which it falls back to for the rest).

Django's zh_Hans formats group digits by four (万) with no separator, so an amount asked to be
grouped (``floatformat:"2g"``, ``intcomma``) shows as 1234567.89. Financial tables and statements
of Chinese government offices write amounts with a comma every three digits: 1,234,567.89. Numbers
not asked to be grouped (years, codes, form values) stay as they are: USE_THOUSAND_SEPARATOR is off.
"""

THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
