"""Demo processes and templates (order 50, after the catalogue): everything through the services.

The story: the first demo commune is the province's pilot. It writes and publishes processes
for nine commune-level procedures (one of them inter-agency: first land registration, where
the land registration office of Sở Nông nghiệp và Môi trường owes a step), and the
coordinator publishes them as templates for every commune. Most communes adopt three of them;
some shorten their times; a few adopted early and stay behind the newer version the province
published later (one dismissed it with a reason); some are still drafting; six have nothing.

Each adopting commune gets two demo users, a secretary (`xa01.thuky`) and a chairman
(`xa01.chutich`), with the demo password, and a one-step approval chain (the chairman) for
processes, so that each version really goes through submit → approve → publish.
"""

from datetime import date
from decimal import Decimal

from django.contrib.auth.hashers import make_password

from eiso.accounts.demo import DEMO_PASSWORD
from eiso.accounts.models import Membership, User
from eiso.core.roles import Role
from eiso.documents import services as documents
from eiso.documents.models import Document
from eiso.orgs.demo import demo_agency, demo_communes, demo_province
from eiso.orgs.models import Agency, Unit
from eiso.procedures import selectors, services
from eiso.procedures.models import Procedure, Process, Template, WebhookEndpoint

ONE_STOP, OFFICE, ECONOMY, SOCIAL = (
    "Bộ phận Một cửa",
    "Văn phòng HĐND và UBND",
    "Phòng Kinh tế",
    "Phòng Văn hóa - Xã hội",
)
LAND_OFFICE_AGENCY = "000.00.04.H42"  # Sở Nông nghiệp và Môi trường (orgs demo)
# A reserved example domain: deliveries stay pending, then fail, as the webhook page shows.
DEMO_WEBHOOK_URL = "https://motcua.example.vn/eiso/webhook"

# (code, name, TTHC code, handling unit)
TEMPLATES = [
    ("QT.HT.01", "Quy trình đăng ký khai sinh", "1.001193", OFFICE),
    ("QT.HT.02", "Quy trình đăng ký kết hôn", "1.000894", OFFICE),
    ("QT.HT.03", "Quy trình đăng ký khai tử", "1.000656", OFFICE),
    ("QT.HT.04", "Quy trình cấp Giấy xác nhận tình trạng hôn nhân", "1.004873", OFFICE),
    ("QT.CT.01", "Quy trình chứng thực bản sao từ bản chính", "2.000815", OFFICE),
    ("QT.CT.02", "Quy trình chứng thực chữ ký", "2.000884", OFFICE),
    ("QT.KT.01", "Quy trình đăng ký thành lập hộ kinh doanh", "1.001612", ECONOMY),
    ("QT.XD.01", "Quy trình cấp giấy phép xây dựng nhà ở riêng lẻ", "1.009994", ECONOMY),
    ("QT.DD.01", "Quy trình đăng ký đất đai, cấp Giấy chứng nhận lần đầu", "1.012791", ECONOMY),
]
ADOPTED = ["QT.HT.01", "QT.HT.02", "QT.HT.03", "QT.CT.01", "QT.CT.02"]  # what most communes adopt
LAND_ADOPTERS = range(10, 15)  # communes 10–14 also adopt the inter-agency land process
UPDATED = ["QT.HT.01", "QT.HT.02"]  # templates the province publishes a version 2 of
EARLY = range(2, 5)  # communes 2–4 adopt version 1 and stay behind
ADAPTING = range(5, 10)  # communes 5–9 shorten the appraisal step
DRAFTING = range(20, 25)  # communes 20–24 adopted but have not published yet
LAST_ADOPTER = 24  # communes 25–30 have nothing


def _hours(amount: str) -> tuple[Decimal, str]:
    return Decimal(amount), "working_hours"


def _days(amount: str) -> tuple[Decimal, str]:
    return Decimal(amount), "working_days"


def _step(
    name, unit, role, duration, *, forms="", outputs="", records="", location="", years=None, other=None
):
    amount, time_unit = duration
    return {
        "name": name,
        "unit": None if other else unit,
        "other_agency": other,
        "role": role,
        "duration_amount": amount,
        "duration_unit": time_unit,
        "forms": forms,
        "outputs": outputs,
        "records": records,
        "record_location": location,
        "record_retention_years": years,
    }


