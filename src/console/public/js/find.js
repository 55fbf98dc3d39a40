import { api } from './api.js';
import { h, field, replace } from './dom.js';
import { appealTable } from './lists.js';
import { alertBox, clearProblem, showProblem } from './problems.js';

/** Find letters by number, the sender's number, account, e-mail or words of the text. */
export async function renderFind(view) {
  const results = h('div', { id: 'find-results' });
  const form = h(
    'form',
    { class: 'card', id: 'find-form', role: 'search' },
    h('h1', {}, 'Поиск обращений'),
    alertBox(),
    h(
      'div',
      { class: 'grid3' },
      field('Рег. номер', h('input', { name: 'regNumber' })),
      field('Исходящий номер письма', h('input', { name: 'incomingNumber' })),
      field('Лицевой счёт', h('input', { name: 'accountNumber' })),
      field('Эл. почта заявителя', h('input', { name: 'applicantEmail', type: 'email' })),
      field('Слова из текста', h('input', { name: 'q' })),
    ),
    h('button', { type: 'submit' }, 'Найти'),
  );
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearProblem(form);
    const params = Object.fromEntries(
      [...new FormData(form)].map(([k, v]) => [k, String(v).trim()]),
    );
    try {
      const page = await api.get('/appeals', { ...params, limit: 50 });
      replace(results, appealTable(page.items, { id: 'find-table' }));
    } catch (err) {
      showProblem(form, err);
    }
  });
  replace(view, form, results);
}
