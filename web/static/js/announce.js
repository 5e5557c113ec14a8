/** Polite screen-reader announcements through one role="status" element, without chatter:
 *  a burst of changes (holding a key down) is spoken once, as its last value. */

const SETTLE_MS = 250;

export class Announcer {
  /** @param {HTMLElement} region an element with role="status" (or aria-live="polite") */
  constructor(region) {
    this.region = region;
    this.timer = 0;
  }

  /** Speak `message` once things settle; replaces any message not yet spoken. */
  say(message) {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      // Re-setting the same text is not a change, so clear first to have a repeat announced.
      if (this.region.textContent === message) this.region.textContent = "";
      setTimeout(() => { this.region.textContent = message; }, 50); // not rAF: it stops in background tabs
    }, SETTLE_MS);
  }
}
