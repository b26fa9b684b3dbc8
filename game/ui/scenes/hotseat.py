"""Hot-seat screens: the hand-over before each turn and the scoreboard at the end."""

from __future__ import annotations

import pygame

from game.classroom import shown_name
from game.ui import theme
from game.ui.navigation import ChallengeTurn, Loading
from game.ui.scene import Scene
from game.ui.services import Services
from game.ui.session import ChallengeSession
from game.ui.text import plural


class HandOverScene(Scene):
    """ "Pass the keyboard to Ben": the next turn starts when the player presses Enter."""

    name = "handover"

    def __init__(self, services: Services, session: ChallengeSession) -> None:
        super().__init__(services)
        assert session.hotseat is not None
        self.session = session
        self.hotseat = session.hotseat

    def handle(self, event: pygame.event.Event) -> None:
        """Enter starts the turn (once the model is ready); Esc goes to the title."""
        if event.type != pygame.KEYDOWN:
            return
        if event.key in (pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_SPACE):
            self.start()
        elif event.key == pygame.K_ESCAPE:
            self.to_title()

    def start(self) -> None:
        """Begin the current player's turn, through the loading screen if needed."""
        self.go(Loading(then=ChallengeTurn(self.session)))

    def draw(self, surface: pygame.Surface) -> None:
        """Whose turn it is, the turn count and the key to start."""
        surface.fill(theme.BACKGROUND)
        fonts = self.services.fonts
        w, h = surface.get_size()
        hotseat = self.hotseat
        number = len(hotseat.turns) + 1
        theme.draw_text(
            surface,
            f"Turn {number} of {len(hotseat.players)}",
            fonts.get(24),
            theme.MUTED,
            (w // 2, h * 0.16),
            "center",
        )
        theme.draw_text(
            surface,
            f"{hotseat.current}, your turn!",
            fonts.get(56, bold=True),
            theme.TARGET,
            (w // 2, h * 0.32),
            "center",
            w - 40,
        )
        challenge = self.session.challenge
        theme.draw_text(
            surface,
            f"Challenge {challenge.code} \u00b7 {challenge.length} \u00b7 same words for everyone",
            fonts.get(20),
            theme.TEXT,
            (w // 2, h * 0.45),
            "center",
            w - 40,
        )
        if hotseat.turns:
            last = hotseat.turns[-1]
            theme.draw_text(
                surface,
                f"{last.player} scored {last.score:,}",
                fonts.get(20),
                theme.MUTED,
                (w // 2, h * 0.53),
                "center",
                w - 40,
            )
        theme.draw_text(
            surface,
            "Everyone else: please look away from the screen.",
            fonts.get(20),
            theme.MUTED,
            (w // 2, h * 0.62),
            "center",
            w - 40,
        )
        theme.draw_text(
            surface,
            "Press Enter to start \u00b7 Esc: title screen",
            fonts.get(24, bold=True),
            theme.ACCENT,
            (w // 2, h * 0.8),
            "center",
            w - 40,
        )


class ScoreboardScene(Scene):
    """The end of a hot-seat round: every player's score, best first."""

    name = "scoreboard"

    def __init__(self, services: Services, session: ChallengeSession) -> None:
        super().__init__(services)
        assert session.hotseat is not None
        self.session = session

    def handle(self, event: pygame.event.Event) -> None:
        """Enter or Esc: back to the title screen."""
        if event.type == pygame.KEYDOWN and event.key in (
            pygame.K_RETURN,
            pygame.K_KP_ENTER,
            pygame.K_ESCAPE,
        ):
            self.to_title()

    def draw(self, surface: pygame.Surface) -> None:
        """Places, names, scores and clue counts; where the result files went."""
        surface.fill(theme.BACKGROUND)
        fonts = self.services.fonts
        w, h = surface.get_size()
        theme.draw_heading(surface, "SCOREBOARD", fonts, h * 0.1, 52)
        theme.draw_text(
            surface,
            f"Challenge {self.session.challenge.code}",
            fonts.get(20),
            theme.MUTED,
            (w // 2, h * 0.18),
            "center",
        )
        board = self.session.hotseat.scoreboard() if self.session.hotseat else []
        rows = board[:10]
        top = h * 0.25
        row_height = min(fonts.size(48), (h * 0.6) / max(1, len(rows)))
        font = pygame.font.Font(theme.FONT_BOLD, max(12, int(row_height * 0.6)))
        left, right = w * 0.2, w * 0.8
        for i, (place, turn) in enumerate(rows):
            y = top + i * row_height
            colour = theme.TARGET if place == 1 else theme.TEXT
            theme.draw_text(surface, f"{place}.", font, theme.MUTED, (left, y), "topright")
            theme.draw_text(
                surface,
                shown_name(turn.player),
                font,
                colour,
                (left + 16, y),
                max_width=int(right - left) - 220,
            )
            theme.draw_text(surface, f"{turn.score:,}", font, colour, (right, y), "topright")
            theme.draw_text(
                surface,
                plural(turn.clues, "clue"),
                fonts.get(16),
                theme.MUTED,
                (right + 12, y + font.get_height() // 3),
            )
        folder = self.session.saved[-1].parent if self.session.saved else None
        if folder is not None:
            theme.draw_text(
                surface,
                f"Every turn was saved in {folder}",
                fonts.get(16),
                theme.MUTED,
                (w // 2, h * 0.88),
                "center",
                w - 40,
            )
        theme.draw_text(
            surface,
            "Enter: title screen",
            fonts.get(18),
            theme.ACCENT,
            (w // 2, h * 0.94),
            "center",
        )
