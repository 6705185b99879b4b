"""The flowchart of a process as inline SVG, drawn on the server (no script, no CDN).

Swimlanes are columns, one per responsible unit or agency in order of first appearance;
steps go down one row each, so a long process stays readable on an A4 page in portrait.
An arrow joins each step to the next, bending when the work passes to another lane.
"""

import textwrap
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

LANE_WIDTH = 210
BOX_WIDTH = 180
BOX_HEIGHT = 64
ROW_HEIGHT = 96
HEADER_HEIGHT = 48
MARGIN = 12
LINE_CHARS = 28
MAX_LINES = 3


@dataclass(frozen=True)
class Box:
    """What the chart needs of one step."""

    label: str  # "B1"
    name: str
    lane: str  # the unit, the other agency, or the role when no unit is set
    duration: str  # "0,5 ngày làm việc"; empty when the step has no time of its own
    is_inter_agency: bool = False


def _lines(text: str) -> list[str]:
    lines = textwrap.wrap(text, LINE_CHARS) or [""]
    if len(lines) > MAX_LINES:
        lines = lines[:MAX_LINES]
        lines[-1] = lines[-1][: LINE_CHARS - 1] + "…"
    return lines


def _lanes(boxes: list[Box]) -> list[str]:
    lanes: list[str] = []
    for box in boxes:
        if box.lane not in lanes:
            lanes.append(box.lane)
    return lanes


# The look of each part, as SVG presentation attributes rather than a <style> element or style
# attributes: the page's Content-Security-Policy refuses inline styles, not presentation attributes,
# and the chart stays self-contained wherever it is shown.
LANE = 'fill="#fff" stroke="#adb5bd"'
LANE_HEAD = 'fill="#e9ecef" stroke="#adb5bd"'
LANE_TITLE = 'font-family="sans-serif" font-size="12" font-weight="600" text-anchor="middle" fill="#212529"'
STEP = 'fill="#e7f1ff" stroke="#0d6efd" stroke-width="1.5"'
INTER_AGENCY_STEP = 'fill="#fff3cd" stroke="#b58105" stroke-width="1.5" stroke-dasharray="5 3"'
STEP_LABEL = 'font-family="sans-serif" font-size="11" font-weight="700" fill="#0a58ca"'
STEP_NAME = 'font-family="sans-serif" font-size="12" fill="#212529"'
TIME = 'font-family="sans-serif" font-size="11" font-style="italic" text-anchor="end" fill="#495057"'
FLOW = 'fill="none" stroke="#495057" stroke-width="1.4"'


def _lane_header(index: int, lane: str, height: int) -> str:
    x = MARGIN + index * LANE_WIDTH
    title = "".join(
        f'<tspan x="{x + LANE_WIDTH / 2}" dy="{0 if n == 0 else 14}">{escape(line)}</tspan>'
        for n, line in enumerate(_lines(lane)[:2])
    )
    return (
        f'<rect x="{x}" y="{MARGIN}" width="{LANE_WIDTH}" height="{height}" class="lane" {LANE} />'
        f'<rect x="{x}" y="{MARGIN}" width="{LANE_WIDTH}" height="{HEADER_HEIGHT}" class="lane-head" '
        f"{LANE_HEAD} />"
        f'<text x="{x + LANE_WIDTH / 2}" y="{MARGIN + 20}" class="lane-title" {LANE_TITLE}>{title}</text>'
    )


def _box(row: int, column: int, box: Box) -> str:
    x = MARGIN + column * LANE_WIDTH + (LANE_WIDTH - BOX_WIDTH) / 2
    y = MARGIN + HEADER_HEIGHT + 16 + row * ROW_HEIGHT
    css = "step inter-agency" if box.is_inter_agency else "step"
    look = INTER_AGENCY_STEP if box.is_inter_agency else STEP
    name = "".join(
        f'<tspan x="{x + 8}" dy="{0 if n == 0 else 13}">{escape(line)}</tspan>'
        for n, line in enumerate(_lines(box.name))
    )
    duration = (
        f'<text x="{x + BOX_WIDTH - 6}" y="{y + BOX_HEIGHT + 13}" class="time" {TIME}>'
        f"{escape(box.duration)}</text>"
    )
    return (
        f'<g class="{css}"><title>{escape(box.label)}. {escape(box.name)} — {escape(box.lane)}</title>'
        f'<rect x="{x}" y="{y}" width="{BOX_WIDTH}" height="{BOX_HEIGHT}" rx="6" {look} />'
        f'<text x="{x + 8}" y="{y + 15}" class="step-label" {STEP_LABEL}>{escape(box.label)}</text>'
        f'<text x="{x + 8}" y="{y + 30}" class="step-name" {STEP_NAME}>{name}</text>'
        f"{duration if box.duration else ''}</g>"
    )


def _arrow(row: int, from_column: int, to_column: int) -> str:
    top = MARGIN + HEADER_HEIGHT + 16 + row * ROW_HEIGHT
    x1 = MARGIN + from_column * LANE_WIDTH + LANE_WIDTH / 2
    x2 = MARGIN + to_column * LANE_WIDTH + LANE_WIDTH / 2
    y1 = top + BOX_HEIGHT
    y2 = top + ROW_HEIGHT
    middle = y1 + (y2 - y1) / 2 + 8
    # Straight down within a lane; down, across and down again when the work changes hands.
    path = f"M{x1},{y1} V{y2 - 2}" if from_column == to_column else f"M{x1},{y1} V{middle} H{x2} V{y2 - 2}"
    return f'<path d="{path}" class="flow" {FLOW} marker-end="url(#eiso-arrow)" />'


def render(boxes: list[Box], *, title: str) -> SafeString:
    """The SVG markup of the chart; an empty string when the process has no steps."""
    if not boxes:
        return mark_safe("")
    lanes = _lanes(boxes)
    width = 2 * MARGIN + len(lanes) * LANE_WIDTH
    body_height = HEADER_HEIGHT + 16 + len(boxes) * ROW_HEIGHT
    height = 2 * MARGIN + body_height
    parts = [
        # Drawn at its size; the class (eiso.css) lets it shrink to the page and to A4 when printed.
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" role="img" aria-label="{escape(title)}" class="eiso-flowchart">',
        f"<title>{escape(title)}</title>",
        '<defs><marker id="eiso-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" '
        'markerHeight="7" orient="auto-start-reverse">'
        '<path d="M0,0 L10,5 L0,10 z" fill="#495057" /></marker></defs>',
    ]
    parts += [_lane_header(index, lane, body_height) for index, lane in enumerate(lanes)]
    columns = [lanes.index(box.lane) for box in boxes]
    for row in range(len(boxes) - 1):
        parts.append(_arrow(row, columns[row], columns[row + 1]))
    parts += [_box(row, columns[row], box) for row, box in enumerate(boxes)]
    parts.append("</svg>")
    return mark_safe("".join(parts))
