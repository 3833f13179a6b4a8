from django.urls import path

from jornada.api.api import api
from jornada.api.tests.testapi import test_api

urlpatterns = [
    path("api/v1/", api.urls),
    path("test-api/", test_api.urls),
]
