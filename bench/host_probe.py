"""One probe student in a process of its own beside a simulated class: the host's round trip
without the simulated class's own event loop in the measurement.

`host_load.py` runs every simulated student in one Python process; with a large class that
process's loop (parsing 1,000+ messages a second) delays the replies it measures. Here the
class runs in a child process (the same students as `host_load.py`) and a lone probe, in this
process, sends a clue a second (half novel, half common words) and times each reply.

Usage: python bench/host_probe.py [--students 299] [--clues 40] [--novel 0.5]
Everything runs on 127.0.0.1; every loop is bounded.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import host_load
from _common import format_header, format_table, machine_info, percentiles
from _novel import known_texts, novel_clue

CLASS = """
import asyncio, sys, types
sys.path.insert(0, sys.argv[6])
import host_load
url, room, token, pid, n = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
process = types.SimpleNamespace(pid=pid)
host = types.SimpleNamespace(url=url, room=room, token=token, process=process)
stats, _, _, _ = asyncio.run(host_load.load_round(host, n, 2.0, 3, 0.3, float(sys.argv[7])))
print("CLASS_ERRORS", len(stats.errors), flush=True)
"""


async def probe(host: host_load.Host, args: argparse.Namespace) -> dict[str, list[float]]:
    """Join, start the class beside this probe, then time a clue a second."""
    import aiohttp

    from game.clues import validate_clue

    rng = random.Random(11)
    known = known_texts(host_load.CLUES)
    times: dict[str, list[float]] = {"novel": [], "cached": [], "refused": []}
    async with aiohttp.ClientSession() as session:
        ws = await session.ws_connect(host.url + "ws")
        await ws.send_str(json.dumps({"type": "join", "room": host.room, "name": "Probe"}))
        await asyncio.sleep(0.5)
        seconds = args.clues * 3.0 + 30
        command = [sys.executable, "-c", CLASS, host.url, host.room, host.token,
                   str(host.process.pid), str(args.students), str(Path(__file__).parent),
                   str(seconds)]  # fmt: skip
        child = subprocess.Popen(command)

        async def next_message(wanted):
            while True:
                data = json.loads((await ws.receive(timeout=120)).data)
                if wanted(data):
                    return data

        state = await next_message(lambda d: d["type"] == "state" and d["phase"] == "playing")
        await asyncio.sleep(5)  # the class is playing
        for _ in range(args.clues):
            words = [w["word"] for w in state["stack"]]
            kind = "novel" if rng.random() < args.novel else "cached"
            if kind == "novel":
                clue = novel_clue(rng, words, known)
            else:
                clue = next(c for c in host_load.CLUES if validate_clue(c, words).ok)
            sent = time.perf_counter()
            await ws.send_str(json.dumps({"type": "clue", "clue": clue}))
            before = state["clues"]
            reply = await next_message(
                lambda d, before=before: (
                    d["type"] == "refused" or (d["type"] == "state" and d["clues"] > before)
                )
            )
            elapsed = (time.perf_counter() - sent) * 1000
            if reply["type"] == "state":  # ranked: the time that counts
                times[kind].append(elapsed)
                state = reply
            else:  # refused (a miss's cooldown, a word that just arrived): wait it out
                times["refused"].append(elapsed)
            if state["game_over"]:
                break
            await asyncio.sleep(max(1.0, float(reply.get("seconds") or 0)))
        await ws.close()
    child.wait(timeout=seconds + 120)
    return times


def main(argv: list[str] | None = None) -> int:
    """Run the class and the probe; print the probe's round trips."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=299, help="simulated class (299)")
    parser.add_argument("--clues", type=int, default=40, help="the probe's clues (40)")
    parser.add_argument("--novel", type=float, default=0.5, help="share of novel clues (0.5)")
    args = parser.parse_args(argv)
    load_before = " ".join(f"{v:.2f}" for v in os.getloadavg())
    with tempfile.TemporaryDirectory(prefix="wordstack-probe-") as folder:
        host = host_load.Host(max(2, round(args.clues / 60) + 2), Path(folder))
        try:
            times = asyncio.run(probe(host, args))
        finally:
            host.kill()
    info = machine_info()
    info["simulated class"] = f"{args.students} students, a clue every 2 s, 30% novel"
    info["load average before / after"] = (
        f"{load_before} / {' '.join(f'{v:.2f}' for v in os.getloadavg())}"
    )
    print(format_header("The host's round trip for one probe student beside a class", info))
    rows = []
    ranked = times["novel"] + times["cached"]
    for kind, values in (*times.items(), ("all ranked", ranked)):
        if values:
            p = percentiles(values, (50, 95))
            rows.append([kind, len(values), f"{p['p50']:.1f}", f"{p['p95']:.1f}",
                         f"{max(values):.1f}"])  # fmt: skip
    print(format_table(["probe clues", "n", "p50 ms", "p95 ms", "max ms"], rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
