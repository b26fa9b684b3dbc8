"""Clue validation: what is cleaned, what is refused and why."""
# The tables below are made of look-alike characters on purpose.
# ruff: noqa: RUF001

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from game import clues
from game.cluegen import ClueVocabulary
from game.clues import (
    IRREGULAR_DERIVATIONS,
    REASONS,
    fold_text,
    same_word_up_to_derivation,
    same_word_up_to_inflection,
    validate_clue,
)

STACK = ["cat", "berry", "run", "knife", "make", "sunflower", "sea horse"]


@pytest.mark.parametrize(
    ("typed", "cleaned"),
    [
        ("  Fruit ", "fruit"),
        ("big    RED\u00a0 thing", "big red thing"),
        ("cafe\u0301", "caf\u00e9"),  # NFC joins the combining accent
        ("Ocean\n", "ocean"),
    ],
)
def test_valid_clues_are_normalized(typed, cleaned):
    check = validate_clue(typed, STACK)
    assert check.ok, check.message
    assert check.clue == cleaned


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("", clues.EMPTY),
        ("   \t ", clues.EMPTY),
        ("a" * 41, clues.TOO_LONG),
        ("one two three four five", clues.TOO_LONG),
        ("ba\x07d", clues.CONTROL_CHARACTERS),
        ("tab\tinside", clues.CONTROL_CHARACTERS),
        ("zero\u200bwidth", clues.CONTROL_CHARACTERS),
        ("!!! 42", clues.NO_LETTERS),
        ("CAT", clues.STACK_WORD),
        ("seahorse", clues.STACK_WORD),
        ("catalog", clues.CONTAINS_STACK_WORD),
        ("hot cat", clues.CONTAINS_STACK_WORD),
        ("sun", clues.INSIDE_STACK_WORD),
        ("cats", clues.CONTAINS_STACK_WORD),
        ("berries", clues.INFLECTION),
        ("making", clues.INFLECTION),
        ("knives", clues.INFLECTION),
        ("running", clues.CONTAINS_STACK_WORD),
    ],
)
def test_refused_clues_give_their_reason(typed, reason):
    check = validate_clue(typed, STACK)
    assert not check.ok
    assert check.reason == reason
    assert check.message


def test_short_words_inside_clues_are_not_refused():
    assert validate_clue("box", ["ox"]).ok
    assert validate_clue("animal", []).ok


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("cats", "cat"),
        ("running", "run"),
        ("berries", "berry"),
        ("wolves", "wolf"),
        ("boxes", "box"),
        ("baked", "bake"),
        ("stopped", "stop"),
        ("mice", "mouse"),
        ("baked", "baker"),
        ("baking", "bakers"),
        ("runner", "running"),
    ],
)
def test_inflections_are_the_same_word(a, b):
    assert same_word_up_to_inflection(a, b)
    assert same_word_up_to_inflection(b, a)


@pytest.mark.parametrize(
    ("a", "b"), [("glass", "glas"), ("bus", "bu"), ("cat", "dog"), ("sing", "sin")]
)
def test_different_words_are_not_inflections(a, b):
    assert not same_word_up_to_inflection(a, b)


def test_same_clue_twice_is_fine():
    assert validate_clue("fruit", STACK).ok and validate_clue("fruit", STACK).ok


@given(st.text(max_size=80), st.lists(st.text(max_size=20), max_size=12))
def test_junk_never_raises_and_always_gives_a_documented_answer(typed, stack):
    check = validate_clue(typed, stack)
    assert check.reason is None or check.reason in REASONS
    assert unicodedata.is_normalized("NFC", check.clue)
    if check.ok:
        assert check.clue == check.clue.strip()
        assert 0 < len(check.clue) <= clues.MAX_CLUE_CHARS
        assert "  " not in check.clue


@pytest.mark.parametrize("typed", ["\u0130\u2026", "\u0130stanbul", "A\u0130\u0301"])
def test_cleaned_clue_is_nfc_even_when_lower_case_decomposes(typed):
    # "\u0130".lower() is "i" + combining dot above: found by fuzzing (issue 11).
    check = validate_clue(typed)
    assert unicodedata.is_normalized("NFC", check.clue)
    assert check.clue == unicodedata.normalize("NFC", typed.lower())


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("\uff44\uff4f\uff43\uff54\uff4f\uff52", "doctor"),  # full-width
        ("\ufb01sh", "fish"),  # ligature
        ("D\u00f3ctor", "doctor"),
        ("cafe\u0301", "cafe"),
        ("Stra\u00dfe", "strasse"),
        ("\u0130stanbul", "istanbul"),
        ("  two   words ", "two words"),
    ],
)
def test_fold_text_compares_as_the_model_sees(text, folded):
    assert fold_text(text) == folded


