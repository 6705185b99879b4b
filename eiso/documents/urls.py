from django.urls import path

from eiso.documents.views import chains, documents, exports, imports, legal, versions

app_name = "documents"

urlpatterns = [
    path("", documents.document_list, name="document_list"),
    path("new/", documents.document_create, name="document_create"),
    path("review/", documents.review_list, name="review_list"),
    path("import/", imports.folder_import_upload, name="folder_import_upload"),
    path("import/review/", imports.folder_import_review, name="folder_import_review"),
    path("import/progress/", imports.folder_import_progress, name="folder_import_progress"),
    path("approval-chains/", chains.approval_chain_list, name="approval_chain_list"),
    path("export.xlsx", exports.document_register_xlsx, name="document_export_xlsx"),
    path("export.docx", exports.document_register_docx, name="document_export_docx"),
    path("documents/<int:pk>/", documents.document_detail, name="document_detail"),
    path("documents/<int:pk>/edit/", documents.document_update, name="document_update"),
    path("documents/<int:pk>/draft/", documents.version_create, name="version_create"),
    path("documents/<int:pk>/review/", documents.document_review, name="document_review"),
    path("documents/<int:pk>/compare/", documents.version_compare, name="version_compare"),
    path("documents/<int:pk>/<str:transition>/", documents.document_transition, name="document_transition"),
    path("versions/<int:pk>/", versions.version_detail, name="version_detail"),
    path("versions/<int:pk>/edit/", versions.version_update, name="version_update"),
    path("versions/<int:pk>/acknowledge/", versions.version_acknowledge, name="version_acknowledge"),
    path("versions/<int:pk>/readers/", versions.version_readers, name="version_readers"),
    path("versions/<int:pk>/file/", versions.version_file, name="version_file"),
    path("versions/<int:pk>/<str:transition>/", versions.version_transition, name="version_transition"),
    path("legal/", legal.legal_list, name="legal_list"),
    path("legal/new/", legal.legal_create, name="legal_create"),
    path("legal/<int:pk>/", legal.legal_detail, name="legal_detail"),
    path("legal/<int:pk>/edit/", legal.legal_update, name="legal_update"),
    path(
        "legal/<int:pk>/<str:transition>/", legal.legal_document_transition, name="legal_document_transition"
    ),
    path("legal/tasks/", legal.legal_task_list, name="legal_task_list"),
    path("legal/tasks/<int:pk>/", legal.legal_task_detail, name="legal_task_detail"),
    path(
        "legal/tasks/<int:pk>/<str:transition>/",
        legal.legal_change_task_transition,
        name="legal_change_task_transition",
    ),
]
