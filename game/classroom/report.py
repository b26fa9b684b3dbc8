"""The lesson report: one self-contained HTML page a teacher keeps, shows and prints.

No scripts and nothing from elsewhere: inline CSS and SVG only, so it opens offline
in any browser and prints on A4 or Letter. Names and clues are escaped and shown as
on the projector (offensive ones hidden).
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from datetime import datetime

from game.classroom.challenge import kind_of
from game.classroom.leaderboard import Standing, display_name
from game.classroom.lesson import FlaggedClue, TargetStats, clue_note
from game.classroom.names import shown_clue
from game.classroom.teams import TeamStanding, colour_hex

PODIUM = 3
CHART_BAR_HEIGHT = 22
CHART_LABEL_WIDTH = 150
CHART_WIDTH = 640

STYLE = """
:root { --ink: #1c2330; --muted: #5b6577; --accent: #2f7fc1; --bar: #4fa3e0; --line: #d5dbe5; }
* { box-sizing: border-box; }
body { font: 15px/1.45 "DejaVu Sans", system-ui, sans-serif; color: var(--ink);
       margin: 0 auto; padding: 24px; max-width: 980px; background: #fff; }
h1 { font-size: 28px; margin: 0 0 4px; color: var(--accent); }
h2 { font-size: 20px; margin: 28px 0 10px; border-bottom: 2px solid var(--line); }
.meta { color: var(--muted); margin: 0 0 16px; }
.podium { display: flex; gap: 12px; align-items: flex-end; margin: 8px 0 4px; }
.podium div { flex: 1; text-align: center; border: 1px solid var(--line); border-radius: 8px;
              padding: 10px 6px; overflow-wrap: anywhere; }
.podium .p1 { background: #fff4cc; min-height: 120px; }
.podium .p2 { background: #eef1f5; min-height: 100px; }
.podium .p3 { background: #f8e9dc; min-height: 86px; }
.podium strong { display: block; font-size: 18px; }
table { border-collapse: collapse; width: 100%; table-layout: fixed; }
th, td { text-align: left; padding: 5px 8px; border-bottom: 1px solid var(--line);
         vertical-align: top; overflow-wrap: break-word; }
th { color: var(--muted); font-weight: 600; }
td.num, th.num { text-align: right; }
tr { break-inside: avoid; }
svg.chart { width: 100%; max-width: 760px; height: auto; }
svg text { font: 13px "DejaVu Sans", system-ui, sans-serif; fill: var(--ink); }
.empty { color: var(--muted); font-style: italic; }
.swatch { display: inline-block; width: 14px; height: 14px; border-radius: 3px;
          margin-right: 8px; vertical-align: -2px; border: 1px solid #0003; }
svg.teambar { width: 100%; height: 14px; display: block; margin-top: 3px; }
.swatch, svg.teambar { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
@media print {
  body { padding: 0; max-width: none; font-size: 12px; }
  h2 { break-after: avoid; }
  section { break-inside: auto; }
  .podium, .keep { break-inside: avoid; }
  .podium div { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"""


def _text(value: object) -> str:
    return html.escape(str(value), quote=True)


def _podium(standings: Sequence[Standing]) -> str:
    if not standings:
        return '<p class="empty">No results.</p>'
    cells = []
    for line in standings[:PODIUM]:
        cells.append(
            f'<div class="p{min(line.place, PODIUM)}">{_ordinal(line.place)}'
            f"<strong>{_text(display_name(line))}</strong>{line.score} points</div>"
        )
    return f'<div class="podium">{"".join(cells)}</div>'


def _ordinal(place: int) -> str:
    suffix = "th" if 10 <= place % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(place % 10, "th")
    return f"{place}{suffix}"


def _ranking(standings: Sequence[Standing]) -> str:
    rows = "".join(
        f'<tr><td class="num">{s.place}</td><td>{_text(display_name(s))}</td>'
        f'<td class="num">{s.score}</td><td class="num">{s.clues}</td>'
        f'<td class="num">{s.finish_seconds:.0f} s</td></tr>'
        for s in standings
    )
    return (
        '<table><colgroup><col style="width:13%"><col style="width:39%"><col style="width:16%">'
        '<col style="width:14%"><col style="width:18%"></colgroup>'
        '<thead><tr><th class="num">Place</th><th>Name</th><th class="num">Score</th>'
        '<th class="num">Clues</th><th class="num">Finish</th></tr></thead>'
        f"<tbody>{rows}</tbody></table>"
    )


def team_table(teams: Sequence[TeamStanding]) -> str:
    """The teams, best mean score first: a table with a bar in each team's colour."""
    best = max((t.mean for t in teams), default=0.0) or 1.0
    rows = "".join(
        f'<tr><td class="num">{t.place}</td><td><span class="swatch" '
        f'style="background:{colour_hex(t.name)}"></span>{_text(t.name)}</td>'
        f'<td class="num">{t.members}</td><td class="num">{t.mean:.1f}</td>'
        f'<td><svg class="teambar" viewBox="0 0 100 10" preserveAspectRatio="none" '
        f'role="img" aria-label="{t.mean:.1f} points">'
        f'<rect width="{max(0.5, 100 * t.mean / best):.1f}" height="10" '
        f'fill="{colour_hex(t.name)}"/></svg></td></tr>'
        for t in teams
    )
    return (
        '<p class="meta">A team scores the mean of its members\' scores, so team size '
        "does not decide.</p>"
        '<table class="keep"><colgroup><col style="width:11%"><col style="width:25%">'
        '<col style="width:14%"><col style="width:16%"><col style="width:34%"></colgroup>'
        '<thead><tr><th class="num">Place</th><th>Team</th><th class="num">Players</th>'
        '<th class="num">Mean score</th><th></th></tr></thead>'
        f"<tbody>{rows}</tbody></table>"
    )


def clear_rate_chart(lesson: Sequence[TargetStats]) -> str:
    """An inline SVG bar chart: the share of players who met each target and cleared it."""
    if not lesson:
        return '<p class="empty">No target words were met.</p>'
    height = CHART_BAR_HEIGHT * len(lesson) + 8
    bar_space = CHART_WIDTH - CHART_LABEL_WIDTH - 110  # room for "100% (30/30)" after a bar
    parts = [
        f'<svg class="chart" role="img" aria-label="Clear rate per target word" '
        f'viewBox="0 0 {CHART_WIDTH} {height}" xmlns="http://www.w3.org/2000/svg">'
    ]
    for index, target in enumerate(lesson):
        rate = target.cleared_by / target.met_by if target.met_by else 0.0
        y = 4 + index * CHART_BAR_HEIGHT
        middle = y + CHART_BAR_HEIGHT * 0.7
        width = max(1.0, bar_space * rate)
        parts.append(
            f'<text x="{CHART_LABEL_WIDTH - 8}" y="{middle:.1f}" text-anchor="end">'
            f"{_text(target.word)}</text>"
            f'<rect x="{CHART_LABEL_WIDTH}" y="{y + 3}" width="{width:.1f}" '
            f'height="{CHART_BAR_HEIGHT - 6}" rx="3" fill="#4fa3e0"/>'
            f'<text x="{CHART_LABEL_WIDTH + width + 6:.1f}" y="{middle:.1f}">'
            f"{rate:.0%} ({target.cleared_by}/{target.met_by})</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


def _lesson_table(lesson: Sequence[TargetStats], word_heading: str = "Target") -> str:
    rows = []
    for target in lesson:
        median = "&ndash;" if target.median_clues is None else f"{target.median_clues:g}"
        best = "<br>".join(
            f"{_text(shown_clue(c.clue))} <small>({clue_note(c)})</small>" for c in target.best
        )
        rows.append(
            f"<tr><td>{_text(target.word)}</td>"
            f'<td class="num">{target.cleared_by}/{target.met_by}</td>'
            f'<td class="num">{median}</td><td>{best or "&ndash;"}</td></tr>'
        )
    return (
        '<table><colgroup><col style="width:22%"><col style="width:17%"><col style="width:17%">'
        '<col style="width:44%"></colgroup>'
        f'<thead><tr><th>{_text(word_heading)}</th><th class="num">Cleared/ met</th>'
        '<th class="num">Median clues</th><th>Best clues of the class</th></tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def _flagged_table(flagged: Sequence[FlaggedClue]) -> str:
    if not flagged:
        return '<p class="empty">Nobody flagged a ranking.</p>'
    rows = "".join(
        f"<tr><td>{_text(shown_clue(f.clue))}</td><td>{_text(f.target)}</td>"
        f'<td class="num">{_text(f.rank_text)}</td><td class="num">{f.players}</td></tr>'
        for f in flagged
    )
    return (
        '<table><colgroup><col style="width:30%"><col style="width:26%"><col style="width:22%">'
        '<col style="width:22%"></colgroup>'
        '<thead><tr><th>Clue</th><th>Target</th><th class="num">Model ranked the target</th>'
        '<th class="num">Players who flagged</th></tr></thead>'
        f"<tbody>{rows}</tbody></table>"
    )


def lesson_report_html(
    code: str,
    standings: Sequence[Standing],
    lesson: Sequence[TargetStats],
    written: datetime | None = None,
    teams: Sequence[TeamStanding] = (),
    flagged: Sequence[FlaggedClue] = (),
) -> str:
    """The whole report as one HTML document (with the team table of a team round and the
    clues players flagged)."""
    when = (written or datetime.now()).strftime("%Y-%m-%d %H:%M")
    players = len(standings)
    kind = kind_of(standings[0].entry.result.mode if standings else "arcade")
    word = kind.word_heading
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>Wordstack lesson report {_text(code)}</title>"
        f"<style>{STYLE}</style></head><body>"
        f"<h1>Wordstack lesson report</h1>"
        f'<p class="meta">Challenge {_text(code)} &middot; {players} '
        f"player{'' if players == 1 else 's'} &middot; written {when}</p>"
        f"<section><h2>Podium</h2>{_podium(standings)}</section>"
        + (f"<section><h2>Teams</h2>{team_table(teams)}</section>" if teams else "")
        + f"<section><h2>Ranking</h2>{_ranking(standings)}</section>"
        f'<section class="keep"><h2>{_text(kind.chart_heading)}</h2>'
        f'<p class="meta">{_text(kind.lesson_note)}</p>'
        f"{clear_rate_chart(lesson)}</section>"
        f"<section><h2>The lesson, word by word</h2>{_lesson_table(lesson, word)}</section>"
        "<section><h2>Flagged clues: where the class and the model disagree</h2>"
        '<p class="meta">Rankings players flagged as &ldquo;not what I meant&rdquo; '
        "(it cost them nothing), and where the model ranked the target.</p>"
        f"{_flagged_table(flagged)}</section>"
        "</body></html>\n"
    )
