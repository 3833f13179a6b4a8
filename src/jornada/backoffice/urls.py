from django.urls import path

from jornada.backoffice.views import (
    auth,
    common,
    log,
    marketing,
    orders,
    settings,
    shipping,
    stock,
)

app_name = "backoffice"

urlpatterns = [
    path("", common.home, name="home"),
    path("login/", auth.LoginView.as_view(), name="login"),
    path("logout/", auth.LogoutView.as_view(), name="logout"),
    path("password-reset/", auth.PasswordResetView.as_view(), name="password_reset"),
    path("password-reset/sent/", auth.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "password-reset/<uidb64>/<token>/",
        auth.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password-reset/done/",
        auth.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("orders/", orders.order_board, name="order_board"),
    path("orders/counts/", orders.order_counts, name="order_counts"),
    path("orders/<str:number>/", orders.order_detail, name="order_detail"),
    path("orders/<str:number>/note/", orders.order_note, name="order_note"),
    path("orders/<str:number>/cancel/", orders.order_cancel, name="order_cancel"),
    path("orders/<str:number>/approve/", orders.order_approve, name="order_approve"),
    path("orders/<str:number>/reject/", orders.order_reject, name="order_reject"),
    path("orders/<str:number>/refund/", orders.order_refund, name="order_refund"),
    path(
        "orders/<str:number>/messages/<int:message_id>/resend/",
        orders.order_message_resend,
        name="order_message_resend",
    ),
    path("documents/<int:document_id>/", orders.document_download, name="document_download"),
    path("shipping/", shipping.shipping_today, name="shipping_today"),
    path("stock/", stock.stock_page, name="stock"),
    path("stock/adjust/", stock.stock_adjust, name="stock_adjust"),
    path("messages/", marketing.messages_page, name="messages"),
    path("journeys/", marketing.journeys_page, name="journeys"),
    path("settings/store/", settings.store_settings, name="store_settings"),
    path("settings/store/logo.png", settings.store_logo, name="store_logo"),
    path("settings/staff/", settings.staff_list, name="staff_list"),
    path("settings/staff/add/", settings.staff_add, name="staff_add"),
    path("settings/staff/<int:member_id>/roles/", settings.staff_roles, name="staff_roles"),
    path("log/", log.action_log, name="action_log"),
]
