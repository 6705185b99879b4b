from django.urls import path

from eiso.accounts import import_views, oidc_views, password_reset, two_factor_views, views

app_name = "accounts"

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("sso/", oidc_views.AuthenticateView.as_view(), name="oidc_login"),
    path("sso/callback/", oidc_views.CallbackView.as_view(), name="oidc_callback"),
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("password/reset/", password_reset.PasswordResetView.as_view(), name="password_reset"),
    path("password/reset/sent/", password_reset.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "password/reset/<uidb64>/<token>/",
        password_reset.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/done/",
        password_reset.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("two-factor/", two_factor_views.two_factor_verify, name="two_factor_verify"),
    path("two-factor/setup/", two_factor_views.two_factor_setup, name="two_factor_setup"),
    path("users/<int:pk>/two-factor/reset/", two_factor_views.two_factor_reset, name="two_factor_reset"),
    path("switch/", views.switch_context, name="switch_context"),
    path("users/", views.user_list, name="user_list"),
    path("users/new/", views.user_create, name="user_create"),
    path("users/unit-options/", views.unit_options, name="unit_options"),
    path("users/<int:pk>/", views.user_detail, name="user_detail"),
    path("users/<int:pk>/edit/", views.user_update, name="user_update"),
    path("users/<int:pk>/lock/", views.user_deactivate, name="user_deactivate"),
    path("users/<int:pk>/password/", views.user_set_password, name="user_set_password"),
    path("users/<int:pk>/roles/", views.membership_grant, name="membership_grant"),
    path("agencies/<int:pk>/import/", import_views.people_import_upload, name="people_import"),
    path(
        "agencies/<int:pk>/import/template/",
        import_views.people_import_template,
        name="people_import_template",
    ),
    path(
        "agencies/<int:pk>/import/confirm/", import_views.people_import_confirm, name="people_import_confirm"
    ),
    path("roles/<int:pk>/revoke/", views.membership_revoke, name="membership_revoke"),
]