# fmt: off
# (clue, stack word) pairs: each clue is a stack word in disguise and must be refused.
REFUSED_PAIRS = [
    # Compatibility forms, accents, case
    ("dóctor", "doctor"), ("café", "cafe"), ("cafe", "café"), ("ｄｏｃｔｏｒ", "doctor"),
    ("cáts", "cat"), ("DOCTOR", "doctor"), ("\ufb01sh", "fish"), ("\ufb02ower", "flower"),
    ("naïve", "naive"), ("résumé", "resume"), ("Ｃａｔ", "cat"), ("piñata", "pinata"),
    ("jalapeño", "jalapeno"), ("ｈｏｒｓｅｓ", "horse"), ("crème", "creme"), ("über", "uber"),
    ("straße", "strasse"), ("ÉCOLE", "ecole"), ("d\u0301octor", "doctor"),
    ("ⓓⓞⓒⓣⓞⓡ", "doctor"), ("𝐝𝐨𝐜𝐭𝐨𝐫", "doctor"), ("ŝtone", "stone"), ("Ｍｕｓｉｃ", "music"),
    ("hâppiness", "happy"),
    # Derived forms named in the issue, both ways
    ("stability", "stable"), ("stable", "stability"), ("happiness", "happy"),
    ("happy", "happiness"), ("teacher", "teach"), ("teach", "teacher"),
    ("beautiful", "beauty"), ("beauty", "beautiful"), ("strength", "strong"),
    ("strong", "strength"), ("decision", "decide"), ("decide", "decision"),
    ("musician", "music"), ("music", "musician"),
    # More derivations
    ("happily", "happy"), ("creation", "create"), ("creative", "create"),
    ("creator", "create"), ("purity", "pure"), ("famous", "fame"), ("glorious", "glory"),
    ("natural", "nature"), ("explosion", "explode"), ("extension", "extend"),
    ("confusion", "confuse"), ("admission", "admit"), ("competition", "compete"),
    ("introduction", "introduce"), ("production", "produce"), ("reduction", "reduce"),
    ("description", "describe"), ("biologist", "biology"), ("biological", "biology"),
    ("comedian", "comedy"), ("pianist", "piano"), ("difference", "different"),
    ("pleasant", "please"), ("beautify", "beauty"), ("simplify", "simple"),
    ("purify", "pure"), ("noisy", "noise"), ("widen", "wide"), ("loneliness", "lonely"),
    ("electricity", "electrician"), ("photographer", "photography"),
    ("decisions", "decide"), ("creations", "create"), ("beautifully", "beauty"),
    ("scientist", "science"), ("scientific", "science"), ("pleasure", "please"),
    ("emptiness", "empty"), ("laziness", "lazy"), ("friendly", "friendship"),
    ("gladly", "gladness"), ("collection", "collect"), ("direction", "direct"),
    ("invention", "invent"), ("division", "divide"), ("agreement", "agree"),
    ("movement", "move"), ("activity", "active"), ("celebration", "celebrate"),
    ("imagination", "imagine"), ("information", "inform"), ("hopeless", "hope"),
    ("careful", "care"), ("dangerous", "danger"), ("mysterious", "mystery"),
    # Irregular table
    ("width", "wide"), ("depth", "deep"), ("length", "long"), ("height", "high"),
    ("truth", "true"), ("youth", "young"), ("death", "die"), ("heat", "hot"),
    ("pride", "proud"), ("speech", "speak"), ("song", "sing"), ("choice", "choose"),
    ("loss", "lose"), ("proof", "prove"), ("belief", "believe"), ("life", "live"),
    ("poverty", "poor"), ("explanation", "explain"), ("pronunciation", "pronounce"),
    ("thought", "think"), ("flight", "fly"), ("wisdom", "wise"), ("frozen", "freeze"),
    ("taught", "teach"), ("anger", "angry"), ("hunger", "hungry"), ("colour", "color"),
    ("theatre", "theater"), ("centre", "center"),
    # Inflections
    ("mice", "mouse"), ("geese", "goose"), ("children", "child"), ("berries", "berry"),
    ("knives", "knife"), ("wolves", "wolf"), ("running", "run"), ("baked", "bake"),
    ("stopped", "stop"), ("went", "go"), ("teeth", "tooth"), ("studies", "study"),
    # Inside a longer clue
    ("great happiness", "happy"), ("inner strength", "strong"), ("café au lait", "cafe"),
    # British/American spellings (issue 18), both ways, with inflections and derivations
    ("harbour", "harbor"), ("harbor", "harbour"), ("grey", "gray"), ("gray", "grey"),
    ("aluminium", "aluminum"), ("neighbourhood", "neighborhood"), ("moustache", "mustache"),
    ("tyre", "tire"), ("aeroplane", "airplane"), ("pyjamas", "pajamas"), ("greys", "gray"),
    ("harbours", "harbor"), ("neighbourhood", "neighbor"), ("colourful", "color"),
    ("humour", "humor"), ("HARBOUR", "harbor"),
    # Letters of another script that look like Latin ones (confusable skeleton, issue 18)
    ("fіsh", "fish"), ("еnvеlоpe", "envelope"), ("сat", "cat"),
    ("αpple", "apple"), ("hоrses", "horse"), ("рiano", "piano"),
    ("АPPLE", "apple"),
]

