"""Helpers of the process tests: a procedure of the cast's province, a process through the
services, and its publication through the documents workflow (chain: leader only)."""

from decimal import Decimal

from eiso.documents import services as documents
from eiso.procedures import services
from tests.procedures.factories import ProcedureFactory


def procedure(province, amount="3", unit="working_days", code=None):
    extra = {"code": code} if code else {}
    return ProcedureFactory(
        province=province,
        current__processing_time_amount=Decimal(amount),
        current__processing_time_unit=unit,
        **extra,
    )


def leader_only_chain(agency, secretary):
    documents.approval_chain_set(agency=agency, kind="procedure", approvers=["leader"], actor=secretary)


def step_values(name="Tiếp nhận hồ sơ", amount="1", duration_unit="working_days", **extra):
    return {
        "name": name,
        "role": "Công chức một cửa",
        "duration_amount": Decimal(amount),
        "duration_unit": duration_unit,
        **extra,
    }


def new_process(agency, secretary, procedures, code="QT.HT.01", steps=()):
    process = services.process_create(
        agency=agency, code=code, title="Quy trình đăng ký kết hôn", procedures=procedures, actor=secretary
    )
    draft = services.open_version(process)
    for values in steps:
        services.step_add(version=draft, actor=secretary, **values)
    return process


def publish(version, secretary, leader):
    version = services.process_version_submit(version=version, actor=secretary)
    version = documents.version_approve(version=version, actor=leader)
    return documents.version_publish(version=version, actor=secretary)
