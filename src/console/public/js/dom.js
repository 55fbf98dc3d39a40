// A tiny element builder. Text is always put in as text nodes (textContent), never as HTML:
// nothing a user or the API sends is ever parsed as markup.

/**
 * h('button', { type: 'button', onclick: fn, class: 'x' }, 'Текст', child, [more])
 * Attributes go through setAttribute (no inline style: the CSP forbids it), on* become listeners.
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') {
      el.addEventListener(name.slice(2), value);
    } else if (name === 'dataset') {
      Object.assign(el.dataset, value);
    } else if (value === true) {
      el.setAttribute(name, '');
    } else {
      el.setAttribute(name, String(value));
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c === undefined || c === null || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else if (c instanceof Node) el.appendChild(c);
    else el.appendChild(document.createTextNode(String(c)));
  }
}

export function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
  return el;
}

export function replace(el, ...children) {
  clear(el);
  append(el, children);
  return el;
}

/** A labelled input: label, control and the place for its field error. */
let seq = 0;
export function field(label, control, hint) {
  const id = control.id || `f${++seq}`;
  control.id = id;
  const err = h('p', { class: 'field-error', id: `${id}-err`, 'data-error-for': control.name });
  control.setAttribute('aria-describedby', `${id}-err`);
  return h(
    'div',
    { class: 'field' },
    h('label', { for: id }, label),
    control,
    hint ? h('small', {}, hint) : null,
    err,
  );
}

export function select(name, options, value) {
  return h(
    'select',
    { name },
    options.map(([v, label]) => h('option', { value: v, selected: v === value }, label)),
  );
}

/** Shows a short message in the live region. */
export function say(text) {
  const s = document.getElementById('status');
  s.textContent = text;
  s.classList.add('shown');
  setTimeout(() => s.classList.remove('shown'), 4000);
}
