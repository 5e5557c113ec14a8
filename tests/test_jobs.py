"""The job queue (server.jobs) on a real Redis the tests start, worked by real `audionews worker` processes making
real espeak-ng clips: a listener's clip before 200 background ones, two workers making each clip once, a
SIGKILLed worker's job run again, and `audionews queue` / `queue retry-failed`."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from audionews.model import Script, Segment
from audionews.server.jobs import ABANDONED_AFTER, MAINTENANCE_SECONDS, JobQueue
from audionews.speech.synth import SynthOptions

ESPEAK = SynthOptions(engine="espeak", progress=False)


def _script(title: str, sentences: int) -> Script:
    return Script(title=title, segments=[Segment("title", title, paragraph=0, sentence=0)] + [
        Segment("narration", f"{title}: sentence number {n} of the story.", paragraph=1, sentence=n)
        for n in range(1, sentences + 1)])


def _env(tmp_path: Path, url: str) -> dict[str, str]:
    return {**os.environ, "AUDIONEWS_CACHE_DIR": str(tmp_path / "cache"), "AUDIONEWS_QUEUE_URL": url}


def _audionews(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "audionews", *args], env=env, capture_output=True, text=True,
                          timeout=600)


def _enqueue(queue: JobQueue, script: Script, *, listener: bool = False) -> list[str]:
    from audionews.config import Settings
    from audionews.speech.synth import Synthesizer

    synthesizer = Synthesizer(ESPEAK, Settings.from_env())
    return [queue.enqueue_clip(synthesizer.clip_key(script, index), script, index, ESPEAK, listener=listener)
            for index in range(len(script.segments))]


def _results(queue: JobQueue, job_ids: list[str]) -> list[dict]:
    from rq.job import Job

    return [Job.fetch(job_id, connection=queue.connection).return_value() for job_id in job_ids]


def test_queue_state_is_json_and_failed_jobs_can_be_retried(redis_server, tmp_path: Path) -> None:
    url = redis_server.url()
    env = _env(tmp_path, url)
    shown = _audionews("queue", env=env)
    assert shown.returncode == 0, shown.stderr
    assert json.loads(shown.stdout) == {"queued": 0, "running": 0, "finished": 0, "failed": 0, "workers": 0}

    queue = JobQueue(url)
    bad = SynthOptions(engine="espeak", voice="no-such-voice-at-all", progress=False)
    script = _script("Broken", 0)
    queue.enqueue_clip("0" * 32, script, 0, bad)
    assert json.loads(_audionews("queue", "--queue", url, env=env).stdout)["queued"] == 1
    worked = _audionews("worker", "--burst", env=env)
    assert worked.returncode == 0, worked.stderr
    assert json.loads(_audionews("queue", env=env).stdout) == {
        "queued": 0, "running": 0, "finished": 0, "failed": 1, "workers": 0}
    retried = _audionews("queue", "retry-failed", env=env)
    assert (retried.returncode, json.loads(retried.stdout)) == (0, {"retried": 1})
    assert json.loads(_audionews("queue", env=env).stdout)["queued"] == 1


def test_without_a_queue_the_commands_say_what_to_do(tmp_path: Path) -> None:
    env = {key: value for key, value in os.environ.items() if key != "AUDIONEWS_QUEUE_URL"}
    for command in (("queue",), ("worker", "--burst")):
        result = _audionews(*command, env=env)
        assert result.returncode == 2 and "AUDIONEWS_QUEUE_URL" in result.stderr and "Traceback" not in result.stderr


def test_a_listeners_clip_is_made_before_200_queued_background_clips(redis_server, tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    from rq.job import Job

    url = redis_server.url()
    monkeypatch.setenv("AUDIONEWS_CACHE_DIR", str(tmp_path / "cache"))  # the keys computed here, as the worker will
    queue = JobQueue(url)
    background = _enqueue(queue, _script("Background", 199))
    assert len(background) == 200
    (wanted,) = _enqueue(queue, Script(title="Wanted now", segments=[Segment("title", "Wanted now", 0, 0)]),
                         listener=True)
    worked = _audionews("worker", "--burst", env=_env(tmp_path, url))
    assert worked.returncode == 0, worked.stderr
    jobs = {job_id: Job.fetch(job_id, connection=queue.connection) for job_id in [wanted, *background]}
    assert all(job.get_status() == "finished" for job in jobs.values())
    assert jobs[wanted].ended_at <= min(jobs[job_id].started_at for job_id in background)


def test_two_workers_make_every_clip_exactly_once(redis_server, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    url = redis_server.url()
    monkeypatch.setenv("AUDIONEWS_CACHE_DIR", str(tmp_path / "cache"))
    queue = JobQueue(url)
    scripts = [_script(f"Article {n}", 12) for n in range(3)]
    job_ids = [job_id for script in scripts for job_id in _enqueue(queue, script)]
    assert [_enqueue(queue, script) for script in scripts[:1]] == [job_ids[:13]]  # asked again: queued once
    assert queue.state().queued == len(job_ids) == 39
    workers = [subprocess.Popen([sys.executable, "-m", "audionews", "worker", "--burst"],
                                env=_env(tmp_path, url), stderr=subprocess.PIPE, text=True) for _ in range(2)]
    for worker in workers:
        assert worker.wait(600) == 0, worker.stderr.read() if worker.stderr else ""
    results = _results(queue, job_ids)
    assert sum(result["synthesized"] for result in results) == 39  # every clip made once, by one of the two
    assert len(list((tmp_path / "cache").rglob("*.wav"))) == 39
    assert queue.state().finished == 39


@pytest.mark.timeout(600)
def test_a_job_of_a_worker_killed_mid_article_is_run_again(redis_server, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    url = redis_server.url()
    monkeypatch.setenv("AUDIONEWS_CACHE_DIR", str(tmp_path / "cache"))
    queue = JobQueue(url)
    long_script = Script(title="Long", segments=[Segment("narration", " ".join(
        f"This is sentence {n} of a very long paragraph read slowly." for n in range(400)), 1, 1)])
    (job_id,) = _enqueue(queue, long_script)
    doomed = subprocess.Popen([sys.executable, "-m", "audionews", "worker"], env=_env(tmp_path, url))
    try:
        deadline = time.monotonic() + 60
        while queue.state().running == 0:
            assert time.monotonic() < deadline, "the worker never started the job"
            time.sleep(0.1)
    finally:
        doomed.send_signal(signal.SIGKILL)
        doomed.wait(10)
    assert not list((tmp_path / "cache").rglob("*.wav"))  # nothing half-written in the store
    rescuer = subprocess.Popen([sys.executable, "-m", "audionews", "worker"], env=_env(tmp_path, url))
    try:
        deadline = time.monotonic() + ABANDONED_AFTER + 2 * MAINTENANCE_SECONDS + 120
        while queue.state().finished == 0:
            assert time.monotonic() < deadline, "the abandoned job was not run again in time"
            time.sleep(1)
    finally:
        rescuer.send_signal(signal.SIGTERM)
        assert rescuer.wait(300) == 0
    assert _results(queue, [job_id])[0]["synthesized"] == 1
    assert len(list((tmp_path / "cache").rglob("*.wav"))) == 1


def test_a_server_on_the_queue_with_two_workers_makes_every_clip_once(redis_server, tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    from dataclasses import replace

    from rq.job import Job

    from audionews.config import Settings
    from audionews.server.app import create_app

    url = redis_server.url()
    monkeypatch.setenv("AUDIONEWS_CACHE_DIR", str(tmp_path / "cache"))
    settings = replace(Settings.from_env(), cache_dir=tmp_path / "cache")
    app = create_app(tmp_path / "data", settings, options=ESPEAK, queue=url)
    workers = [subprocess.Popen([sys.executable, "-m", "audionews", "worker"], env=_env(tmp_path, url))
               for _ in range(2)]
    try:
        client = app.test_client()
        urls: list[str] = []
        for n in range(3):
            text = f"Story {n}\n\n" + " ".join(f"Paragraph sentence {m} of story {n}." for m in range(8))
            response = client.post("/api/articles", json={"text": text})
            assert response.status_code == 201, response.get_json()
            article = client.get(f"/api/articles/{response.get_json()['id']}").get_json()
            urls += [segment["audio"] for segment in article["segments"]]
        for audio in urls:  # every clip playable: made by a worker, served from the shared store
            response = client.get(audio)
            assert response.status_code == 200 and response.data[:4] == b"RIFF", response.data[:200]
        queue = JobQueue(url)
        finished = queue.finished_job_ids()
        made = sum(Job.fetch(job_id, connection=queue.connection).return_value()["synthesized"]
                   for job_id in finished)
        assert made == len(set(urls))  # each clip synthesized once, by one of the workers
        stored = {path.stem for path in (tmp_path / "cache").rglob("*.wav")}  # (and the server's warm-up clip)
        assert {audio.removeprefix("/audio/").removesuffix(".wav") for audio in urls} <= stored
    finally:
        for worker in workers:
            worker.send_signal(signal.SIGTERM)
        for worker in workers:
            assert worker.wait(120) == 0  # each finishes its current job, then exits
        app.extensions["audionews"].close()
