"""The server's producer when a job queue is configured (server.jobs): the same Producer — the clip keys handed
out, the priorities, the failures per article — but each clip is made by an `audionews worker` through the
queue, and read from the shared clip store once the job has finished.

A clip a listener is waiting for (URGENT) goes on the listener's queue, the rest on the background queue.
Up to IN_FLIGHT clips are on the queue at once for this server (each waited on by a light thread that only
polls Redis); the rest wait in the producer's own priority queue, so a listener's clip is never behind more
than IN_FLIGHT background ones, and the workers take it first anyway.
"""
from __future__ import annotations

import time
from pathlib import Path

from audionews.config import Settings
from audionews.errors import EngineError
from audionews.library.store import Library
from audionews.model import Clip
from audionews.outputs.audio import DEFAULT_PAUSES, Pauses
from audionews.server.jobs import JOB_TIMEOUT, RETRIES, JobQueue
from audionews.server.producer import URGENT, Producer, _Job
from audionews.speech.engines.base import COMMON_SAMPLE_RATE
from audionews.speech.synth import SynthOptions

IN_FLIGHT = 32  # clips on the queue at once for one server
POLL_SECONDS = 0.05


class QueuedProducer(Producer):
    """A Producer whose clips are made by the job queue's workers."""

    def __init__(self, queue: JobQueue, settings: Settings, library: Library, episodes_dir: Path,
                 default_options: SynthOptions, pauses: Pauses = DEFAULT_PAUSES) -> None:
        self.job_queue = queue
        super().__init__(settings, library, episodes_dir, default_options, workers=IN_FLIGHT, pauses=pauses)

    def _make(self, key: str, job: _Job, priority: int) -> Clip:
        from rq.job import Job, JobStatus

        job_id = self.job_queue.enqueue_clip(key, job.script, job.index, job.options, listener=priority <= URGENT)
        deadline = time.monotonic() + JOB_TIMEOUT * (RETRIES + 1)
        while time.monotonic() < deadline:
            status = Job.fetch(job_id, connection=self.job_queue.connection).get_status()
            if status == JobStatus.FINISHED:
                found = self._cache.lookup(key)
                if found is not None:
                    return Clip(segment=job.index, key=key, path=found[0], sample_rate=COMMON_SAMPLE_RATE,
                                frames=found[1])
                job_id = self.job_queue.enqueue_clip(key, job.script, job.index, job.options,
                                                     listener=priority <= URGENT)  # evicted since: made again
            elif status == JobStatus.FAILED:
                reason = (Job.fetch(job_id, connection=self.job_queue.connection).exc_info or "").strip()
                raise EngineError(f"A worker could not make this sentence's audio ({reason.splitlines()[-1]})."
                                  if reason else "A worker could not make this sentence's audio.")
            time.sleep(POLL_SECONDS)
        raise EngineError("No worker made this sentence's audio in time; is `audionews worker` running?")

