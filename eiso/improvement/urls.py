from django.urls import path

from eiso.improvement.views import announcements, audits, calendar, nonconformities, reviews, transition

app_name = "improvement"

# Each workflow has one transition URL, `<plural>/<pk>/<transition>/`, after the object's other
# URLs so that those keep their own names.
urlpatterns = [
    path("", audits.audit_list, name="audit_list"),
    path("programmes/new/", audits.programme_create, name="programme_create"),
    path("programmes/<int:pk>/", audits.programme_detail, name="programme_detail"),
    path("programmes/<int:pk>/audits/new/", audits.audit_create, name="audit_create"),
    path("programmes/<int:pk>/<str:transition>/", audits.programme_transition, name="programme_transition"),
    path("audits/<int:pk>/", audits.audit_detail, name="audit_detail"),
    path("audits/<int:pk>/members/", audits.audit_add_member, name="audit_add_member"),
    path("audits/<int:pk>/lines/", audits.line_add, name="line_add"),
    path("audits/<int:pk>/report.docx", audits.audit_report_docx, name="audit_report_docx"),
    path("audits/<int:pk>/report.pdf", audits.audit_report_pdf, name="audit_report_pdf"),
    path("audits/<int:pk>/<str:transition>/", audits.audit_transition, name="audit_transition"),
    path("lines/<int:pk>/", audits.line_record, name="line_record"),
    path("calendar/", calendar.calendar, name="calendar"),
    path("calendar/schedules/new/", calendar.schedule_create, name="schedule_create"),
    path("calendar/schedules/<int:pk>/complete/", calendar.schedule_complete, name="schedule_complete"),
    path("calendar/feed/", calendar.feed_generate, name="feed_generate"),
    path("calendar/feed/<str:token>.ics", calendar.calendar_feed, name="calendar_feed"),
    path("library/", audits.library_list, name="library_list"),
    path("library/load/", audits.library_load, name="library_load"),
    path("library/new/", audits.question_edit, name="question_create"),
    path("library/<int:pk>/", audits.question_edit, name="question_update"),
    path("nonconformities/", nonconformities.nonconformity_list, name="nonconformity_list"),
    path("nonconformities/export.xlsx", nonconformities.nonconformity_export, name="nonconformity_export"),
    path("nonconformities/new/", nonconformities.nonconformity_create, name="nonconformity_create"),
    path("nonconformities/<int:pk>/", nonconformities.nonconformity_detail, name="nonconformity_detail"),
    path(
        "nonconformities/<int:pk>/actions/",
        nonconformities.nonconformity_add_action,
        name="nonconformity_add_action",
    ),
    path(
        "nonconformities/<int:pk>/actions/<int:action_pk>/complete/",
        nonconformities.action_complete,
        name="nonconformity_action_complete",
    ),
    path(
        "nonconformities/<int:pk>/<str:transition>/",
        nonconformities.nonconformity_transition,
        name="nonconformity_transition",
    ),
    path("proposals/run/", nonconformities.proposal_run, name="proposal_run"),
    path(
        "proposals/<int:pk>/<str:transition>/",
        nonconformities.proposal_transition,
        name="proposal_transition",
    ),
    path("reviews/", reviews.review_list, name="review_list"),
    path("reviews/new/", reviews.review_create, name="review_create"),
    path("reviews/<int:pk>/", reviews.review_detail, name="review_detail"),
    path("reviews/<int:pk>/edit/", reviews.review_update, name="review_update"),
    path("reviews/<int:pk>/outputs/", reviews.review_add_output, name="review_add_output"),
    path("reviews/<int:pk>/minutes.docx", reviews.review_minutes_docx, name="review_minutes_docx"),
    path("reviews/<int:pk>/minutes.pdf", reviews.review_minutes_pdf, name="review_minutes_pdf"),
    path("reviews/<int:pk>/<str:transition>/", reviews.review_transition, name="review_transition"),
    path("announcements/", announcements.announcement_list, name="announcement_list"),
    path("announcements/prepare/", announcements.announcement_prepare, name="announcement_prepare"),
    path("announcements/<int:pk>/", announcements.announcement_detail, name="announcement_detail"),
    path(
        "announcements/<int:pk>/decision.docx",
        announcements.announcement_decision_docx,
        name="announcement_decision_docx",
    ),
    path(
        "announcements/<int:pk>/decision.pdf",
        announcements.announcement_decision_pdf,
        name="announcement_decision_pdf",
    ),
    path(
        "announcements/<int:pk>/<str:transition>/",
        announcements.announcement_transition,
        name="announcement_transition",
    ),
    path("agencies/<int:pk>/transition/", transition.transition_gap, name="transition_gap"),
    path("agencies/<int:pk>/transition/start/", transition.transition_start, name="transition_start"),
    path("transitions/<int:pk>/plan/", transition.transition_plan, name="transition_plan"),
    path("transitions/<int:pk>/complete/", transition.transition_complete, name="transition_complete"),
    path("lifecycle/", announcements.lifecycle_update, name="lifecycle_update"),
    path("lifecycle/confirm/", announcements.lifecycle_confirm, name="lifecycle_confirm"),
    path("lifecycle/check-scope/", announcements.lifecycle_check_scope, name="lifecycle_check_scope"),
]
