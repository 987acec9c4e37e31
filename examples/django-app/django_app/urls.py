from django.contrib import admin
from django.urls import path

from notes import views

urlpatterns = [
    path("", views.index),
    path("status.json", views.status_json),
    path("admin/", admin.site.urls),
]
