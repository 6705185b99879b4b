"""The province's periodic reports and their files; `issue` is the transition of their workflow."""

from django.http import FileResponse, Http404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.mixins import ListModelMixin, RetrieveModelMixin

from eiso.core.serializers import ModelSerializer
from eiso.core.viewsets import AgencyScopedViewSet
from eiso.core.workflow_api import transition_actions
from eiso.oversight import services
from eiso.oversight.models import Report


class ReportSerializer(ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = Report
        fields = [
            "id",
            "kind",
            "kind_label",
            "year",
            "half",
            "number",
            "status",
            "generation",
            "issued_on",
            "figures",
        ]


class ReportViewSet(
    transition_actions(services.REPORT, ReportSerializer),
    ListModelMixin,
    RetrieveModelMixin,
    AgencyScopedViewSet,
):
    """Reports of the user's province; `issue` issues a report whose files are generated;
    `download/docx` and `download/pdf` give the files."""

    queryset = Report.objects.all()
    serializer_class = ReportSerializer

    @extend_schema(responses={(200, "application/octet-stream"): bytes})
    @action(detail=True, methods=["get"], url_path=r"download/(?P<fmt>docx|pdf)")
    def download(self, request, pk=None, fmt="docx"):
        report = self.get_object()
        file = report.docx_file if fmt == "docx" else report.pdf_file
        if not file:
            raise Http404
        return FileResponse(file.open("rb"), as_attachment=True, filename=report.download_name(fmt))
