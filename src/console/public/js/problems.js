import { h, replace } from './dom.js';

/**
 * Shows an API problem on a form: the Russian title and detail in the form's alert box, and each
 * field error next to its field (matched by the input's name, e.g. "applicant.lastName"); field
 * errors with no field on the form are listed in the alert.
 */
export function showProblem(form, err) {
  clearProblem(form);
  const problem = err?.problem ?? { title: 'Ошибка', detail: String(err?.message ?? err) };
  const loose = [];
  for (const fe of problem.errors ?? []) {
    const slot = findSlot(form, fe.field);
    if (slot) {
      slot.textContent = fe.message;
      const input = form.querySelector(`[name="${cssEscape(fe.field)}"]`);
      input?.setAttribute('aria-invalid', 'true');
    } else {
      loose.push(fe);
    }
  }
  const box = form.querySelector('.alert');
  if (box) {
    replace(
      box,
      h('strong', {}, problem.title ?? 'Ошибка'),
      problem.detail ? h('p', {}, problem.detail) : null,
      loose.length
        ? h(
            'ul',
            {},
            loose.map((fe) => h('li', {}, fe.field ? `${fe.field}: ${fe.message}` : fe.message)),
          )
        : null,
    );
    box.hidden = false;
    box.focus();
  }
}

export function clearProblem(form) {
  for (const el of form.querySelectorAll('.field-error')) el.textContent = '';
  for (const el of form.querySelectorAll('[aria-invalid]')) el.removeAttribute('aria-invalid');
  const box = form.querySelector('.alert');
  if (box) {
    box.hidden = true;
    box.textContent = '';
  }
}

function findSlot(form, fieldName) {
  if (!fieldName) return null;
  // "files[1]" and "files" both land by the drop zone.
  const base = fieldName.replace(/\[\d+\]$/, '');
  return (
    form.querySelector(`[data-error-for="${cssEscape(fieldName)}"]`) ??
    form.querySelector(`[data-error-for="${cssEscape(base)}"]`)
  );
}

const cssEscape = (s) => (window.CSS?.escape ? CSS.escape(s) : s.replace(/"/g, '\\"'));

/** An alert box for a form: hidden until a problem arrives; focusable for screen readers. */
export const alertBox = () =>
  h('div', { class: 'alert', role: 'alert', tabindex: '-1', hidden: true });
