"""Month-end burst: sellers post sales faster than usual; how fast are they all confirmed?

    .venv/bin/python bench/burst.py [--sales 1000] [--rate 100] [--workers 2]

The Mattermost stand-in (tests/mattermost_standin) runs in this process with an outgoing webhook
to salesbot's gunicorn; the seller posts `--sales` sales at `--rate` per second (no photos, so
no OCR: VENTA_REQUIERE_COMPROBANTE=false); `--workers` `manage.py worker` processes do the work
(register the sale, reply in the thread, react). PostgreSQL on 127.0.0.1:5432 keeps its default
`synchronous_commit=on`. It prints the sales/s confirmed end to end, how long after the last
post the last confirmation went out, per-sale latency, and checks that every sale got exactly
one reply and one reaction.
"""

from __future__ import annotations

import argparse
import signal
import statistics
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.webhook import PY, environment, free_port, fresh_database, gunicorn  # noqa: E402
from tests.mattermost_standin.server import MattermostStandIn  # noqa: E402
from tests.mattermost_standin.world import build_world  # noqa: E402


def start_workers(env: dict[str, str], count: int, profile: str = "") -> list[subprocess.Popen]:
    """`profile`: a folder where py-spy (if installed) writes each worker's samples."""
    command = [PY, "manage.py", "worker", "--no-reload", "--interval", "0.05"]
    spy = Path(PY).with_name("py-spy")
    return [
        subprocess.Popen(
            [str(spy), "record", "-f", "raw", "-o", f"{profile}/worker-{n}.txt", "--", *command]
            if profile
            else command,
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for n in range(count)
    ]


def post_sales(world, sales: int, rate: float) -> list[float]:
    """Post `sales` sales as the seller at `rate`/s; when each was accepted by Mattermost."""
    started = time.monotonic()

    def one(i: int) -> float:
        time.sleep(max(0.0, started + i / rate - time.monotonic()))
        world.seller_client.post(world.ventas, f"@monto {1000 + i} @cliente Cliente {i} @tubos 5")
        return time.time()

    with ThreadPoolExecutor(max_workers=16) as pool:
        return list(pool.map(one, range(sales)))


def wait_confirmed(database_url: str, sales: int, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    with psycopg.connect(database_url.replace("postgres://", "postgresql://")) as db:
        while time.monotonic() < deadline:
            sent = db.execute(
                "SELECT count(*) FROM sales_avisomattermost WHERE estado = 'enviado'"
            ).fetchone()[0]
            if sent >= 2 * sales:
                return
            time.sleep(0.25)
    raise SystemExit(f"not every sale was confirmed within {timeout:.0f} s")


def confirmations(database_url: str) -> list[tuple[float, float]]:
    """(post created, last reply or reaction sent) per sale, as epoch seconds."""
    with psycopg.connect(database_url.replace("postgres://", "postgresql://")) as db:
        return db.execute(
            "SELECT extract(epoch FROM v.fecha), extract(epoch FROM max(a.enviado)) "
            "FROM sales_venta v JOIN sales_avisomattermost a ON a.venta_id = v.id "
            "GROUP BY v.id"
        ).fetchall()


def exactly_once(world) -> tuple[int, int]:
    """(sales with other than one bot reply, sales with other than one bot reaction)."""
    posts = [p for p in world.mm.posts(world.ventas) if p.user_id == world.seller.id]
    replies = [p.root_id for p in world.mm.posts(world.ventas) if p.user_id == world.bot.id]
    wrong_replies = sum(replies.count(p.id) != 1 for p in posts)
    wrong_reactions = sum(
        len([r for r in world.mm.reactions(p.id) if r.user_id == world.bot.id]) != 1 for p in posts
    )
    return wrong_replies, wrong_reactions


def report(posted: list[float], done: list[tuple[float, float]]) -> None:
    latencies = sorted(float(end) - float(start) for start, end in done)
    last_confirmed = max(float(end) for _, end in done)
    span = last_confirmed - min(posted)
    print(f"posted {len(posted)} sales in {max(posted) - min(posted):.1f} s")
    print(f"end to end: {len(done) / span:.1f} sales/s (first post to last confirmation)")
    print(f"last confirmation {last_confirmed - max(posted):.1f} s after the last post")
    print(
        f"per-sale latency: p50 {statistics.median(latencies):.1f} s, "
        f"p99 {latencies[int(len(latencies) * 0.99) - 1]:.1f} s, max {latencies[-1]:.1f} s"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sales", type=int, default=1000)
    parser.add_argument("--rate", type=float, default=100)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--profile", default="", help="folder for py-spy samples of the workers")
    args = parser.parse_args()
    mm = MattermostStandIn().start()
    world = build_world(mm)
    with fresh_database() as database_url:
        env = {
            **environment(database_url),
            "MATTERMOST_URL": mm.url,
            "MATTERMOST_BOT_TOKEN": world.bot.token,
            "MATTERMOST_CANALES": world.ventas.id,
            "VENTA_REQUIERE_COMPROBANTE": "false",
        }
        subprocess.run([PY, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
        port = free_port()
        hook = mm.add_outgoing_webhook(
            world.team, world.ventas, callback_urls=[f"http://127.0.0.1:{port}/mattermost/webhook"],
            creator=world.admin,
        )  # fmt: skip
        env["MATTERMOST_WEBHOOK_TOKENS"] = hook.token
        with gunicorn("salesbot.wsgi", env, port):
            workers = start_workers(env, args.workers, args.profile)
            try:
                posted = post_sales(world, args.sales, args.rate)
                wait_confirmed(database_url, args.sales, timeout=600)
            finally:
                for worker in workers:
                    # py-spy writes its samples when interrupted, as on Ctrl-C.
                    worker.send_signal(signal.SIGINT if args.profile else signal.SIGTERM)
                for worker in workers:
                    worker.wait(timeout=60)
        report(posted, confirmations(database_url))
        replies, reactions = exactly_once(world)
        print(f"sales without exactly one reply / reaction: {replies} / {reactions}")


if __name__ == "__main__":
    main()
