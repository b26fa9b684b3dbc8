"""The "Why?" screen: the lecture's chain on the player's last clue and stack.

Tokens -> the clue's vector (a strip of its numbers) -> a 2-D map of clue and words ->
each word's score as the sum of the ranking method's parts -> one plain sentence.
It only draws an `Explanation` (computed on the model thread); it changes nothing.
"""

from __future__ import annotations

import pygame

from game.engine.explain import PART_NAMES, Explanation
from game.ui import theme

# One colour per part of a score (colour-blind safe, distinct from target and zone).
PART_COLOURS = {
    "transformer": (86, 180, 233),  # sky blue
    "glove": (204, 121, 167),  # reddish purple
    "use": (240, 228, 66),  # yellow
}
NEGATIVE = (0, 114, 178)
POSITIVE = (230, 159, 0)
VECTOR_ROWS = 4
KEYS = "Esc or ?: back to the game"


def _part_colour(name: str) -> tuple[int, int, int]:
    return PART_COLOURS.get(name, theme.MUTED)


def _free_place(
    label: pygame.Rect, point: tuple[float, float], placed: list[pygame.Rect], box: pygame.Rect
) -> pygame.Rect:
    """Where a point's label goes: right of it, else left, above or below, where it
    overlaps no label placed before (else right of it anyway)."""
    x, y = point
    tries = [
        label.copy(),
        label.copy(),
        label.copy(),
        label.copy(),
    ]
    tries[0].midleft = (round(x + 9), round(y))
    tries[1].midright = (round(x - 9), round(y))
    tries[2].midbottom = (round(x), round(y - 6))
    tries[3].midtop = (round(x), round(y + 6))
    for rect in tries:
        rect.clamp_ip(box)
        if rect.collidelist(placed) < 0:
            return rect
    return tries[0]


