import { h } from './dom.js';
import {
  applicantName,
  channelLabel,
  daysLeft,
  daysLeftText,
  deadlineState,
  formatDate,
  statusLabel,
  todayLocal,
} from './format.js';

/** A table of appeals; each number links to the appeal page. `extra` adds a last column. */
export function appealTable(items, { id, caption, extra } = {}) {
  if (!items.length) return h('p', { class: 'empty', id }, 'Нет обращений.');
  const today = todayLocal();
  return h(
    'table',
    { class: 'list', id },
    caption ? h('caption', {}, caption) : null,
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        ['№', 'Зарегистрировано', 'Заявитель', 'Канал', 'Статус', 'Срок', extra ? '' : null]
          .filter((x) => x !== null)
          .map((t) => h('th', { scope: 'col' }, t)),
      ),
    ),
    h(
      'tbody',
      {},
      items.map((a) => {
        const state = deadlineState(a, today);
        const left = daysLeft(a.dueDate, today);
        return h(
          'tr',
          { class: `deadline-${state}`, dataset: { appealId: a.id } },
          h('td', {}, h('a', { href: `#/appeal/${a.id}` }, a.regNumber)),
          h('td', {}, formatDate(a.registeredAt)),
          h('td', { class: 'applicant' }, applicantName(a.applicant)),
          h('td', {}, channelLabel(a.channel)),
          h('td', {}, statusLabel(a.status)),
          h(
            'td',
            { class: 'due' },
            formatDate(a.dueDate),
            state === 'closed' ? null : h('span', { class: 'left' }, daysLeftText(left)),
          ),
          extra ? h('td', {}, extra(a)) : null,
        );
      }),
    ),
  );
}
