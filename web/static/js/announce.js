/** Polite screen-reader announcements through one role="status" element, without chatter:
 *  a burst of changes (holding a key down) is spoken once, as its last value, and a message that stopped
 *  being true before it was spoken ("Preparing audio…" once the audio plays) can be taken back. */

const SETTLE_MS = 250;

export class Announcer {
  /** @param {HTMLElement} region an element with role="status" (or aria-live="polite") */
  constructor(region) {
    this.region = region;
    this.timer = 0;
    this.pending = null; // the message waiting to be written
  }

  /** Speak `message` once things settle (`settle` ms without another message); replaces any message not yet
   *  spoken. */
  say(message, settle = SETTLE_MS) {
    clearTimeout(this.timer);
    this.pending = message;
    this.timer = setTimeout(() => {
      // Re-setting the same text is not a change, so clear first to have a repeat announced.
      if (this.region.textContent === message) this.region.textContent = "";
      this.timer = setTimeout(() => { // not rAF: it stops in background tabs
        this.region.textContent = message;
        this.pending = null;
      }, 50);
    }, settle);
  }

  /** Take `message` back: never written if it is still waiting, emptied from the region if it is there.
   *  Any other message is left to be spoken. */
  cancel(message) {
    if (this.pending === message) {
      clearTimeout(this.timer);
      this.pending = null;
    }
    if (this.region.textContent === message) this.region.textContent = "";
  }
}
