from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from jornada.api.api import api
from jornada.core import views as core_views
from jornada.shipping import views as shipping_views

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
    path("n/", include("jornada.notifications.urls")),
    path("journeys/", include("jornada.journeys.urls")),
    path("anymail/", include("anymail.urls")),
    path("rastreio/<str:code>", shipping_views.tracking_page, name="shipping-tracking"),
    path("backoffice/", include("jornada.backoffice.urls")),
    path("", include("jornada.storefront.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", RedirectView.as_view(pattern_name="backoffice:home", permanent=False)),
]
