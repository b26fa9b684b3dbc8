"""How many students a hosted room takes (read by the command line without loading the host)."""

MAX_PLAYERS = 300  # the default cap of a room
PLAYER_CAP_LIMIT = 2000  # the most a teacher may raise the cap to
