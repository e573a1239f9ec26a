// panels/messages.js — the message area under the top bar: errors stay until
// dismissed, infos go after 6 s; at most four at a time. A message has a key,
// and a new message with the same key replaces the old one.
import { ToWorker, ErrorWhere } from '../protocol.js';
import { $ } from './dom.js';

const messagesEl = $('messages');

export function showMessage(text, kind = 'error', key = text) {
  for (const m of messagesEl.children) if (m.dataset.key === key) m.remove();
  const div = document.createElement('div');
  div.className = `message ${kind}`;
  div.dataset.key = key;
  const p = document.createElement('p');
  p.textContent = text;
  const close = document.createElement('button');
  close.type = 'button';
  close.textContent = '×';
  close.setAttribute('aria-label', 'Dismiss message');
  close.addEventListener('click', () => div.remove());
  div.append(p, close);
  messagesEl.append(div);
  while (messagesEl.children.length > 4) messagesEl.firstElementChild.remove();
  if (kind === 'info') setTimeout(() => div.remove(), 6000);
}

export function clearMessage(key) {
  for (const m of [...messagesEl.children]) if (m.dataset.key === key) m.remove();
}

/** Mark a form field invalid with a message naming the problem (null: valid again, message gone). */
export function setInvalid(input, message) {
  input.setAttribute('aria-invalid', message ? 'true' : 'false');
  const key = `field-${input.id}`;
  if (message) showMessage(message, 'error', key); else clearMessage(key);
}

/** A worker's `error` message, said in the page's terms. */
export function showWorkerError(m) {
  const where = m.where === ToWorker.IMPORT_MODEL ? 'Import model' : m.where === ErrorWhere.LOAD ? 'Loading gradlab.wasm'
    : m.where === ToWorker.SETUP || m.where === ToWorker.REBUILD ? 'Building the network' : `Worker (${m.where})`;
  showMessage(`${where}: ${m.message}`);
}
