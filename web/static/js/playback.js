/** Gapless playback of a list of clip URLs through two alternating <audio> elements:
 *  while one plays segment i, the other has segment i + 1 loaded; a few more clips are prefetched so the
 *  server synthesizes them ahead of the listener. Speed and volume apply at once to both elements; the
 *  pause before each segment (setPauses, seconds at normal speed) is waited out, scaled with the speed.
 *
 *  Events (CustomEvent, detail in brackets): "segment" {index} when a segment starts or is chosen,
 *  "state" {playing, waiting, requested}, "ended", "error" {message}. `requested` is true when the awaited audio
 *  is what the caller asked for (play, seek, new URLs), false at a hand-off to the next segment or a stall. */
import { NETWORK_ERROR } from "./api.js";

const PREFETCH_AHEAD = 3;
const WAITING_AFTER_MS = 400;

export class Playback extends EventTarget {
  /** @param {HTMLAudioElement[]} elements two audio elements  @param {string[]} urls one clip URL per segment */
  constructor(elements, urls) {
    super();
    this.slots = elements;
    this.active = 0; // which slot plays the current segment
    this.urls = urls;
    this.index = 0;
    this.playing = false;
    this.rate = 1;
    this.volume = 1;
    this.prefetched = new Set();
    this.waitingTimer = 0;
    this.awaiting = false; // play() asked, first audio not yet heard
    this.requested = false; // the caller started the audio being awaited (not a hand-off to the next segment)
    this.reporting = null; // the clip URL whose error is being looked up
    this.unlocked = false; // the spare element has played once within a user gesture
    this.pauses = []; // seconds of silence before each segment, at normal speed
    this.gapTimer = 0; // waiting out the pause before the current segment
    for (const slot of this.slots) {
      slot.preservesPitch = true;
      slot.addEventListener("ended", () => this.onEnded(slot));
      slot.addEventListener("playing", () => this.onPlaying(slot));
      slot.addEventListener("waiting", () => this.onWaiting(slot));
      slot.addEventListener("error", () => this.onError(slot));
    }
  }

  get current() { return this.slots[this.active]; }
  get spare() { return this.slots[1 - this.active]; }

  setRate(rate) {
    this.rate = rate;
    for (const slot of this.slots) {
      slot.defaultPlaybackRate = rate; // load() resets playbackRate to this
      slot.playbackRate = rate;
      slot.preservesPitch = true;
    }
  }

  /** @param {number[]} pauses seconds of silence before each segment at normal speed (the first's is unused) */
  setPauses(pauses) {
    this.pauses = pauses;
  }

  setVolume(volume) {
    this.volume = volume;
    for (const slot of this.slots) slot.volume = volume;
  }

  /** New clip URLs (another voice): the current segment restarts with its new clip if playing. */
  setUrls(urls) {
    this.urls = urls;
    this.prefetched.clear();
    for (const slot of this.slots) delete slot.dataset.segment;
    if (this.playing) this.start(this.index);
  }

  /** Make `index` the current segment; plays it if playing (or if `play` is true). */
  seek(index, play = this.playing) {
    this.index = Math.max(0, Math.min(index, this.urls.length - 1));
    this.emit("segment", { index: this.index });
    if (play) this.start(this.index);
    else this.stopAll();
  }

  /** Play from where it was paused, or the current segment from its start. */
  play() {
    if (this.playing) return;
    const slot = this.current;
    if (this.holds(slot, this.index) && slot.currentTime > 0 && !slot.ended) {
      this.playing = true;
      this.requested = true;
      this.begin(slot);
      this.prepareAhead(this.index);
    } else {
      this.start(this.index);
    }
  }

  pause() {
    if (!this.playing) return;
    this.playing = false;
    this.endGap();
    this.current.pause();
    this.spare.pause();
    this.setWaiting(false);
    this.emit("state", { playing: false, waiting: false });
  }

  // ---- internals ----

  emit(type, detail = {}) {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }

  holds(slot, index) {
    return slot.dataset.segment === String(index) && slot.getAttribute("src") === this.urls[index] && !slot.error;
  }

  load(slot, index) {
    if (this.holds(slot, index)) return;
    slot.dataset.segment = String(index);
    slot.preload = "auto";
    slot.src = this.urls[index];
    slot.defaultPlaybackRate = this.rate;
    slot.playbackRate = this.rate;
    slot.preservesPitch = true;
    slot.volume = this.volume;
  }

  stopAll() {
    this.playing = false;
    this.endGap();
    for (const slot of this.slots) slot.pause();
    this.setWaiting(false);
    this.emit("state", { playing: false, waiting: false });
  }

