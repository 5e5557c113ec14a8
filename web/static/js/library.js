/** The library page: add articles (web address, pasted text or HTML, file) with fetch and report the outcome
 *  next to each form; delete an article after an accessible confirmation dialog.
 *  Progress and success go to the form's polite status; an error goes next to the field it describes and the
 *  field takes the focus, so the error is read once, with the field. */
import { request, sendJson } from "./api.js";

const list = document.getElementById("article-list");
const emptyNote = document.getElementById("empty-note");
const listStatus = document.getElementById("list-status");
const itemTemplate = document.getElementById("article-item-template");
const deleteDialog = document.getElementById("delete-dialog");

const LOOKS_LIKE_HTML = /<\s*(html|body|article|p|div|h[1-6]|main|section|br|span|a)\b[^>]*>/i;

/** What each form sends: JSON for a web address or pasted text, multipart for a file. */
const PAYLOADS = {
  "add-url": (form) => {
    const url = form.elements.url.value.trim();
    if (!url) return [null, "Enter the web address of an article, for example https://example.com/news/story."];
    return [{ json: { url } }];
  },
  "add-text": (form) => {
    const text = form.elements.text.value;
    if (!text.trim()) return [null, "Paste the text or HTML of an article first."];
    return [{ json: LOOKS_LIKE_HTML.test(text) ? { html: text } : { text } }];
  },
  "add-file": (form) => {
    const file = form.elements.file.files[0];
    if (!file) return [null, "Choose a file to upload first."];
    const body = new FormData();
    body.append("file", file);
    return [{ body }];
  },
};

function describeLength(article) {
  const minutes = article.duration ? `, about ${Math.max(1, Math.ceil(article.duration / 60))} min` : "";
  return `${article.sentences} sentences${minutes}`;
}

/** A new list entry from the <template>, filled with the API's summary of the article. */
export function renderItem(article) {
  const item = itemTemplate.content.firstElementChild.cloneNode(true);
  item.dataset.id = article.id;
  const link = item.querySelector('[data-field="title"]');
  link.href = `/articles/${encodeURIComponent(article.id)}`;
  link.textContent = article.title;
  item.querySelector('[data-field="source"]').textContent = article.source || "";
  item.querySelector('[data-field="length"]').textContent = article.sentences ? describeLength(article) : "";
  item.querySelector('[data-field="added"]').textContent = "added just now";
  item.querySelector('[data-field="progress-text"]').textContent = "Not started";
  const progress = item.querySelector("progress");
  progress.max = article.sentences || 1;
  progress.value = 0;
  item.querySelector('[data-action="delete"] .visually-hidden').textContent = ` ${article.title}`;
  return item;
}

/** Say how adding went: "busy" and "ok" in the polite status, "error" next to the field (which gets the focus). */
export function showMessage(form, message, kind) {
  const status = form.querySelector('[role="status"]');
  const error = form.querySelector(".form-message--error");
  const field = form.querySelector("input:not([type=hidden]), textarea");
  status.replaceChildren();
  error.replaceChildren();
  if (kind === "error") {
    error.textContent = `Error: ${message}`;
    field.setAttribute("aria-invalid", "true");
    field.focus();
    return;
  }
  field.removeAttribute("aria-invalid");
  status.classList.toggle("form-message--ok", kind === "ok");
  if (typeof message === "string") status.textContent = message;
  else status.append(...message);
}

function successMessage(article) {
  const link = document.createElement("a");
  link.href = `/articles/${encodeURIComponent(article.id)}`;
  link.textContent = `Open “${article.title}” in the player`;
  return [document.createTextNode(`Added “${article.title}”. `), link];
}

async function submit(form) {
  const [payload, problem] = PAYLOADS[form.id](form);
  if (!payload) {
    showMessage(form, problem, "error");
    return;
  }
  const button = form.querySelector('button[type="submit"]');
  button.disabled = true;
  showMessage(form, "Adding the article…", "busy");
  try {
    const article = payload.json
      ? await sendJson("/api/articles", "POST", payload.json)
      : await request("/api/articles", { method: "POST", body: payload.body });
    list.querySelector(`[data-id="${CSS.escape(article.id)}"]`)?.remove(); // already there: moved to the top
    list.prepend(renderItem(article));
    emptyNote.hidden = true;
    form.reset();
    showMessage(form, successMessage(article), "ok");
  } catch (error) {
    showMessage(form, error.message, "error");
  } finally {
    button.disabled = false;
  }
}

for (const form of document.querySelectorAll(".add-form")) {
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    submit(form);
  });
}

/** Confirm in the dialog; on "delete", remove the article and move focus somewhere sensible. */
function confirmDelete(item, trigger) {
  const title = item.querySelector('[data-field="title"]').textContent;
  document.getElementById("delete-dialog-title").textContent = `“${title}”`;
  deleteDialog.returnValue = "";
  deleteDialog.showModal();
  deleteDialog.addEventListener("close", async () => {
    if (deleteDialog.returnValue !== "delete") {
      trigger.focus();
      return;
    }
    try {
      await request(`/api/articles/${encodeURIComponent(item.dataset.id)}`, { method: "DELETE" });
    } catch (error) {
      listStatus.textContent = `Could not delete “${title}”: ${error.message}`;
      trigger.focus();
      return;
    }
    const neighbour = item.nextElementSibling || item.previousElementSibling;
    item.remove();
    emptyNote.hidden = list.children.length > 0;
    listStatus.textContent = `Deleted “${title}”.`;
    const target = neighbour ? neighbour.querySelector("a") : document.getElementById("articles-heading");
    if (!neighbour) target.tabIndex = -1;
    target.focus();
  }, { once: true });
}

list.addEventListener("click", (event) => {
  const button = event.target.closest('[data-action="delete"]');
  if (button) confirmDelete(button.closest(".article-item"), button);
});
