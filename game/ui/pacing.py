"""Frame pacing: draw when the screen changes, sleep while it stands still.

Each scene says when its screen next changes by itself (`Scene.next_change`: seconds from
now, 0 for the next frame, None for "only on input"). The app draws when that time has
come or an event arrived, and otherwise sleeps, looking for input every frame's time (a
key is answered as fast as at full frame rate). Animations still run at the full frame
rate: while one plays, the scene says 0. (`pygame.event.wait(timeout)` polls inside SDL:
it costs about 4% of a core, ten times these short sleeps.)
"""

from __future__ import annotations

import math
import time

import pygame

FPS = 60
# Longest sleep between two updates of a screen that stands still: futures from the model
# thread and the loading progress are polled at least this often.
IDLE_POLL_SECONDS = 0.1
MAX_STEP_SECONDS = 0.25  # longer gaps (a stalled machine) are not replayed as game time


def seconds_until_multiple(value: float, period: float) -> float:
    """How far a growing `value` is from its next multiple of `period` (a full period at one)."""
    return period - value % period


def soonest(*delays: float | None) -> float | None:
    """The earliest of several next-change delays (None: no change without input)."""
    known = [d for d in delays if d is not None]
    return max(0.0, min(known)) if known else None


class Pacer:
    """Remembers when the screen must next be drawn and sleeps until then."""

    def __init__(self, fps: int = FPS) -> None:
        self.fps = fps
        self.redraw_at = -math.inf  # the first step draws
        self._clock = pygame.time.Clock()

    def due(self, now: float) -> bool:
        """True when the screen changed by itself since it was last drawn."""
        return now >= self.redraw_at

    def plan(self, now: float, delay: float | None) -> None:
        """Note the scene's next change (`delay` seconds after `now`; None: never)."""
        self.redraw_at = math.inf if delay is None else now + max(0.0, delay)

    def wait(self, now: float) -> None:
        """Sleep until the next frame or change, or until input arrives."""
        remaining = self.redraw_at - now
        if remaining <= 1.0 / self.fps:
            self._clock.tick(self.fps)  # an animation: frames at the frame rate
            return
        wake = now + min(remaining, IDLE_POLL_SECONDS)
        while not pygame.event.peek():
            left = wake - time.monotonic()
            if left <= 0:
                break
            time.sleep(min(left, 1.0 / self.fps))
        self._clock.tick()  # the next paced frame counts from here