# (clue, stack word) pairs: real associations (or look-alike spellings) that stay allowed.
ALLOWED_PAIRS = [
    ("horse", "stable"), ("joy", "happy"), ("school", "teach"), ("nurse", "doctor"),
    ("saddle", "horse"), ("milk", "cow"), ("bark", "dog"), ("meow", "cat"), ("honey", "bee"),
    ("moon", "night"), ("sun", "day"), ("bread", "butter"), ("coffee", "tea"),
    ("rain", "umbrella"), ("snow", "winter"), ("beach", "sand"), ("ocean", "wave"),
    ("leaf", "tree"), ("king", "queen"), ("prince", "castle"), ("knife", "fork"),
    ("spoon", "soup"), ("pen", "paper"), ("book", "library"), ("violin", "music"),
    ("lemon", "sour"), ("sugar", "sweet"), ("salt", "pepper"), ("fire", "smoke"),
    ("ice", "cold"), ("summer", "hot"), ("train", "station"), ("plane", "airport"),
    ("car", "road"), ("ship", "sea"), ("wheel", "bicycle"), ("doctor", "hospital"),
    ("teacher", "student"), ("planet", "star"), ("earth", "moon"), ("atom", "molecule"),
    ("cell", "biology"), ("brain", "mind"), ("heart", "love"), ("tooth", "dentist"),
    ("eye", "vision"), ("clock", "time"), ("money", "bank"), ("gold", "silver"),
    ("diamond", "ring"), ("baby", "cradle"), ("mother", "father"), ("brother", "sister"),
    ("tiger", "lion"), ("wolf", "pack"), ("fox", "hen"), ("owl", "night"), ("frog", "pond"),
    ("fish", "river"), ("whale", "ocean"), ("shark", "teeth"), ("snake", "venom"),
    ("spider", "web"), ("mouse", "cheese"), ("rabbit", "carrot"), ("monkey", "banana"),
    ("bear", "honey"), ("muscle", "strong"), ("smile", "happy"), ("tears", "sad"),
    ("shout", "angry"), ("flower", "beauty"), ("concert", "music"), ("choose", "decide"),
    ("barn", "stable"), ("lesson", "teach"), ("lab", "science"), ("paint", "art"),
    ("chef", "kitchen"), ("lock", "keys"), ("glass", "window"), ("thunder", "storm"),
    ("apple", "red"), ("grass", "green"), ("sky", "blue"), ("cheese", "pizza"),
    ("italy", "pasta"), ("japan", "sushi"), ("grape", "wine"), ("birthday", "cake"),
    ("flame", "candle"), ("balloon", "party"), ("gift", "present"), ("coat", "winter"),
    ("vacation", "summer"), ("garden", "plant"), ("tractor", "farm"), ("bridge", "river"),
    ("climb", "mountain"), ("camel", "desert"), ("lava", "volcano"), ("telescope", "star"),
    ("iron", "magnet"), ("keyboard", "computer"), ("mail", "letter"), ("photo", "camera"),
    ("actor", "movie"), ("theater", "stage"), ("poem", "poet"), ("nation", "nature"),
    ("bread", "break"), ("horse", "hoarse"), ("metal", "medal"), ("card", "cart"),
    ("plane", "plant"), ("cafe", "coffee"), ("naive", "innocent"), ("doctor", "dentist"),
    ("strong", "weak"), ("happy", "sad"), ("decide", "vote"), ("music", "dance"),
    ("beauty", "ugly"), ("stable", "calm"), ("teach", "learn"),
    # Associations of words that have another spelling
    ("ship", "harbor"), ("port", "harbour"), ("cloud", "grey"), ("metal", "aluminum"),
    ("beard", "moustache"), ("wheel", "tyre"), ("sleep", "pyjamas"), ("pilot", "aeroplane"),
    ("street", "neighbourhood"), ("paint", "colour"),
    # Latin letters stay themselves (a whole-text skeleton would turn "m" into "rn")
    ("corn", "comb"), ("modern", "rnodern"), ("clip", "dip"),
]
# fmt: on


