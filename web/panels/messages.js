// panels/messages.js — the message area under the top bar: errors stay until
// dismissed, infos go after 6 s (warnings, kind 'warn', stay like errors); at
// most four at a time. A message has a key, and a new message with the same
// key replaces the old one.
import { ToWorker, ErrorWhere } from '../protocol.js';
import { page } from '../page-state.js';
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
  return div;
}

export function clearMessage(key) {
  for (const m of [...messagesEl.children]) if (m.dataset.key === key) m.remove();
}

// ---- a field that holds a value the page cannot use ---------------------------------
// The field is marked (aria-invalid, the input's red style), its message sits
// right after it (aria-describedby), and one message in the area above lists
// every such field; all of it goes as soon as the value is fixed.

/** The message element next to `input` (made on first use). */
function fieldMessageEl(input) {
  const id = `${input.id}-error`;
  let el = document.getElementById(id);
  if (!el) {
    el = document.createElement('span');
    el.id = id;
    el.className = 'field-error';
    Object.assign(el.style, { color: '#b91c1c', fontSize: '11px', lineHeight: '1.25', whiteSpace: 'normal' });
    // in a layer row (a grid): a row of its own under the layer; else right after the input
    const li = input.closest('li');
    if (li) { el.style.gridColumn = '1 / -1'; li.append(el); } else input.insertAdjacentElement('afterend', el);
  }
  return el;
}

/** Mark a form field invalid with a message naming the problem (null: valid again, message gone). */
export function setInvalid(input, message) {
  input.setAttribute('aria-invalid', message ? 'true' : 'false');
  if (message) {
    const el = fieldMessageEl(input);
    // the field's own label names it: next to it, the message without the name
    const colon = message.indexOf(': ');
    el.textContent = colon > 0 && colon < 60 ? message.slice(colon + 2) : message;
    el.hidden = false;
    input.setAttribute('aria-describedby', el.id);
    page.fieldErrors[input.id] = { message };
  } else {
    const el = document.getElementById(`${input.id}-error`);
    if (el) { el.textContent = ''; el.hidden = true; }
    if (input.getAttribute('aria-describedby') === `${input.id}-error`) input.removeAttribute('aria-describedby');
    delete page.fieldErrors[input.id];
  }
  showFieldSummary();
}

/** The invalid fields' messages, in the order the fields appear on the page. */
export function fieldProblems() {
  return Object.keys(page.fieldErrors)
    .map((id) => document.getElementById(id))
    .filter((el) => el && el.isConnected)
    .sort((a, b) => (a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1))
    .map((el) => ({ el, message: page.fieldErrors[el.id].message }));
}

function showFieldSummary() {
  // a removed field (e.g. a deleted layer's) is no longer a problem
  for (const id of Object.keys(page.fieldErrors)) if (!document.getElementById(id)?.isConnected) delete page.fieldErrors[id];
  const ps = fieldProblems();
  if (!ps.length) { clearMessage('fields'); clearMessage('blocked'); return; }
  showMessage(ps.length === 1 ? `Fix the marked field: ${ps[0].message}.`
    : `Fix the ${ps.length} marked fields: ${ps.map((p) => p.message).join('; ')}.`, 'error', 'fields');
}

/** A worker's `error` message, said in the page's terms. */
export function showWorkerError(m) {
  const where = m.where === ToWorker.IMPORT_MODEL ? 'Import model' : m.where === ToWorker.OPEN_RUNS ? 'Open kept run' : m.where === ErrorWhere.LOAD ? 'Loading gradlab.wasm'
    : m.where === ToWorker.SETUP || m.where === ToWorker.REBUILD ? 'Building the network' : `Worker (${m.where})`;
  const build = m.where === ToWorker.SETUP || m.where === ToWorker.REBUILD;
  showMessage(`${where}: ${m.message}`, 'error', build ? 'build' : `${where}: ${m.message}`);
}
