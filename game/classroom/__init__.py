"""Classroom competition, the pure part: codes, result files, verification, leaderboard.

No pygame and no server: the CLI, the desktop UI and the LAN host all use it.

Typical use::

    challenge = create_challenge("default", minutes=3)      # or open_challenge(code)
    state = challenge.new_game()                             # same words for everyone
    recorder = ReplayRecorder()
    ...  recorder.record(state_before, action) for every rule action applied ...
    result = make_result(challenge, "Ana", model_info(engine), recorder.replay(final))
    write_result(result, results_dir())

    accepted, rejected = verify_files(engine, paths)         # replays with the engine
    attempts = sort_attempts(accepted)                       # first attempts; practice; copies
    standings = rank_results(attempts.counted)
    lesson = lesson_view([(s.name, s.entry.outcome) for s in standings])
    flagged = flagged_clues([(s.name, s.entry.outcome) for s in standings])

A Blocks challenge (``create_challenge(mode="blocks", turns=30)``) is the same but for the
recording: ``BlocksRecorder.record(state_before, action, tick)`` takes the play clock's
tick, as turns are not timed; ``replay_round`` and ``Verifier`` serve both modes.
"""

from game.classroom.attempts import Attempts, find_copies, has_earlier_attempt, sort_attempts
from game.classroom.blocks_replay import BlocksRecorder
from game.classroom.challenge import (
    DEFAULT_MINUTES,
    Challenge,
    create_challenge,
    open_challenge,
    pack_digest,
    rules_digest,
)
from game.classroom.codes import ChallengeSpec, decode, encode
from game.classroom.leaderboard import Standing, display_name, leaderboard_csv, rank_results
from game.classroom.lesson import (
    ClueScore,
    FlaggedClue,
    TargetStats,
    flagged_clues,
    lesson_view,
)
from game.classroom.model import model_info
from game.classroom.names import (
    ai_marked,
    clean_name,
    is_offensive,
    parse_players,
    shown_clue,
    shown_name,
)
from game.classroom.outcome import BlocksOutcome, Outcome, PlayedBlocksClue
from game.classroom.replay import (
    PlayedClue,
    RoundOutcome,
    make_result,
    replay_from_actions,
    replay_of_play,
    replay_round,
)
from game.classroom.report import lesson_report_html
from game.classroom.results import (
    Flag,
    ModelInfo,
    Replay,
    ReplayRecorder,
    RoundResult,
    find_result_files,
    parse_result,
    read_result,
    results_dir,
    write_result,
)
from game.classroom.verify import (
    SCORE_TOLERANCE,
    Rejected,
    VerifiedResult,
    Verifier,
    verify_files,
)

__all__ = [
    "DEFAULT_MINUTES",
    "SCORE_TOLERANCE",
    "Attempts",
    "BlocksOutcome",
    "BlocksRecorder",
    "Challenge",
    "ChallengeSpec",
    "ClueScore",
    "Flag",
    "FlaggedClue",
    "ModelInfo",
    "Outcome",
    "PlayedBlocksClue",
    "PlayedClue",
    "Rejected",
    "Replay",
    "ReplayRecorder",
    "RoundOutcome",
    "RoundResult",
    "Standing",
    "TargetStats",
    "VerifiedResult",
    "Verifier",
    "ai_marked",
    "clean_name",
    "create_challenge",
    "decode",
    "display_name",
    "encode",
    "find_copies",
    "find_result_files",
    "flagged_clues",
    "has_earlier_attempt",
    "is_offensive",
    "leaderboard_csv",
    "lesson_report_html",
    "lesson_view",
    "make_result",
    "model_info",
    "open_challenge",
    "pack_digest",
    "parse_players",
    "parse_result",
    "rank_results",
    "read_result",
    "replay_from_actions",
    "replay_of_play",
    "replay_round",
    "results_dir",
    "rules_digest",
    "shown_clue",
    "shown_name",
    "sort_attempts",
    "verify_files",
    "write_result",
]
