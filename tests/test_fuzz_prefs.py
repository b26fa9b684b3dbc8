"""Fuzzing the settings file: any bytes or JSON load without error into valid settings."""

from __future__ import annotations

import json
import tempfile
from dataclasses import asdict
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from game.prefs import _VALID, TEXT_SIZES, Preferences, load_preferences, save_preferences

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=20,
)
# Values near the valid ones, so that most fields of most files are worth keeping.
plausible = {
    "zone_size": st.integers(-2, 9) | st.floats() | st.just("3"),
    "sound": st.booleans() | st.integers(0, 1),
    "text_size": st.sampled_from([*TEXT_SIZES, "huge", ""]),
    "pack": st.text(max_size=30) | st.just("default"),
    "player_name": st.text(max_size=80),
}
settings_objects = st.fixed_dictionaries(
    {}, optional={name: values | json_values for name, values in plausible.items()}
)


def load_from(data: bytes) -> tuple[Preferences, str | None, list[str]]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "settings.json"
        path.write_bytes(data)
        prefs, notice = load_preferences(path)
        return prefs, notice, sorted(p.name for p in Path(folder).iterdir())


def assert_valid(prefs: Preferences) -> None:
    for name, value in asdict(prefs).items():
        assert _VALID[name](value), (name, value)


@settings(max_examples=150, deadline=None)
@given(st.one_of(settings_objects, json_values))
def test_any_json_gives_valid_settings_and_keeps_the_good_fields(raw):
    text = json.dumps(raw)
    prefs, notice, left = load_from(text.encode("utf-8"))
    assert_valid(prefs)
    if not isinstance(raw, dict):
        assert notice and prefs == Preferences()
        return
    for name, value in raw.items():
        if name in _VALID and _VALID[name](value):
            assert getattr(prefs, name) == value  # a good field survives a bad neighbour
    damaged = any(name in _VALID and not _VALID[name](v) for name, v in raw.items())
    assert (notice is not None) == damaged
    if damaged:  # set aside, never rewritten
        (aside,) = left
        assert aside.startswith("settings.json.corrupt-")
    else:
        assert left == ["settings.json"]


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=300))
def test_any_bytes_give_valid_settings(data):
    prefs, notice, _ = load_from(data)
    assert_valid(prefs)
    if notice is None:
        assert data.strip() and json.loads(data.decode("utf-8")) is not None


@settings(max_examples=60, deadline=None)
@given(settings_objects)
def test_valid_settings_survive_a_save_and_load(raw):
    good = {name: value for name, value in raw.items() if _VALID[name](value)}
    prefs = Preferences(**good)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "settings.json"
        assert save_preferences(prefs, path) is None
        assert load_preferences(path) == (prefs, None)