def test_the_pair_tables_are_big_enough_and_distinct():
    assert len(set(REFUSED_PAIRS)) >= 100
    assert len(set(ALLOWED_PAIRS)) >= 100


@pytest.mark.parametrize(("typed", "stack_word"), REFUSED_PAIRS)
def test_disguised_stack_words_are_refused(typed, stack_word):
    check = validate_clue(typed, [stack_word, "zebra"])
    assert not check.ok, f"{typed!r} should be refused for {stack_word!r}"
    assert check.reason in REASONS and check.message


@pytest.mark.parametrize(("typed", "stack_word"), ALLOWED_PAIRS)
def test_real_associations_stay_allowed(typed, stack_word):
    check = validate_clue(typed, [stack_word, "zebra"])
    assert check.ok, f"{typed!r} for {stack_word!r}: {check.message}"


def test_derived_form_has_its_own_reason():
    check = validate_clue("stability", ["stable"])
    assert check.reason == clues.DERIVED_FORM
    assert "stable" in check.message


def test_irregular_table_works_both_ways():
    for form, base in IRREGULAR_DERIVATIONS.items():
        assert same_word_up_to_derivation(form, base), (form, base)
        assert same_word_up_to_derivation(base, form), (base, form)


def test_spelling_variants_have_their_own_reason():
    check = validate_clue("harbour", ["harbor"])
    assert check.reason == clues.SPELLING_VARIANT
    assert "harbor" in check.message


def test_every_pair_of_the_spelling_lists_is_refused_both_ways():
    from breame.data.spelling_constants import (
        AMERICAN_ENGLISH_SPELLINGS,
        BRITISH_ENGLISH_SPELLINGS,
    )

    pairs = [*BRITISH_ENGLISH_SPELLINGS.items(), *AMERICAN_ENGLISH_SPELLINGS.items()]
    assert len(pairs) > 3000
    for one, other in pairs:
        assert not validate_clue(one, [other]).ok, (one, other)
        assert not validate_clue(other, [one]).ok, (other, one)


@pytest.mark.parametrize(
    "stack_word",
    ["stable", "happy", "beauty", "decide", "café", "strong", "harbor", "gray", "neighbour"],
)
def test_generator_vocabulary_refuses_exactly_what_the_game_refuses(stack_word):
    vocab = ClueVocabulary()
    mask = vocab.illegal_mask(stack_word)
    expected = [not validate_clue(word, [stack_word]).ok for word in vocab.words]
    assert mask.tolist() == expected
    refused = {w for w, bad in zip(vocab.words, expected, strict=True) if bad}
    assert refused  # e.g. "stability" for "stable", "happiness" for "happy"


def test_non_text_is_a_type_error():
    with pytest.raises(TypeError):
        validate_clue(42, [])  # type: ignore[arg-type]


def test_words_are_stemmed_correctly_from_many_threads_at_once():
    import threading

    from game.clues import _stem

    words = [
        f"{base}{ending}"
        for base in ("nation", "happi", "relat", "generous")
        for ending in ("al", "ness", "ively", "ization")
    ]
    expected = {word: _stem.__wrapped__(word) for word in words}
    failures: list[BaseException] = []

    def stem_all(rounds: int) -> None:
        try:
            for _ in range(rounds):
                for word in words:
                    assert _stem.__wrapped__(word) == expected[word]
        except BaseException as exc:  # reported by the main thread
            failures.append(exc)

    threads = [threading.Thread(target=stem_all, args=(300,)) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not failures, failures[0]


def test_a_clue_refused_for_control_characters_is_still_given_back_in_nfc():
    # U+FA70 is a compatibility ideograph: NFC turns it into U+4E26.
    check = validate_clue("\x1b\ufa70")
    assert check.reason == "control_characters"
    assert check.clue == "\x1b\u4e26"


def test_the_generator_never_offers_another_spelling_of_a_stack_word():
    vocab = ClueVocabulary()
    offered = 0
    for stack_word, other in [("harbor", "harbour"), ("gray", "grey"), ("aluminum", "aluminium")]:
        if other in vocab.words:
            offered += 1
            assert vocab.illegal_mask(stack_word)[vocab.words.index(other)], other
    assert offered  # the vocabulary holds some of them, so the check means something
