"""Preferences are saved atomically and a damaged file is set aside."""

import errno
import json
import os

import pytest

from game.prefs import Preferences, load_preferences, save_preferences


def test_preferences_round_trip(tmp_path):
    path = tmp_path / "settings.json"
    save_preferences(Preferences(zone_size=3, sound=False, text_size="large"), path)
    prefs, notice = load_preferences(path)
    assert notice is None
    assert (prefs.zone_size, prefs.sound, prefs.text_size) == (3, False, "large")
    assert prefs.text_scale > 1


def test_damaged_preferences_are_kept_aside_and_defaults_used(tmp_path):
    path = tmp_path / "settings.json"
    path.write_text('{"zone_size": 99}')
    prefs, notice = load_preferences(path)
    assert prefs == Preferences()
    assert notice and "kept as" in notice
    (aside,) = tmp_path.glob("settings.json.corrupt-*")
    assert aside.read_text() == '{"zone_size": 99}'
    path.write_text("not json at all")
    assert load_preferences(path)[0] == Preferences()


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ('{"zone_size": "3"}', "zone_size"),
        ('{"zone_size": 1e400}', "zone_size"),
        ('{"zone_size": 2.7}', "zone_size"),
        ('{"zone_size": true}', "zone_size"),
        ('{"pack": 5}', "pack"),
        ('{"pack": null}', "pack"),
        ('{"player_name": 123}', "player_name"),
        ('{"sound": "yes"}', "sound"),
        ('{"text_size": ["large"]}', "text_size"),
    ],
)
def test_a_value_of_the_wrong_type_is_refused_and_the_good_ones_kept(tmp_path, text, field):
    path = tmp_path / "settings.json"
    good = {"zone_size": 2, "sound": False, "text_size": "small", "pack": "food"}
    good.pop(field, None)
    raw = {**good, **json.loads(text)}
    path.write_text(json.dumps(raw))
    prefs, notice = load_preferences(path)
    assert notice and field in notice and "kept as" in notice
    assert getattr(prefs, field) == getattr(Preferences(), field)
    assert {name: getattr(prefs, name) for name in good} == good
    (aside,) = tmp_path.glob("settings.json.corrupt-*")
    assert json.loads(aside.read_text()) == raw


def test_deeply_nested_json_is_damage_not_a_recursion_error(tmp_path):
    path = tmp_path / "settings.json"
    path.write_text("[" * 20_000 + "]" * 20_000)  # under the size limit
    prefs, notice = load_preferences(path)
    assert prefs == Preferences() and notice and "not valid JSON" in notice
    assert not path.exists()


def test_a_folder_in_place_of_the_settings_file_is_left_alone(tmp_path):
    folder = tmp_path / "settings.json"
    folder.mkdir()
    prefs, notice = load_preferences(folder)
    assert prefs == Preferences() and notice and "is a folder" in notice
    assert folder.is_dir() and not list(tmp_path.glob("*.corrupt-*"))


def test_a_full_disk_makes_saving_a_warning_and_keeps_the_old_file(tmp_path, monkeypatch):
    path = tmp_path / "settings.json"
    assert save_preferences(Preferences(zone_size=2), path) is None

    def full_disk(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr("game.storage.os.fsync", full_disk)
    warning = save_preferences(Preferences(zone_size=5), path)
    assert warning and "No space left on device" in warning and "not saved" in warning
    assert load_preferences(path)[0].zone_size == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["settings.json"]  # no .tmp left


def test_a_folder_that_cannot_be_written_makes_saving_a_warning(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    warning = save_preferences(Preferences(), blocker / "settings.json")
    assert warning and "not saved" in warning
