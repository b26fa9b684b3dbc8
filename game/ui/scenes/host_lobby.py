"""The projector's lobby of a hosted round: join address, room code, QR code, live names.

A school year may join (300 names and more): the lobby shows how many of the cap are in,
and the names a page at a time, newest first, so the latest joiners are always in view;
the page follows the student the teacher selects (Up/Down, PgUp/PgDn).
"""

from __future__ import annotations

import pygame

from game.classroom import shown_name
from game.classroom.teams import TEAM_COLOURS, TEAM_NAMES
from game.host import HostInfo, Snapshot
from game.ui import theme
from game.ui.qr import qr_surface

NAME_CHARACTERS = 16  # a column is this many average characters wide
# After this long with nobody in, the help on connecting is shown in bright colours.
LONELY_SECONDS = 30


def newest_first(snap: Snapshot) -> list[tuple[int, str, bool]]:
    """The students as the lobby lists them: the latest joiner first."""
    return list(reversed(snap.students))


def page_of(index: int, per_page: int) -> int:
    """The 0-based page that shows list position ``index``."""
    return max(0, index) // max(1, per_page)


def draw_lobby(
    surface: pygame.Surface,
    info: HostInfo,
    snap: Snapshot,
    selected: int,
    waited: float,
) -> int:
    """The lobby page; ``selected`` is the id of the highlighted student (for removing),
    0 for none. Returns how many names one page shows."""
    surface.fill(theme.BACKGROUND)
    width, height = surface.get_size()
    fonts = theme.Fonts(height)
    margin = max(12, height // 36)
    side = min(width // 3, int(height * 0.45))
    qr = qr_surface(info.qr_url, side)
    qr_rect = qr.get_rect(topright=(width - margin, margin))
    surface.blit(qr, qr_rect)
    text_width = qr_rect.left - 2 * margin
    y = theme.draw_text(
        surface, "Join the class round", fonts.get(30, bold=True), theme.ACCENT, (margin, margin)
    ).bottom
    if info.round:  # "Blocks, 30 turns (at most 3 minutes)"
        y = theme.draw_text(
            surface,
            info.round,
            fonts.get(22, bold=True),
            theme.TEXT,
            (margin, y + margin // 4),
            max_width=text_width,
        ).bottom
    y = theme.draw_text(
        surface, "Open in a browser:", fonts.get(20), theme.MUTED, (margin, y + margin // 2)
    ).bottom
    y = theme.draw_text(
        surface,
        info.join_url,
        fonts.get(44, bold=True),
        theme.TEXT,
        (margin, y),
        max_width=text_width,
    ).bottom
    y = theme.draw_text(
        surface, "Room code:", fonts.get(20), theme.MUTED, (margin, y + margin // 2)
    ).bottom
    y = theme.draw_text(
        surface, info.room_code, fonts.get(96, bold=True), theme.TARGET, (margin, y)
    ).bottom
    lock = "room locked: nobody new can join" if snap.locked else "room open"
    count = (
        f"{len(snap.students)} of {snap.max_players} players"
        if snap.max_players
        else (f"{len(snap.students)} players")
    )
    y = theme.draw_text(
        surface,
        f"{count} \u00b7 {lock}",
        fonts.get(22, bold=True),
        theme.REFUSED if snap.locked else theme.CLEARED,
        (margin, y + margin // 2),
        max_width=text_width,
    ).bottom
    y = _draw_teams(surface, fonts, snap, (margin, y + margin // 4), text_width)
    names_top = max(y + margin // 2, qr_rect.bottom + margin)
    help_bottom = _draw_help(surface, fonts, info, snap, waited, margin)
    area = pygame.Rect(margin, names_top, width - 2 * margin, help_bottom - names_top - margin)
    return _draw_names(surface, fonts, area, snap, selected)


def _draw_teams(
    surface: pygame.Surface,
    fonts: theme.Fonts,
    snap: Snapshot,
    where: tuple[int, int],
    width: int,
) -> int:
    """One line: individual play, or each team with its colour and size; returns its bottom."""
    font = fonts.get(20, bold=True)
    x, y = where
    if not snap.teams:
        text = "Individual play \u00b7 T: play in teams"
        return theme.draw_text(surface, text, font, theme.MUTED, where, max_width=width).bottom
    counts = dict.fromkeys(range(1, snap.teams + 1), 0)
    for team in snap.student_teams:
        if team in counts:
            counts[team] += 1
    parts = [(TEAM_NAMES[n - 1], count) for n, count in counts.items()]
    label = "   ".join(f"\u25a0 {name} {count}" for name, count in parts) + "   T: change"
    scale = min(1.0, width / max(1, font.size(label)[0]))
    size = font.get_height()
    for name, count in parts:
        swatch = pygame.Rect(x, y + size * 0.2, size * 0.6 * scale, size * 0.6 * scale)
        pygame.draw.rect(surface, TEAM_COLOURS[name], swatch, border_radius=3)
        text = f"{name} {count}"
        right = theme.draw_text(
            surface, text, font, theme.TEXT, (swatch.right + 6 * scale, y),
            max_width=int(font.size(text)[0] * scale),
        ).right  # fmt: skip
        x = right + int(font.size("   ")[0] * scale)
    tail = "T: change"
    theme.draw_text(
        surface, tail, font, theme.MUTED, (x, y), max_width=int(font.size(tail)[0] * scale)
    )
    return y + size


def _draw_names(
    surface: pygame.Surface, fonts: theme.Fonts, area: pygame.Rect, snap: Snapshot, selected: int
) -> int:
    """A page of names, newest first; returns how many names a page holds."""
    theme.panel(surface, area)
    font = fonts.get(20)
    small = fonts.get(16)
    row = font.get_height() + 6
    heading = small.get_height() + 6
    rows = max(1, (area.height - 16 - heading) // row)
    columns = max(1, (area.width - 16) // (font.size("n")[0] * NAME_CHARACTERS))
    per_page = rows * columns
    if not snap.students:
        theme.draw_text(
            surface, "Waiting for students\u2026", fonts.get(26), theme.MUTED, area.center, "center"
        )
        return per_page
    order = newest_first(snap)
    where = next((i for i, (number, _, _) in enumerate(order) if number == selected), 0)
    page = page_of(where, per_page)
    pages = -(-len(order) // per_page)
    shown = order[page * per_page : (page + 1) * per_page]
    title = "Latest to join first" if page == 0 else f"Joined earlier (from number {shown[0][0]})"
    theme.draw_text(surface, title, small, theme.MUTED, (area.left + 8, area.top + 6))
    if pages > 1:
        theme.draw_text(
            surface,
            f"page {page + 1} of {pages} \u00b7 PgUp/PgDn",
            small,
            theme.MUTED,
            (area.right - 8, area.top + 6),
            "topright",
        )
    column_width = (area.width - 16) // columns
    teams = dict(zip((number for number, _, _ in snap.students), snap.student_teams, strict=False))
    for index, (number, name, connected) in enumerate(shown):
        column, line = divmod(index, rows)
        x = area.left + 8 + column * column_width
        y = area.top + 8 + heading + line * row
        if number == selected:
            pygame.draw.rect(
                surface, theme.ZONE, (x - 4, y - 2, column_width - 4, row), border_radius=6
            )
        colour = theme.TEXT if connected else theme.MUTED
        label = f"{number}. {shown_name(name)}" + ("" if connected else " (offline)")
        team = teams.get(number, 0) if snap.teams else 0
        if team:  # the team's colour beside the name
            side = font.get_height() // 2
            mark = pygame.Rect(x, y + side // 2, side, side)
            pygame.draw.rect(surface, TEAM_COLOURS[TEAM_NAMES[team - 1]], mark, border_radius=2)
            x += side + 6
        theme.draw_text(surface, label, font, colour, (x, y), max_width=column_width - 12)
    return per_page


def _draw_help(
    surface: pygame.Surface,
    fonts: theme.Fonts,
    info: HostInfo,
    snap: Snapshot,
    waited: float,
    margin: int,
) -> int:
    """Keys, and what to check when nobody can connect; returns the top of this block."""
    width, height = surface.get_size()
    small = fonts.get(16)
    keys = (
        "Enter: start \u00b7 \u2191\u2193 PgUp PgDn: choose \u00b7 Del: remove (Shift: bar "
        "address) \u00b7 +/-: room size \u00b7 L: lock \u00b7 T: teams \u00b7 Esc: close"
    )
    bottom = height - margin
    theme.draw_text(surface, keys, small, theme.MUTED, (margin, bottom), "bottomleft", width - 40)
    lonely = not snap.students and waited >= LONELY_SECONDS
    colour = theme.REFUSED if lonely else theme.MUTED
    lines = [
        "Nobody can connect? Phones and laptops must be on the same network as this "
        f"computer, and its firewall must let port {info.port} in.",
        f"Offline fallback: students run 'wordstack play --challenge {info.challenge_code}' "
        "and send you their result files.",
    ]
    if info.loopback_only:
        lines.insert(
            0,
            "Only this computer can join this address: start with --bind and an address "
            "of this computer on the classroom network.",
        )
    y = bottom - small.get_height() - 6
    for line in reversed(lines):
        wrapped = theme.wrap_lines(line, small, width - 2 * margin)
        y -= len(wrapped) * (small.get_height() + 2)
        theme.draw_wrapped(surface, line, small, colour, (margin, y), width - 2 * margin)
    return y