def standard_steps(units: dict, handling: str, short: bool) -> list[dict]:
    """Receive, appraise, sign, return: hours for same-day procedures, days for longer ones."""
    one_stop, handler, office = units[ONE_STOP], units[handling], units[OFFICE]
    receive, appraise, sign, give = (
        (_hours("1"), _hours("3"), _hours("2"), _hours("1"))
        if short
        else (_days("0.5"), _days("1.5"), _days("0.5"), _days("0.5"))
    )
    return [
        _step(
            "Tiếp nhận, kiểm tra, số hóa hồ sơ",
            one_stop,
            "Công chức tiếp nhận hồ sơ",
            receive,
            forms="Mẫu 01, 02, 03 (TT 01/2018/TT-VPCP)",
            outputs="Giấy tiếp nhận hồ sơ và hẹn trả kết quả",
            records="Giấy tiếp nhận, sổ theo dõi hồ sơ",
            location=ONE_STOP,
            years=5,
        ),
        _step(
            "Thẩm định hồ sơ, dự thảo kết quả",
            handler,
            "Công chức chuyên môn",
            appraise,
            forms="Mẫu 05 Phiếu kiểm soát quá trình giải quyết",
            outputs="Dự thảo kết quả, tờ trình",
            records="Hồ sơ giải quyết TTHC",
            location=handling,
            years=5,
        ),
        _step(
            "Ký duyệt kết quả", office, "Chủ tịch hoặc Phó Chủ tịch UBND xã", sign, outputs="Kết quả đã ký"
        ),
        _step(
            "Trả kết quả, thu phí, lệ phí (nếu có)",
            one_stop,
            "Công chức tiếp nhận hồ sơ",
            give,
            forms="Mẫu 01",
            outputs="Kết quả giải quyết TTHC",
            records="Sổ theo dõi hồ sơ",
            location=ONE_STOP,
            years=5,
        ),
    ]


def land_steps(units: dict, land_office: Agency) -> list[dict]:
    return [
        _step(
            "Tiếp nhận, kiểm tra hồ sơ",
            units[ONE_STOP],
            "Công chức tiếp nhận hồ sơ",
            _days("0.5"),
            forms="Mẫu 01, 02",
        ),
        _step(
            "Kiểm tra hiện trạng, xác nhận nguồn gốc đất, niêm yết công khai",
            units[ECONOMY],
            "Công chức địa chính",
            _days("5"),
            outputs="Biên bản kiểm tra, thông báo niêm yết",
            records="Hồ sơ kiểm tra hiện trạng",
            location=ECONOMY,
            years=10,
        ),
        _step(
            "Trích đo, cập nhật cơ sở dữ liệu đất đai, chuyển thông tin xác định nghĩa vụ tài chính",
            None,
            "Văn phòng đăng ký đất đai",
            _days("8"),
            outputs="Hồ sơ địa chính, dự thảo Giấy chứng nhận",
            other=land_office,
        ),
        _step("Ký Giấy chứng nhận", units[OFFICE], "Chủ tịch UBND xã", _days("3"), outputs="Giấy chứng nhận"),
        _step(
            "Trả kết quả",
            units[ONE_STOP],
            "Công chức tiếp nhận hồ sơ",
            _days("0.5"),
            records="Sổ theo dõi",
            years=5,
        ),
    ]


def _people(commune: Agency, index: int, password: str) -> tuple[User, User]:
    """The commune's demo secretary and chairman; a one-step approval chain for processes."""
    users = []
    for suffix, full_name, role in (
        ("thuky", "Thư ký ISO", Role.SECRETARY),
        ("chutich", "Chủ tịch UBND", Role.LEADER),
    ):
        user, created = User.objects.get_or_create(
            username=f"xa{index:02d}.{suffix}",
            defaults={"full_name": f"{full_name} {commune.short_name}", "password": password},
        )
        Membership.objects.get_or_create(user=user, agency=commune, role=role)
        users.append(user)
    secretary, leader = users
    secretary.forget_permissions_cache()
    documents.approval_chain_set(
        agency=commune, kind=Document.Kind.PROCEDURE, approvers=["leader"], actor=secretary
    )
    return secretary, leader


def _publish(process: Process, secretary: User, leader: User, effective_on: date | None = None) -> None:
    version = services.open_version(process)
    version = services.process_version_submit(version=version, actor=secretary)
    version = documents.version_approve(version=version, actor=leader, comment="Đồng ý ban hành.")
    documents.version_publish(version=version, actor=secretary, effective_on=effective_on)


