"""The job-queue commands: `audionews worker [--queue URL] [--burst]` makes clips from the queue, and
`audionews queue [retry-failed] [--queue URL]` prints its state as JSON or puts its failed jobs back
(server.jobs; the queue's URL from --queue or AUDIONEWS_QUEUE_URL)."""
from __future__ import annotations

import argparse
import json
from dataclasses import asdict

from audionews.errors import UsageError

QUEUE_HELP = "the job queue's Redis, redis://HOST:PORT/DB (default: AUDIONEWS_QUEUE_URL)"


def add_commands(commands: argparse._SubParsersAction) -> None:
    """The queue commands, added to the main parser's subcommands."""
    worker = commands.add_parser("worker", help="make clips from the job queue until stopped (Ctrl-C or SIGTERM"
                                                " finish the current job, then exit)")
    worker.add_argument("--queue", metavar="URL", help=QUEUE_HELP)
    worker.add_argument("--burst", action="store_true", help="exit once the queue is empty")
    worker.set_defaults(handler=cmd_worker)
    queue = commands.add_parser("queue", help="print the job queue's state as JSON, or retry its failed jobs")
    queue.add_argument("action", nargs="?", choices=("state", "retry-failed"), default="state",
                       help="state (default): counts of queued, running, finished and failed jobs and live workers;"
                            " retry-failed: put the failed jobs back on the queue")
    queue.add_argument("--queue", metavar="URL", help=QUEUE_HELP)
    queue.set_defaults(handler=cmd_queue)


def _queue(args: argparse.Namespace):  # -> JobQueue (imported late: redis and rq load only for these commands)
    from audionews.server.jobs import JobQueue, queue_url

    url = queue_url(args.queue)
    if url is None:
        raise UsageError("No job queue: give --queue redis://HOST:PORT/DB or set AUDIONEWS_QUEUE_URL.")
    return JobQueue(url)


def cmd_worker(args: argparse.Namespace) -> int:
    _queue(args).work(burst=args.burst)
    return 0


def cmd_queue(args: argparse.Namespace) -> int:
    queue = _queue(args)
    if args.action == "retry-failed":
        print(json.dumps({"retried": queue.retry_failed()}))
    else:
        print(json.dumps(asdict(queue.state())))
    return 0
