"""Short synthesized sound effects (our own, made at start-up); silent if audio is missing."""

from __future__ import annotations

import numpy as np
import pygame

SAMPLE_RATE = 22050

# (frequency Hz, seconds) notes of each effect.
EFFECTS: dict[str, list[tuple[float, float]]] = {
    "clear": [(660, 0.07), (880, 0.1)],
    "first": [(660, 0.06), (880, 0.06), (1320, 0.12)],
    "miss": [(220, 0.16)],
    "refused": [(330, 0.05)],
    "stage": [(523, 0.08), (659, 0.08), (784, 0.08), (1047, 0.16)],
    "wipe": [(784, 0.06), (988, 0.06), (1175, 0.06), (1568, 0.2)],
    "arrive": [(392, 0.03)],
    "over": [(392, 0.15), (330, 0.15), (262, 0.3)],
    "danger": [(880, 0.06), (0, 0.04), (880, 0.06)],  # the stack nears the danger line
}


def _tone(notes: list[tuple[float, float]]) -> np.ndarray:
    parts = []
    for frequency, seconds in notes:
        t = np.arange(int(SAMPLE_RATE * seconds)) / SAMPLE_RATE
        envelope = np.minimum(1.0, t / 0.005) * np.exp(-t * 6)
        parts.append(np.sin(2 * np.pi * frequency * t) * envelope)
    wave = np.concatenate(parts) * 0.25 * 32767
    return wave.astype(np.int16)


class Sound:
    """Plays the effects unless muted or no audio device is available."""

    def __init__(self, enabled: bool = True) -> None:
        self.enabled = enabled
        self._sounds: dict[str, pygame.mixer.Sound] = {}
        try:
            pygame.mixer.init(frequency=SAMPLE_RATE, size=-16, channels=1)
            _, _, channels = pygame.mixer.get_init() or (SAMPLE_RATE, -16, 1)
            for name, notes in EFFECTS.items():
                wave = _tone(notes)
                if channels > 1:
                    wave = np.repeat(wave[:, None], channels, axis=1)
                self._sounds[name] = pygame.sndarray.make_sound(np.ascontiguousarray(wave))
        except (pygame.error, ValueError):
            self._sounds = {}

    @property
    def available(self) -> bool:
        """True when an audio device was opened."""
        return bool(self._sounds)

    def play(self, name: str) -> None:
        """Play one effect by name."""
        if self.enabled and name in self._sounds:
            self._sounds[name].play()
