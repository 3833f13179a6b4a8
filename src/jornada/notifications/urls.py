from django.urls import path

from jornada.notifications import views

app_name = "notifications"

urlpatterns = [
    path("outbox/", views.outbox, name="outbox"),
    path("outbox/<int:message_id>/", views.message_detail, name="message"),
    path("outbox/<int:message_id>/retry/", views.message_retry_view, name="message-retry"),
    path("calls/", views.calls, name="calls"),
    path("calls/<int:message_id>/close/", views.call_close, name="call-close"),
    path("templates/<int:template_id>/preview/", views.template_preview, name="template-preview"),
    path("webhooks/", views.webhook_log, name="webhook-log"),
    path("logo.png", views.store_logo, name="store-logo"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
