from django.urls import path

from . import views_answer

app_name = "surveys"

urlpatterns = [
    path("mine/", views_answer.my_surveys, name="mine"),
    path("t/<str:token>/", views_answer.answer_start, name="answer_start"),
    path("t/<str:token>/<int:step>/", views_answer.answer_section, name="answer_section"),
    path("thanks/", views_answer.answer_thanks, name="answer_thanks"),
    path("o/<str:token>/", views_answer.open_link, name="open_link"),
]
