/** Listening on from one article to another: the library's order (newest first), the next article not heard yet,
 *  who an article is from, and moving to another article's player. The move carries its announcement ("Next:
 *  TITLE, from SOURCE") and whether to play to the new page, which says it again in its own status region,
 *  since a page change interrupts what a screen reader was saying. */
import { request } from "./api.js";

const ARRIVAL = "audionews.arrival"; // sessionStorage: {id, message, play} for the page being opened

/** The library's articles (newest first) and its followed feeds by id. */
export async function libraryOrder() {
  const [listed, followed] = await Promise.all([request("/api/articles"), request("/api/feeds")]);
  return { articles: listed.articles, feeds: new Map(followed.feeds.map((feed) => [feed.id, feed])) };
}

/** Who an article is from: its feed's title, else its site's name, else how it was added ("pasted text"). */
export function sourceName(article, feeds) {
  const feed = article.feed === null ? undefined : feeds.get(article.feed);
  if (feed) return feed.title;
  try {
    return new URL(article.source).hostname.replace(/^www\./, "");
  } catch {
    return article.source;
  }
}

export const describe = (article, feeds) => `${article.title}, from ${sourceName(article, feeds)}`;

/** The first article not heard yet after `currentId` in the library's order, else the first one before it. */
export function nextUnheard(articles, currentId) {
  const here = articles.findIndex((article) => article.id === currentId);
  const unheard = (article) => !article.heard && article.id !== currentId;
  return articles.slice(here + 1).find(unheard) ?? articles.slice(0, Math.max(here, 0)).find(unheard) ?? null;
}

/** The article just before `currentId` in the library's order (heard or not), or null at the top. */
export function previousArticle(articles, currentId) {
  const here = articles.findIndex((article) => article.id === currentId);
  return here > 0 ? articles[here - 1] : null;
}

/** Open another article's player, telling it what to announce and whether to play. */
export function goTo(article, message, play) {
  try {
    sessionStorage.setItem(ARRIVAL, JSON.stringify({ id: article.id, message, play }));
  } catch {
    /* storage blocked: the page opens without the announcement, and waits for Play */
  }
  window.location.assign(`/articles/${encodeURIComponent(article.id)}`);
}

/** What the page that opened this one asked for ({message, play}), once; null when it was opened otherwise. */
export function arrival(articleId) {
  try {
    const raw = sessionStorage.getItem(ARRIVAL);
    sessionStorage.removeItem(ARRIVAL);
    const entry = raw ? JSON.parse(raw) : null;
    return entry && entry.id === articleId ? entry : null;
  } catch {
    return null;
  }
}
