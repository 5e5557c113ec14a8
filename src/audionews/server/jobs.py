"""The job queue, optional: with AUDIONEWS_QUEUE_URL=redis://HOST:PORT/DB (or `--queue URL`) clips are made by
`audionews worker` processes, on any machines that share the clip store, instead of in the server's process.

The queue is RQ's (Redis Queue): plain Python functions as jobs, a worker per process, and what the deployment
needs built in (worker heartbeats, abandoned-job recovery, retries, the failed-job registry) without Celery's
broker/backend/beat configuration. Two queues: a clip a listener is waiting for goes on LISTENER, which every
worker empties before it takes BACKGROUND work.

Jobs are idempotent: a clip's job id is its content-addressed cache key, so a clip asked for twice while queued
is queued once, and a clip made twice is stored once (the cache writes to a temporary file, then renames). They
are at least once: a worker killed mid-job stops sending heartbeats; within ABANDONED_AFTER seconds plus one
MAINTENANCE_SECONDS round another worker finds the job abandoned and runs it again (RETRIES times at most).
"""
from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from audionews.errors import OutputError, UsageError

if TYPE_CHECKING:
    import redis
    from rq import Queue

    from audionews.model import Script
    from audionews.speech.synth import SynthOptions, Synthesizer

QUEUE_URL_VARIABLE = "AUDIONEWS_QUEUE_URL"
LISTENER, BACKGROUND = "audionews-listener", "audionews-background"  # workers take the first one's jobs first
JOB_TIMEOUT = 600  # seconds one clip may take (a long sentence on a slow neural voice is far less)
MONITORING_SECONDS = 5  # a running job's heartbeat period
ABANDONED_AFTER = MONITORING_SECONDS + 60  # RQ: a job whose heartbeat is this old has lost its worker
MAINTENANCE_SECONDS = 15  # how often a worker looks for abandoned jobs
RETRIES = 3  # runs of a job after the first, when it fails or is abandoned


def queue_url(explicit: str | None = None) -> str | None:
    """The queue's URL: `--queue URL`, else AUDIONEWS_QUEUE_URL, else None (the in-process producer)."""
    url = (explicit or os.environ.get(QUEUE_URL_VARIABLE, "")).strip()
    if url and not url.startswith(("redis://", "rediss://", "unix://")):
        raise UsageError(f"The queue URL must be redis://HOST:PORT/DB, not {url!r}.")
    return url or None


@dataclass(frozen=True)
class QueueState:
    queued: int
    running: int
    finished: int
    failed: int
    workers: int  # alive: registered and sending heartbeats


class JobQueue:
    """The two queues on one Redis."""

    def __init__(self, url: str) -> None:
        import redis
        from rq import Queue

        self.url = url
        self.connection: redis.Redis = redis.Redis.from_url(url)
        try:
            self.connection.ping()
        except redis.RedisError as error:
            reason = str(error).rstrip(".")
            raise OutputError(f"Cannot reach the job queue at {url} ({reason}); is Redis running there?") from error
        self.listener: Queue = Queue(LISTENER, connection=self.connection, default_timeout=JOB_TIMEOUT)
        self.background: Queue = Queue(BACKGROUND, connection=self.connection, default_timeout=JOB_TIMEOUT)

    def enqueue_clip(self, key: str, script: Script, index: int, options: SynthOptions, *,
                     listener: bool = False) -> str:
        """Queue the making of clip `key` (segment `index` of `script`) unless it is queued or running already;
        a listener's request moves a clip still waiting in the background queue to the listener's."""
        from rq import Retry
        from rq.exceptions import NoSuchJobError
        from rq.job import Job, JobStatus

        job_id = f"clip-{key}"
        try:
            existing = Job.fetch(job_id, connection=self.connection)
            status = existing.get_status()
        except NoSuchJobError:
            existing, status = None, None
        if existing is not None and status == JobStatus.STARTED:
            return job_id
        if existing is not None and status == JobStatus.QUEUED:
            if not listener or existing.origin == LISTENER:
                return job_id
            self.background.remove(job_id)
        queue = self.listener if listener else self.background
        queue.enqueue(make_clip, script, index, options, job_id=job_id, retry=Retry(max=RETRIES),
                      result_ttl=3600, failure_ttl=7 * 24 * 3600, at_front=False)
        return job_id

    def state(self) -> QueueState:
        from rq import Worker

        queues = (self.listener, self.background)
        return QueueState(
            queued=sum(queue.count for queue in queues),
            running=sum(queue.started_job_registry.count for queue in queues),
            finished=sum(queue.finished_job_registry.count for queue in queues),
            failed=sum(queue.failed_job_registry.count for queue in queues),
            workers=Worker.count(connection=self.connection),
        )

    def finished_job_ids(self) -> list[str]:
        return [job_id for queue in (self.listener, self.background)
                for job_id in queue.finished_job_registry.get_job_ids()]

    def retry_failed(self) -> int:
        """Put every failed job back on its queue; how many."""
        count = 0
        for queue in (self.listener, self.background):
            registry = queue.failed_job_registry
            for job_id in registry.get_job_ids():
                registry.requeue(job_id)
                count += 1
        return count

    def work(self, *, burst: bool = False, name: str | None = None) -> bool:
        """Run jobs until stopped (SIGINT/SIGTERM: the current job finishes first), or, with `burst`, until both
        queues are empty."""
        worker = _worker_class()([self.listener, self.background], connection=self.connection, name=name,
                        job_monitoring_interval=MONITORING_SECONDS, maintenance_interval=MAINTENANCE_SECONDS)
        return bool(worker.work(burst=burst, with_scheduler=False, logging_level="WARNING"))


def _worker_class() -> type:
    """RQ's SimpleWorker (jobs in the worker's own process, so the voice stays loaded between them) with the
    heartbeat of RQ's forking Worker: every MONITORING_SECONDS while a job runs, so a killed worker's job is
    found abandoned after ABANDONED_AFTER seconds, not after its whole timeout."""
    from rq import SimpleWorker
    from rq.worker.base import BaseWorker, WorkerStatus

    class Worker(SimpleWorker):
        get_heartbeat_ttl = BaseWorker.get_heartbeat_ttl

        def execute_job(self, job: Any, queue: Any) -> None:
            execution = self.prepare_execution(job)
            done = threading.Event()

            def beat() -> None:
                while not done.wait(MONITORING_SECONDS):
                    self.maintain_heartbeats(job, execution)

            beating = threading.Thread(target=beat, name="audionews-heartbeat", daemon=True)
            beating.start()
            try:
                self.perform_job(job, queue, execution)
            finally:
                done.set()
                beating.join()
            self.set_state(WorkerStatus.IDLE)

    return Worker


_synthesizers: dict[Any, Synthesizer] = {}  # in a worker process: one per voice choice, kept between jobs


def make_clip(script: Script, index: int, options: SynthOptions) -> dict[str, Any]:
    """The job: make segment `index`'s clip into the shared clip store (AUDIONEWS_CACHE_DIR), or find it made;
    `synthesized` says which (1 when this job ran the engine)."""
    from audionews.config import Settings
    from audionews.speech.synth import Synthesizer

    synthesizer = _synthesizers.get(options)
    if synthesizer is None:
        synthesizer = _synthesizers[options] = Synthesizer(options, Settings.from_env())
    before = synthesizer.stats.synthesized
    clip = synthesizer.clip(script, index)
    return {"key": clip.key, "frames": clip.frames, "sample_rate": clip.sample_rate,
            "synthesized": synthesizer.stats.synthesized - before}
