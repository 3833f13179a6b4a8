from django.urls import path

from jornada.storefront import views

app_name = "storefront"

urlpatterns = [
    path("pedido/<str:number>", views.order_page, name="order"),
    path(
        "pedido/<str:number>/documentos/<int:document_id>",
        views.order_document,
        name="order_document",
    ),
]
