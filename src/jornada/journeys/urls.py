from django.urls import path

from jornada.journeys import views

app_name = "journeys"

urlpatterns = [
    path("", views.journey_list, name="list"),
    path("<int:journey_id>/enabled/", views.journey_toggle, name="toggle"),
]
