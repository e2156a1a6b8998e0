from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from zhichan.accounts import users as account_users
from zhichan.accounts import views as account_views
from zhichan.ops import views as ops_views
from zhichan.web import help as help_views
from zhichan.web import views as web_views

urlpatterns = [
    path("", web_views.home, name="home"),
    path("accounts/login/", account_views.LoginView.as_view(), name="login"),
    path("accounts/password/", account_views.PasswordChangeView.as_view(), name="password_change"),
    path("accounts/password/done/", account_views.password_done, name="password_done"),
    path("accounts/tokens/", account_views.api_tokens, name="api_tokens"),
    path("accounts/tokens/<int:pk>/revoke/", account_views.api_token_revoke, name="api_token_revoke"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/users/", account_users.user_list, name="users"),
    path("accounts/users/new/", account_users.user_new, name="user_new"),
    path("accounts/users/<int:pk>/", account_users.user_edit, name="user_edit"),
    path("accounts/users/<int:pk>/password/", account_users.user_password, name="user_password"),
    path("accounts/separation/", account_users.separation, name="separation"),
    path("regions/", include("zhichan.regions.urls")),
    path("entities/", include("zhichan.entities.urls")),
    path("assets/", include("zhichan.assets.urls")),
    path("classify/", include("zhichan.classify.urls")),
    path("monitor/", include("zhichan.monitor.urls")),
    path("finance/", include("zhichan.finance.urls")),
    path("market/", include("zhichan.market.urls")),
    path("credit/", include("zhichan.credit.urls")),
    path("inspections/", include("zhichan.inspections.urls")),
    path("screening/", include("zhichan.screening.urls")),
    path("supervision/", include("zhichan.supervision.urls")),
    path("catalog/", include("zhichan.catalog.urls")),
    path("events/", include("zhichan.events.urls")),
    path("agencies/", include("zhichan.agencies.urls")),
    path("awards/", include("zhichan.awards.urls")),
    path("protection/", include("zhichan.protection.urls")),
    path("navigation/", include("zhichan.navigation.urls")),
    path("api/v1/", include("zhichan.api.urls")),
    path("health/", ops_views.health, name="health"),
    path("portal/", include("zhichan.portal.urls")),
    path("jobs/", include("zhichan.jobs.urls")),
    path("audit/", include("zhichan.audit.urls")),
    path("setup/", include("zhichan.setup.urls")),
    path("notices/", include("zhichan.notices.urls")),
    path("search/", include("zhichan.search.urls")),
    path("help/", help_views.help_index, name="help_index"),
    path("help/img/<str:name>.jpg", help_views.help_image, name="help_image"),
    path("help/<str:slug>/", help_views.help_page, name="help_page"),
    path("admin/", admin.site.urls),
]

admin.site.login_form = account_views.AdminLoginForm  # the same login policy as the login page
admin.site.site_header = "知产 · 系统管理"
admin.site.site_title = "知产"
admin.site.index_title = "数据维护"

# Error pages in Chinese, in the site's frame (JSON under /api/).
handler400 = "zhichan.web.errors.bad_request"
handler403 = "zhichan.web.errors.forbidden"
handler404 = "zhichan.web.errors.not_found"
handler500 = "zhichan.web.errors.server_error"