def _pilot(commune, people, procedures, land_office) -> dict[str, Process]:
    units = {unit.name: unit for unit in Unit.objects.filter(agency=commune)}
    processes = {}
    for code, name, tthc, handling in TEMPLATES:
        existing = Process.objects.filter(agency=commune, document__code=code).first()
        if existing is not None:
            processes[code] = existing
            continue
        procedure = procedures[tthc]
        short = procedure.current_version.processing_time_amount <= 1
        steps = (
            land_steps(units, land_office) if code == "QT.DD.01" else standard_steps(units, handling, short)
        )
        process = services.process_create(
            agency=commune, code=code, title=name, procedures=[procedure], actor=people[0]
        )
        draft = services.open_version(process)
        for values in steps:
            services.step_add(version=draft, actor=people[0], **values)
        _publish(process, *people)
        processes[code] = process
    return processes


def _adopt(template: Template, commune: Agency, people, *, adapt: bool, publish: bool) -> Process:
    process = Process.objects.filter(agency=commune, template_version__template=template).first()
    if process is not None:
        return process
    process = services.template_adopt(template=template, agency=commune, actor=people[0])
    if adapt:
        draft = services.open_version(process)
        step = draft.process_steps.get(order=2)
        values = {name: getattr(step, name) for name in services.processes.STEP_FIELDS}
        values["duration_amount"] = step.duration_amount - (
            1 if step.duration_unit == "working_hours" else Decimal("0.5")
        )
        values["role"] = "Công chức Tư pháp - Hộ tịch"
        services.step_update(step=step, actor=people[0], **values)
    if publish:
        _publish(process, *people)
    return process


def _template_v2(template: Template, pilot_process: Process, people, coordinator) -> None:
    if template.current_version.number >= 2:
        return
    draft = services.process_new_draft(
        process=pilot_process, actor=people[0], change_summary="Bổ sung sổ theo dõi"
    )
    first = draft.process_steps.get(order=1)
    values = {name: getattr(first, name) for name in services.processes.STEP_FIELDS}
    values["forms"] = "Mẫu 01, 02, 03, 06 (TT 01/2018/TT-VPCP); Sổ theo dõi hồ sơ"
    services.step_update(step=first, actor=people[0], **values)
    _publish(pilot_process, *people)
    services.template_version_publish(
        template=template,
        actor=coordinator,
        change_summary="Bổ sung Mẫu 06 và sổ theo dõi hồ sơ ở bước tiếp nhận.",
    )


# The demo users' department (Sở Tư pháp): its own processes, so that its dossiers have steps.
DEPARTMENT_PROCESSES = [
    ("QT.LLTP.01", "Quy trình cấp Phiếu lý lịch tư pháp", "2.000488", "Phòng Hành chính tư pháp"),
    ("QT.CC.01", "Quy trình cấp Thẻ công chứng viên", "1.001071", "Phòng Bổ trợ tư pháp"),
]
DEPARTMENT_ONE_STOP, DEPARTMENT_OFFICE = "Văn phòng Sở", "Văn phòng Sở"
DEPARTMENT_APPLIED_ON = date(2025, 9, 1)


def department_steps(units: dict, handling: str) -> list[dict]:
    one_stop, handler, office = units[DEPARTMENT_ONE_STOP], units[handling], units[DEPARTMENT_OFFICE]
    return [
        _step(
            "Tiếp nhận, kiểm tra, số hóa hồ sơ",
            one_stop,
            "Công chức một cửa",
            _days("0.5"),
            forms="Mẫu 01, 02 (TT 03/2025/TT-VPCP)",
            outputs="Giấy tiếp nhận hồ sơ và hẹn trả kết quả",
            records="Giấy tiếp nhận, sổ theo dõi hồ sơ",
            location=DEPARTMENT_ONE_STOP,
            years=5,
        ),
        _step(
            "Thẩm định hồ sơ, xác minh thông tin",
            handler,
            "Chuyên viên phòng chuyên môn",
            _days("5"),
            forms="Mẫu 06 Phiếu kiểm soát quá trình giải quyết",
            outputs="Kết quả thẩm định, dự thảo kết quả",
            records="Hồ sơ giải quyết TTHC",
            location=handling,
            years=5,
        ),
        _step("Trưởng phòng xem xét, trình ký", handler, "Trưởng phòng", _days("1.5"), outputs="Tờ trình"),
        _step(
            "Lãnh đạo Sở ký duyệt",
            office,
            "Giám đốc hoặc Phó Giám đốc Sở",
            _days("2"),
            outputs="Kết quả đã ký",
        ),
        _step(
            "Trả kết quả",
            one_stop,
            "Công chức một cửa",
            _days("1"),
            forms="Mẫu 01, 07",
            outputs="Kết quả giải quyết TTHC",
            records="Sổ theo dõi hồ sơ",
            location=DEPARTMENT_ONE_STOP,
            years=5,
        ),
    ]


