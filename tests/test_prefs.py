"""Preferences are saved atomically and a damaged file is set aside."""

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
