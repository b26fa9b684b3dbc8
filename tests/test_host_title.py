"""The title screen's "Host a class round" opens the projector inside the game window."""

from __future__ import annotations

import pygame
import pytest

from game.ui.app import App, PlayOptions
from game.ui.scenes import host_projector

HOST_LINE = 8  # Play, Mode, Words, Settings, High scores, Lab, Daily, Join challenge, Host


@pytest.fixture
def app(engine, tmp_path, monkeypatch):
    monkeypatch.setenv("WORDSTACK_DATA_DIR", str(tmp_path))
    monkeypatch.setattr(host_projector, "SCENE_BIND", "127.0.0.1")  # tests stay on loopback
    monkeypatch.setattr(host_projector, "SCENE_PORT", 0)
    pygame.init()
    game = App(PlayOptions(seed=11, size=(800, 500)))
    yield game
    if game.scene is not None:
        game.close()


def press(key: int) -> None:
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=key, mod=0, unicode=""))


def test_title_opens_the_host_lobby_and_esc_stops_it(app, screenshot_dir):
    app.worker.start_loading().result(timeout=120)
    assert app.scene.menu.items[HOST_LINE].label() == "Host a class round"
    app.frame(1 / 60)
    pygame.image.save(app.screen, screenshot_dir / "host_title_800x500.png")
    for _ in range(HOST_LINE):
        press(pygame.K_DOWN)
    press(pygame.K_RETURN)
    app.frame(1 / 60)
    # The set-up: round length, pack and cap; "Open the room" is selected.
    assert app.scene.name == "host_setup"
    for size in ((800, 500), (1600, 1000)):
        surface = pygame.Surface(size)
        app.scene.draw(surface)
        pygame.image.save(surface, screenshot_dir / f"host_setup_{size[0]}x{size[1]}.png")
    for key in (pygame.K_UP, pygame.K_UP, pygame.K_UP, pygame.K_RIGHT,  # 4 minutes
                pygame.K_DOWN, pygame.K_DOWN, pygame.K_LEFT,  # room for 200
                pygame.K_DOWN, pygame.K_RETURN):  # fmt: skip
        press(key)
    app.frame(1 / 60)
    app.frame(1 / 60)
    assert app.scene.name == "host"
    projector = app.scene.projector
    assert projector is not None, app.scene.error
    assert projector.info.join_url.startswith("http://127.0.0.1:")
    assert projector.server.snapshot.phase == "lobby"
    assert projector.server.room.challenge.spec.minutes == 4
    assert projector.server.room.max_players == 200
    pygame.image.save(app.screen, screenshot_dir / "host_scene_lobby_800x500.png")
    press(pygame.K_l)
    app.frame(1 / 60)
    assert projector.server.room.locked
    press(pygame.K_EQUALS)  # + on a keyboard without a keypad
    app.frame(1 / 60)
    assert projector.server.room.max_players == 210
    press(pygame.K_l)
    press(pygame.K_RETURN)
    press(pygame.K_e)  # asks to confirm
    app.frame(1 / 60)
    assert projector.server.snapshot.phase == "countdown" and projector.confirm_end
    assert projector.notice.startswith("Press E again")
    press(pygame.K_e)
    app.frame(1 / 60)
    assert projector.notice == "round ended"
    assert projector.server.room.phase == "finished"
    press(pygame.K_ESCAPE)
    app.frame(1 / 60)
    assert app.scene.name == "title"
    assert projector.server._thread is not None and not projector.server._thread.is_alive()


def test_the_set_up_hosts_a_blocks_round(app, screenshot_dir):
    """M switches the set-up to Blocks; its turns are chosen with Left/Right."""
    app.worker.start_loading().result(timeout=120)
    for _ in range(HOST_LINE):
        press(pygame.K_DOWN)
    press(pygame.K_RETURN)
    app.frame(1 / 60)
    assert app.scene.name == "host_setup"
    press(pygame.K_m)  # Blocks
    for key in (pygame.K_UP, pygame.K_UP, pygame.K_UP, pygame.K_UP,  # Turns
                pygame.K_RIGHT):  # fmt: skip
        press(key)
    app.frame(1 / 60)
    assert app.scene.menu.items[1].label() == "Turns: 35"
    for size in ((800, 500), (1600, 1000)):
        surface = pygame.Surface(size)
        app.scene.draw(surface)
        pygame.image.save(surface, screenshot_dir / f"host_setup_blocks_{size[0]}x{size[1]}.png")
    for _ in range(4):
        press(pygame.K_DOWN)  # to "Open the room"
    press(pygame.K_RETURN)
    app.frame(1 / 60)
    app.frame(1 / 60)
    projector = app.scene.projector
    assert projector is not None, app.scene.error
    room = projector.server.room
    assert room.challenge.mode == "blocks" and room.challenge.turn_limit == 35
    assert projector.info.round == "Blocks, 35 turns (at most 3 minutes)"
    pygame.image.save(app.screen, screenshot_dir / "host_scene_blocks_lobby_800x500.png")
    press(pygame.K_ESCAPE)
    app.frame(1 / 60)
    assert app.scene.name == "title"