  /** Play segment `index` from its beginning (reusing the spare element when it already holds it). */
  start(index) {
    this.endGap();
    this.playing = true;
    this.requested = true;
    this.current.pause();
    if (this.holds(this.spare, index)) this.active = 1 - this.active;
    const slot = this.current;
    this.load(slot, index);
    if (slot.currentTime !== 0) slot.currentTime = 0;
    this.spare.pause();
    this.begin(slot);
    this.prepareAhead(index);
    this.unlockSpare();
  }

  /** Some browsers (Safari on iOS) let an <audio> element start without a tap only once it has played during
   *  one: so within the listener's first Play, the spare element starts muted and stops at once. */
  unlockSpare() {
    const spare = this.spare;
    if (this.unlocked || !spare.getAttribute("src")) return;
    this.unlocked = true;
    spare.muted = true;
    spare.play()
      .then(() => {
        if (spare === this.current) return; // already its turn to play
        spare.pause();
        spare.currentTime = 0;
      })
      .catch(() => { /* not allowed or replaced: nothing to undo */ })
      .finally(() => { spare.muted = false; });
  }

  begin(slot) {
    this.setWaiting(true, WAITING_AFTER_MS);
    this.emit("state", { playing: true, waiting: false });
    slot.play().catch((error) => {
      // AbortError: a newer load() or pause() replaced this play(), which is fine.
      if (error.name === "NotSupportedError") this.onError(slot);
      else if (error.name === "NotAllowedError") {
        this.playing = false;
        this.setWaiting(false);
        this.emit("state", { playing: false, waiting: false });
      }
    });
  }

  /** Load the next segment into the spare element and warm the server's cache a few clips further. */
  prepareAhead(index) {
    if (index + 1 < this.urls.length) this.load(this.spare, index + 1);
    for (let ahead = index + 2; ahead <= index + PREFETCH_AHEAD && ahead < this.urls.length; ahead++) {
      const url = this.urls[ahead];
      if (this.prefetched.has(url)) continue;
      this.prefetched.add(url);
      fetch(url, { priority: "low" })
        .then((response) => response.arrayBuffer())
        .catch(() => this.prefetched.delete(url));
    }
  }

  onEnded(slot) {
    if (slot !== this.current || !this.playing) return;
    const next = this.index + 1;
    if (next >= this.urls.length) {
      this.playing = false;
      this.emit("state", { playing: false, waiting: false });
      this.emit("ended");
      return;
    }
    this.index = next;
    this.active = 1 - this.active;
    this.requested = false;
    this.load(this.current, next);
    const gap = ((this.pauses[next] || 0) * 1000) / this.rate;
    if (gap > 0) {
      this.gapTimer = setTimeout(() => {
        this.gapTimer = 0;
        if (this.playing && this.index === next) this.begin(this.current);
      }, gap);
    } else {
      this.begin(this.current);
    }
    this.emit("segment", { index: next });
    this.prepareAhead(next);
  }

  endGap() {
    clearTimeout(this.gapTimer);
    this.gapTimer = 0;
  }

  onPlaying(slot) {
    if (slot !== this.current) return;
    this.requested = false;
    this.setWaiting(false);
    this.emit("state", { playing: true, waiting: false });
  }

  onWaiting(slot) {
    if (slot === this.current && this.playing) this.setWaiting(true, WAITING_AFTER_MS);
  }

  /** Report "waiting" only if the clip has not started within `delay` ms (no flicker for cached clips). */
  setWaiting(waiting, delay = 0) {
    clearTimeout(this.waitingTimer);
    this.awaiting = waiting;
    if (!waiting) return;
    this.waitingTimer = setTimeout(() => {
      if (!this.playing || !this.awaiting) return;
      this.emit("state", { playing: true, waiting: true, requested: this.requested });
    }, delay);
  }

  /** A clip failed: ask the server why (its JSON error says what to do) and stop. */
  async onError(slot) {
    const url = slot.getAttribute("src");
    if (!url || this.reporting === url) return;
    if (slot !== this.current || !this.playing) {
      delete slot.dataset.segment; // a prefetch failed: load it again when it is needed
      return;
    }
    this.reporting = url;
    this.stopAll();
    let message = "This sentence’s audio could not be played.";
    try {
      const response = await fetch(url, { headers: { Accept: "application/json" } });
      const body = await response.json().catch(() => null);
      if (!response.ok && body && body.error) message = body.error;
    } catch {
      message = NETWORK_ERROR;
    }
    this.reporting = null;
    this.emit("error", { message });
  }
}