def _department(procedures: dict) -> int:
    """Published processes of the demo department for its own procedures; idempotent."""
    agency = demo_agency()
    secretary = User.objects.filter(username="secretary").first()
    leader = User.objects.filter(username="leader").first()
    if agency is None or secretary is None or leader is None:
        return 0
    units = {unit.name: unit for unit in Unit.objects.filter(agency=agency)}
    documents.approval_chain_set(
        agency=agency, kind=Document.Kind.PROCEDURE, approvers=["leader"], actor=secretary
    )
    created = 0
    for code, name, tthc, handling in DEPARTMENT_PROCESSES:
        if tthc not in procedures or Process.objects.filter(agency=agency, document__code=code).exists():
            continue
        process = services.process_create(
            agency=agency, code=code, title=name, procedures=[procedures[tthc]], actor=secretary
        )
        draft = services.open_version(process)
        for values in department_steps(units, handling):
            services.step_add(version=draft, actor=secretary, **values)
        # In force with the department's other procedures (documents' demo), before the dossiers of
        # the last twelve months and last year's internal audit and announcement (improvement's demo).
        _publish(process, secretary, leader, effective_on=DEPARTMENT_APPLIED_ON)
        created += 1
    return created


def load(say) -> None:
    province, communes = demo_province(), demo_communes()
    coordinator = User.objects.filter(username="coordinator").first()
    land_office = Agency.objects.filter(identifier_code=LAND_OFFICE_AGENCY).first()
    procedures = {
        p.code: p for p in Procedure.objects.filter(province=province).select_related("current_version")
    }
    if province is None or len(communes) < LAST_ADOPTER or coordinator is None or land_office is None:
        say("  Chưa có tỉnh, xã, người dùng mẫu: bỏ qua quy trình mẫu.")
        return
    if any(tthc not in procedures for _, _, tthc, _ in TEMPLATES):
        say("  Chưa có danh mục thủ tục mẫu: bỏ qua quy trình mẫu.")
        return
    password = make_password(DEMO_PASSWORD)
    pilot_people = _people(communes[0], 1, password)
    pilot = _pilot(communes[0], pilot_people, procedures, land_office)
    templates = {}
    for code, _, _, _ in TEMPLATES:
        template = Template.objects.filter(province=province, code=code).first()
        templates[code] = template or services.template_publish(
            process=pilot[code], agency_kind=Agency.Kind.COMMUNE, actor=coordinator
        )
    for index in EARLY:
        people = _people(communes[index - 1], index, password)
        for code in ADOPTED:
            _adopt(templates[code], communes[index - 1], people, adapt=False, publish=True)
    for code in UPDATED:
        _template_v2(templates[code], pilot[code], pilot_people, coordinator)
    early_process = Process.objects.get(
        agency=communes[EARLY[-1] - 1], template_version__template=templates["QT.HT.01"]
    )
    if selectors.pending_update(early_process) is not None:
        services.template_update_dismiss(
            process=early_process,
            reason="Xã chưa có sổ theo dõi điện tử; sẽ áp dụng khi được cấp phần mềm.",
            actor=_people(communes[EARLY[-1] - 1], EARLY[-1], password)[0],
        )
    for index in range(EARLY[-1] + 1, LAST_ADOPTER + 1):
        people = _people(communes[index - 1], index, password)
        for code in ADOPTED:
            _adopt(
                templates[code],
                communes[index - 1],
                people,
                adapt=index in ADAPTING,
                publish=index not in DRAFTING,
            )
        if index in LAND_ADOPTERS:
            _adopt(templates["QT.DD.01"], communes[index - 1], people, adapt=False, publish=True)
    if not WebhookEndpoint.objects.filter(agency=communes[0]).exists():
        services.webhook_endpoint_create(
            agency=communes[0],
            url=DEMO_WEBHOOK_URL,
            description="Hệ thống thông tin giải quyết TTHC tỉnh (môi trường thử nghiệm)",
            actor=pilot_people[0],
        )
    _department(procedures)
    # Every agency's competence list, from the catalogue and the processes above (idempotent: a
    # procedure already listed, or taken off by hand, is left as it is).
    seeded = sum(
        len(services.competence_seed(agency=agency, actor=None))
        for agency in Agency.objects.filter(province=province).active().select_related("province")
    )
    if seeded:
        say(f"  Danh mục TTHC thuộc thẩm quyền: bổ sung {seeded} thủ tục cho các cơ quan.")
    total = Process.objects.filter(agency__province=province).count()
    pilot_name = communes[0].short_name
    say(f"  Quy trình ISO: {total} quy trình, {len(templates)} quy trình mẫu; xã điểm {pilot_name}.")
