"""The projector's lobby of a hosted round: join address, room code, QR code, live names."""

from __future__ import annotations

import pygame

from game.classroom import shown_name
from game.host import HostInfo, Snapshot
from game.ui import theme
from game.ui.qr import qr_surface

NAME_COLUMNS = 4
# After this long with nobody in, the help on connecting is shown in bright colours.
LONELY_SECONDS = 30


def draw_lobby(
    surface: pygame.Surface,
    info: HostInfo,
    snap: Snapshot,
    selected: int,
    waited: float,
) -> None:
    """The lobby page; ``selected`` is the highlighted student line (for kicking)."""
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
    lock = "Room locked: nobody new can join" if snap.locked else "Room open"
    theme.draw_text(
        surface,
        f"{len(snap.students)} joined \u00b7 {lock}",
        fonts.get(22, bold=True),
        theme.REFUSED if snap.locked else theme.CLEARED,
        (margin, y + margin // 2),
    )
    names_top = max(y + margin // 2 + fonts.size(34), qr_rect.bottom + margin)
    help_bottom = _draw_help(surface, fonts, info, snap, waited, margin)
    area = pygame.Rect(margin, names_top, width - 2 * margin, help_bottom - names_top - margin)
    _draw_names(surface, fonts, area, snap, selected)


def _draw_names(
    surface: pygame.Surface, fonts: theme.Fonts, area: pygame.Rect, snap: Snapshot, selected: int
) -> None:
    theme.panel(surface, area)
    if not snap.students:
        theme.draw_text(
            surface, "Waiting for students\u2026", fonts.get(26), theme.MUTED, area.center, "center"
        )
        return
    font = fonts.get(20)
    row = font.get_height() + 6
    rows = max(1, (area.height - 16) // row)
    column_width = (area.width - 16) // NAME_COLUMNS
    shown = snap.students[: rows * NAME_COLUMNS]
    for index, (number, name, connected) in enumerate(shown):
        column, line = divmod(index, rows)
        x = area.left + 8 + column * column_width
        y = area.top + 8 + line * row
        if index == selected:
            pygame.draw.rect(
                surface, theme.ZONE, (x - 4, y - 2, column_width - 4, row), border_radius=6
            )
        colour = theme.TEXT if connected else theme.MUTED
        label = f"{number}. {shown_name(name)}" + ("" if connected else " (offline)")
        theme.draw_text(surface, label, font, colour, (x, y), max_width=column_width - 12)
    if len(snap.students) > len(shown):
        more = f"+ {len(snap.students) - len(shown)} more"
        theme.draw_text(
            surface, more, font, theme.MUTED, (area.right - 8, area.bottom - 8), "bottomright"
        )


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
        "Enter: start \u00b7 \u2191\u2193: choose a student \u00b7 Del: remove (Shift: bar "
        "address) \u00b7 +/-: room size \u00b7 L: lock/unlock \u00b7 Esc: close"
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
