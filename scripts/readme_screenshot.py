"""Save docs/screenshot.png: the real game, headless, just after a clue was ranked.

Usage: SDL_VIDEODRIVER=dummy python scripts/readme_screenshot.py [--seed 21] [--out FILE]
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    """Play two clues (one so-so, one good) and save the frame that shows the ranking."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=21)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshot.png")
    args = parser.parse_args()

    import pygame

    from game.cluegen import generate_clue
    from game.ui.app import App, PlayOptions

    app = App(PlayOptions(seed=args.seed, skip_title=True))
    while app.scene.name != "play":
        app.frame(1 / 60)
        time.sleep(0.01)
    play = app.scene
    for temperature in (1.0, 0.0):
        target = play.state.targets[-1].text
        clue = generate_clue(app.worker.engine, target, play.state.words, temperature, rng=3).clue
        for letter in clue:
            pygame.event.post(pygame.event.Event(pygame.TEXTINPUT, text=letter))
        pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_RETURN, mod=0))
        app.frame(1 / 60)
        while play.pending:
            app.frame(1 / 60)
            time.sleep(0.005)
        for _ in range(150 if temperature else 26):  # the second: sorted, bars still shown
            app.frame(1 / 60)
    pygame.image.save(app.screen, args.out)
    app.close()
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
