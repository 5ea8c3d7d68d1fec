from django.urls import path

from danvan import access
from units.scoping import Action

from . import views

app_name = "support"

review = access.requires(Action.REVIEW)
edit = access.requires(Action.EDIT)
manage = access.requires(Action.MANAGE)
auth = access.authenticated

urlpatterns = [
    path("", auth(views.home), name="home"),
    # visits and follow-up actions
    path("visits/", auth(views.visit_list), name="visits"),
    path("visits/new/", review(views.visit_plan), name="visit_plan"),
    path("visits/<int:pk>/", auth(views.visit_detail), name="visit"),
    path("visits/<int:pk>/record/", review(views.visit_record), name="visit_record"),
    path(
        "visits/<int:pk>/cancel/",
        review(views.VisitStepView.as_view()),
        {"name": "cancel"},
        name="visit_cancel",
    ),
    path("visits/<int:pk>/follow-ups/new/", review(views.follow_up_add), name="follow_up_add"),
    path("visits/<int:pk>/minutes/", auth(views.visit_minutes), name="visit_minutes"),
    path("follow-ups/<int:pk>/", auth(views.follow_up_detail), name="follow_up"),
    path("follow-ups/<int:pk>/answer/", edit(views.follow_up_answer), name="follow_up_answer"),
    path(
        "follow-ups/<int:pk>/step/<slug:step>/",
        review(views.FollowUpStepView.as_view()),
        name="follow_up_step",
    ),
    path(
        "follow-ups/<int:pk>/evidence/",
        auth(views.follow_up_evidence),
        name="follow_up_evidence",
    ),
    path("board/", review(views.board), name="board"),
    # questions to the standing office
    path("questions/", auth(views.question_list), name="questions"),
    path("questions/new/", edit(views.question_ask), name="question_ask"),
    path("questions/board/", manage(views.question_board), name="question_board"),
    path("questions/<int:pk>/", auth(views.question_detail), name="question"),
    path(
        "questions/<int:pk>/step/<slug:step>/",
        auth(views.QuestionStepView.as_view()),
        name="question_step",
    ),
    path("questions/<int:pk>/publish/", manage(views.question_publish), name="question_publish"),
    path("messages/<int:pk>/file/", auth(views.question_file), name="question_file"),
    # the published Q&A, readable by every logged-in person
    path("qa/", auth(views.qa_list), name="qa"),
    path("qa/<int:pk>/", auth(views.qa_detail), name="qa_detail"),
]
