"""The roles a membership grants, and the named sets of them the apps check.

Roles live in core, not in `accounts`, because every layer checks them (core's own pages, orgs,
and every app above) and core must not import `accounts`. A set is named once here for who
its people are in the agency; an app that needs "the ISO secretary and the leader" imports
`QMS_MANAGERS` instead of writing its own tuple, so the rule changes in one place.
"""

from django.db import models


class Role(models.TextChoices):
    SECRETARY = "secretary", "Thư ký ISO"
    LEADER = "leader", "Lãnh đạo cơ quan"
    STAFF = "staff", "Cán bộ, công chức"
    ONE_STOP_OFFICER = "one_stop_officer", "Cán bộ một cửa"
    AUDITOR = "auditor", "Đánh giá viên nội bộ"
    COORDINATOR = "coordinator", "Sở KH&CN (điều phối ISO)"
    STEERING_MEMBER = "steering_member", "Thành viên Ban chỉ đạo ISO"
    ADMIN = "admin", "Quản trị hệ thống"


# Everyone a membership places inside one agency: cán bộ, công chức of the cơ quan, whatever their task.
AGENCY_MEMBERS = (Role.SECRETARY, Role.LEADER, Role.STAFF, Role.ONE_STOP_OFFICER, Role.AUDITOR)

# The province's people: Sở KH&CN (điều phối ISO), Ban chỉ đạo ISO của tỉnh, quản trị hệ thống.
PROVINCE_MEMBERS = (Role.COORDINATOR, Role.STEERING_MEMBER, Role.ADMIN)

# Who keeps the agency's QMS and answers for it (create, adopt, publish, report): thư ký ISO, lãnh đạo.
QMS_MANAGERS = (Role.SECRETARY, Role.LEADER)

# QMS managers and đánh giá viên nội bộ: run internal audits, record nonconformities, export registers.
QMS_MANAGERS_AND_AUDITORS = (Role.SECRETARY, Role.LEADER, Role.AUDITOR)

# Who writes drafts of documents and processes: thư ký ISO, lãnh đạo and cán bộ chuyên môn.
DRAFTERS = (Role.SECRETARY, Role.LEADER, Role.STAFF)

# Who connects the agency to outside systems (webhooks, integrations): thư ký ISO, quản trị hệ thống.
INTEGRATORS = (Role.SECRETARY, Role.ADMIN)

# The bộ phận một cửa: receives dossiers and returns results (cán bộ một cửa), or its leader.
COUNTER = (Role.ONE_STOP_OFFICER, Role.LEADER)

# Who may be handed a step of a dossier: cán bộ thụ lý, lãnh đạo, cán bộ một cửa, thư ký ISO.
HANDLERS = (Role.STAFF, Role.LEADER, Role.ONE_STOP_OFFICER, Role.SECRETARY)

# Who may feed dossier events from the one-stop system (hệ thống một cửa điện tử) into eISO.
INGESTERS = (Role.ONE_STOP_OFFICER, Role.SECRETARY, Role.LEADER, Role.ADMIN)

# Who keeps the province's shared libraries (checklist questions): Sở KH&CN and quản trị hệ thống.
PROVINCE_LIBRARIANS = (Role.COORDINATOR, Role.ADMIN)

# Who reads the whole province's QMS figures: Sở KH&CN and the Ban chỉ đạo ISO.
PROVINCE_OVERSEERS = (Role.COORDINATOR, Role.STEERING_MEMBER)

# Who reads an audit trail: thư ký ISO and lãnh đạo of an agency, and the province's people.
AUDIT_TRAIL_READERS = (*QMS_MANAGERS, *PROVINCE_MEMBERS)