class WhyView:
    """Draws one explanation; `zone` marks the words a clue would clear (ranks 1..zone)."""

    def __init__(self, why: Explanation, zone: int = 1) -> None:
        self.why = why
        self.zone = max(1, zone)

    def handle(self, event: pygame.event.Event) -> bool:
        """True when the key closes the screen: Esc, or ? typed (its text, not its key,
        so the same key press that closes the screen cannot open it again)."""
        if event.type == pygame.TEXTINPUT:
            return bool(event.text == "?")
        return event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE

    def draw(self, surface: pygame.Surface, fonts: theme.Fonts) -> None:
        """The whole screen."""
        surface.fill(theme.BACKGROUND)
        width, height = surface.get_size()
        margin = max(10, height // 40)
        title = theme.draw_text(
            surface,
            f"Why did \u201c{self.why.clue}\u201d rank the stack like that?",
            fonts.get(30, bold=True),
            theme.ACCENT,
            (margin, margin),
            max_width=width - 2 * margin,
        )
        small = fonts.get(15)
        theme.draw_text(
            surface, KEYS, small, theme.MUTED, (width - margin, height - margin), "bottomright"
        )
        top = title.bottom + margin // 2
        bottom = height - margin - small.get_height() - margin // 2
        split = int(width * 0.44)
        left = pygame.Rect(margin, top, split - margin - margin // 2, bottom - top)
        right = pygame.Rect(split + margin // 2, top, width - split - margin - margin // 2,
                            bottom - top)  # fmt: skip
        y = self._tokens(surface, fonts, left)
        y = self._vector(surface, fonts, pygame.Rect(left.x, y, left.w, left.bottom - y))
        self._map(surface, fonts, pygame.Rect(left.x, y, left.w, left.bottom - y))
        self._similarity(surface, fonts, right)

    def _step(self, surface: pygame.Surface, fonts: theme.Fonts, text: str, x: int, y: int) -> int:
        rect = theme.draw_text(surface, text, fonts.get(17, bold=True), theme.TEXT, (x, y))
        return rect.bottom + 4

    def _tokens(self, surface: pygame.Surface, fonts: theme.Fonts, area: pygame.Rect) -> int:
        y = self._step(surface, fonts, "1. Tokens: what the transformer read", area.x, area.y)
        font, ids = fonts.get(15, bold=True), fonts.get(11)
        x, row_height = area.x, font.get_height() + ids.get_height() + 8
        rows = 0
        for piece, token in self.why.tokens:
            chip = max(font.size(piece)[0], ids.size(str(token))[0]) + 10
            if x + chip > area.right and x > area.x:
                x, y, rows = area.x, y + row_height, rows + 1
                if rows == 3:  # a long clue: the first three rows say enough
                    theme.draw_text(surface, "\u2026", font, theme.MUTED, (x, y))
                    return y + row_height
            box = pygame.Rect(x, y, chip, row_height - 4)
            is_clue = not piece.startswith("[") and piece not in ("the", "word", '"')
            pygame.draw.rect(surface, theme.WORD if is_clue else theme.PANEL, box,
                             border_radius=5)  # fmt: skip
            theme.draw_text(surface, piece, font, theme.TEXT, (box.centerx, box.y + 2), "midtop")
            theme.draw_text(surface, str(token), ids, theme.MUTED,
                            (box.centerx, box.bottom - 2), "midbottom")  # fmt: skip
            x += chip + 4
        return y + row_height + 6

    def _vector(self, surface: pygame.Surface, fonts: theme.Fonts, area: pygame.Rect) -> int:
        vector = self.why.vector
        y = self._step(
            surface, fonts, f"2. Vector: the clue as {len(vector)} numbers", area.x, area.y
        )
        per_row = -(-len(vector) // VECTOR_ROWS)
        cell_w = max(1, area.w // per_row)
        cell_h = max(4, fonts.size(10))
        peak = float(abs(vector).max()) or 1.0
        for index, value in enumerate(vector):
            row, column = divmod(index, per_row)
            strength = min(1.0, abs(float(value)) / peak)
            colour = theme.shade(POSITIVE if value >= 0 else NEGATIVE, 0.25 + 0.75 * strength)
            rect = pygame.Rect(area.x + column * cell_w, y + row * (cell_h + 1), cell_w, cell_h)
            surface.fill(colour, rect)
        y += VECTOR_ROWS * (cell_h + 1) + 2
        theme.draw_text(surface, "orange: positive, blue: negative, brighter: larger",
                        fonts.get(12), theme.MUTED, (area.x, y))  # fmt: skip
        return y + fonts.get(12).get_height() + 8

    def _map(self, surface: pygame.Surface, fonts: theme.Fonts, area: pygame.Rect) -> None:
        y = self._step(surface, fonts, "   Clue and stack on a 2-D map", area.x, area.y)
        note = fonts.get(12)
        theme.draw_text(surface, "a projection of the vectors (numpy SVD): distances only "
                        "approximate the scores", note, theme.MUTED, (area.x, y),
                        max_width=area.w)  # fmt: skip
        y += note.get_height() + 4
        box = pygame.Rect(area.x, y, area.w, max(40, area.bottom - y))
        theme.panel(surface, box, radius=6)
        inner = box.inflate(-box.w * 0.25, -box.h * 0.2)
        ranks = {w.word: w for w in self.why.words}
        font = fonts.get(14, bold=True)
        spots = [
            (inner.centerx + p.x * inner.w / 2, inner.centery - p.y * inner.h / 2)
            for p in self.why.points
        ]
        # Labels avoid every marker and the labels placed before them.
        placed = [pygame.Rect(round(x) - 7, round(y) - 7, 14, 14) for x, y in spots]
        for index, point in enumerate(self.why.points):
            x, y_point = spots[index]
            if index == 0:
                colour = theme.ACCENT
                pygame.draw.circle(surface, colour, (x, y_point), 6)
                label = f"\u201c{point.text}\u201d"
            else:
                word = ranks[point.text]
                colour = theme.TARGET if word.target else (
                    theme.ACCENT if word.rank <= self.zone else theme.MUTED)
                if word.target:
                    theme.draw_diamond(surface, (x, y_point), 7, colour)
                else:
                    pygame.draw.circle(surface, colour, (x, y_point), 4)
                label = point.text
            rect = _free_place(theme.render(font, label, colour).get_rect(), (x, y_point),
                               placed, box.inflate(-6, -6))  # fmt: skip
            placed.append(rect)
            theme.draw_text(surface, label, font, colour, rect.topleft)

    def _similarity(self, surface: pygame.Surface, fonts: theme.Fonts, area: pygame.Rect) -> None:
        why = self.why
        y = self._step(surface, fonts, "3. Similarity: each score is the sum of its parts",
                       area.x, area.y)  # fmt: skip
        legend = fonts.get(13)
        x = area.x
        for name, share in why.weights.items():
            text = f"{PART_NAMES.get(name, name)} {share:.0%}"
            pygame.draw.rect(surface, _part_colour(name), (x, y + 3, 12, 12), border_radius=2)
            rect = theme.draw_text(surface, text, legend, theme.TEXT, (x + 16, y))
            x = rect.right + 14
        y += legend.get_height() + 6
        sentence_font = fonts.get(16)
        sentence = why.sentence.replace("*", "")
        lines = theme.wrap_lines("4. " + sentence, sentence_font, area.w)
        near_font = fonts.get(14)
        near = ""
        if why.nearest:
            near = "The model thinks your clue means: " + ", ".join(w for w, _ in why.nearest)
        near_lines = theme.wrap_lines(near, near_font, area.w) if near else []
        reserved = (len(lines) * (sentence_font.get_height() + 2)
                    + len(near_lines) * (near_font.get_height() + 2) + 12)  # fmt: skip
        rows = len(why.words)
        row_h = max(12, min(fonts.size(34), (area.bottom - reserved - y) // max(1, rows)))
        word_font = pygame.font.Font(theme.FONT_BOLD, max(9, int(row_h * 0.55)))
        number_font = pygame.font.Font(theme.FONT_REGULAR, max(9, int(row_h * 0.5)))
        name_w = min(area.w // 3, max(word_font.size(w.word)[0] for w in why.words) + 26)
        score_w = number_font.size("0.000")[0] + 8
        bar_left = area.x + name_w
        bar_w = area.w - name_w - score_w
        top_score = max(max(w.score for w in why.words), 1e-6)
        for word in why.words:
            colour = theme.TARGET if word.target else (
                theme.ACCENT if word.rank <= self.zone else theme.TEXT)
            theme.draw_text(surface, f"{word.rank}. {word.word}", word_font, colour,
                            (area.x, y + row_h // 2), "midleft", name_w - 6)  # fmt: skip
            x = float(bar_left)
            for name in why.weights:
                part = max(0.0, word.parts[name])
                w = bar_w * part / top_score
                rect = pygame.Rect(round(x), y + row_h * 0.2, max(0, round(w)), row_h * 0.6)
                surface.fill(_part_colour(name), rect)
                x += w
            theme.draw_text(surface, f"{word.score:.3f}", number_font, theme.TEXT,
                            (area.right, y + row_h // 2), "midright")  # fmt: skip
            y += row_h
        y += 6
        for line in near_lines:
            theme.draw_text(surface, line, near_font, theme.MUTED, (area.x, y))
            y += near_font.get_height() + 2
        y += 6
        for line in lines:
            theme.draw_text(surface, line, sentence_font, theme.TEXT, (area.x, y))
            y += sentence_font.get_height() + 2
