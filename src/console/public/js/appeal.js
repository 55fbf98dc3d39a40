import { api } from './api.js';
import { h, field, select, replace, say } from './dom.js';
import {
  OUTCOME,
  REJECT_REASONS,
  EVENT,
  VERDICT,
  applicantName,
  channelLabel,
  daysLeft,
  daysLeftText,
  deadlineState,
  formatDate,
  kindLabel,
  ruleLabel,
  statusLabel,
  todayLocal,
} from './format.js';
import { alertBox, clearProblem, showProblem } from './problems.js';

const EXTENSION = { pending: 'ждёт решения', approved: 'одобрено', declined: 'отклонено' };

const CLOCK = {
  registration: 'Регистрация',
  answer: 'Ответ',
  rejection_notice: 'Уведомление об отказе',
  forwarding: 'Перенаправление',
};

/** The appeal page: applicant, text, files, history, notes, clocks; the actions the role has. */
export async function renderAppeal(view, ctx, id) {
  const { user } = ctx;
  const [appeal, history, notes] = await Promise.all([
    api.get(`/appeals/${id}`),
    api.get(`/appeals/${id}/history`).catch(() => ({ items: [] })),
    api.get(`/appeals/${id}/notes`).catch(() => ({ items: [] })),
  ]);
  const reload = () => renderAppeal(view, ctx, id);
  const today = todayLocal();
  const state = deadlineState(appeal, today);
  const a = appeal.applicant ?? {};

  replace(
    view,
    h(
      'article',
      { class: 'appeal', id: 'appeal-page', dataset: { appealId: appeal.id } },
      h(
        'header',
        { class: 'card' },
        h('h1', {}, 'Обращение № ', h('span', { id: 'appeal-reg-number' }, appeal.regNumber)),
        h(
          'p',
          { class: `deadline-${state}` },
          h('span', { class: 'badge', id: 'appeal-status' }, statusLabel(appeal.status)),
          ` ${kindLabel(appeal.kind)} · ${channelLabel(appeal.channel)} · срок ${formatDate(appeal.dueDate)} `,
          state === 'closed'
            ? null
            : h('strong', {}, daysLeftText(daysLeft(appeal.dueDate, today))),
        ),
      ),
      h(
        'div',
        { class: 'two-col' },
        h(
          'div',
          {},
          h(
            'section',
            { class: 'card' },
            h('h2', {}, 'Заявитель'),
            h(
              'dl',
              { class: 'facts' },
              fact('Имя', applicantName(a)),
              fact('Почтовый адрес', a.postalAddress),
              fact('Эл. почта', a.email),
              fact('Телефон', a.phone),
              fact('Лицевой счёт', appeal.accountNumber),
              fact('Адрес услуги', appeal.serviceAddress),
              fact('Тематика', appeal.topicCode),
              appeal.incomingLetter?.number
                ? fact('Исх. номер письма', appeal.incomingLetter.number)
                : null,
            ),
          ),
          h(
            'section',
            { class: 'card' },
            h('h2', {}, appeal.subject || 'Текст'),
            h('p', { class: 'appeal-text', id: 'appeal-text' }, appeal.text),
            files(appeal.id, appeal.attachments ?? []),
            appeal.answer
              ? [
                  h('h3', {}, `Ответ (${OUTCOME[appeal.answer.outcome] ?? appeal.answer.outcome})`),
                  h('p', { class: 'appeal-text', id: 'appeal-answer' }, appeal.answer.text),
                  files(appeal.id, appeal.answer.files ?? []),
                ]
              : null,
          ),
          actions(appeal, user, reload),
        ),
        h(
          'div',
          {},
          h(
            'section',
            { class: 'card' },
            h('h2', {}, 'Сроки'),
            h(
              'ul',
              { class: 'clocks' },
              (appeal.clocks ?? []).map((c) =>
                h(
                  'li',
                  { class: c.late ? 'deadline-overdue' : '' },
                  `${CLOCK[c.name] ?? c.name}: до ${formatDate(c.dueDate)}`,
                  c.metAt ? ` — выполнено ${formatDate(c.metAt)}` : c.running ? ' — идёт' : '',
                ),
              ),
            ),
            (appeal.extensions ?? []).length
              ? [
                  h('h3', {}, 'Продления'),
                  h(
                    'ul',
                    { id: 'extensions' },
                    appeal.extensions.map((x) =>
                      h(
                        'li',
                        {},
                        `${x.days} дн. до ${formatDate(x.newDueDate)} — ${EXTENSION[x.status] ?? x.status}: ${x.reason}`,
                      ),
                    ),
                  ),
                ]
              : null,
            h('h3', {}, 'Проверки'),
            h(
              'ul',
              { class: 'checks' },
              (appeal.checks ?? []).map((c) =>
                h(
                  'li',
                  { class: `verdict-${c.verdict}` },
                  `${ruleLabel(c.rule)}: ${VERDICT[c.verdict] ?? c.verdict}`,
                ),
              ),
            ),
          ),
          notesCard(appeal.id, notes.items ?? [], reload),
          h(
            'section',
            { class: 'card' },
            h('h2', {}, 'История'),
            h(
              'ol',
              { class: 'history', id: 'appeal-history' },
              (history.items ?? []).map((e) =>
                h(
                  'li',
                  {},
                  h('time', { datetime: e.at }, formatDate(e.at)),
                  ` ${EVENT[e.type] ?? e.type}`,
                  e.toStatus ? ` → ${statusLabel(e.toStatus)}` : '',
                  e.reason ? ` (${e.reason})` : '',
                ),
              ),
            ),
          ),
        ),
      ),
    ),
  );
}

function fact(label, value) {
  return [h('dt', {}, label), h('dd', {}, value ?? '—')];
}

function files(appealId, list) {
  if (!list.length) return null;
  return h(
    'ul',
    { class: 'files' },
    list.map((f) =>
      h(
        'li',
        {},
        h(
          'button',
          {
            type: 'button',
            class: 'link',
            onclick: () =>
              api.download(`/appeals/${appealId}/attachments/${f.id}`, undefined, f.fileName),
          },
          f.fileName,
        ),
        ` (${Math.ceil(f.size / 1024)} КБ)`,
      ),
    ),
  );
}

function notesCard(appealId, notes, reload) {
  const text = h('textarea', { name: 'text', rows: '2' });
  const form = h(
    'form',
    { class: 'inline' },
    alertBox(),
    field('Заметка', text),
    h('button', { type: 'submit', class: 'secondary' }, 'Добавить'),
  );
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearProblem(form);
    try {
      await api.post(`/appeals/${appealId}/notes`, { text: text.value });
      await reload();
    } catch (err) {
      showProblem(form, err);
    }
  });
  return h(
    'section',
    { class: 'card' },
    h('h2', {}, 'Заметки'),
    h(
      'ul',
      { class: 'notes' },
      notes.map((n) => h('li', {}, h('strong', {}, n.authorName), `: ${n.text}`)),
    ),
    form,
  );
}

/** One button that calls the API and reloads the page; a problem shows in the action box. */
function act(label, box, call, reload, attrs = {}) {
  return h(
    'button',
    {
      type: 'button',
      ...attrs,
      onclick: async (e) => {
        e.target.disabled = true;
        clearProblem(box);
        try {
          await call();
          say(`${label}: выполнено`);
          await reload();
        } catch (err) {
          showProblem(box, err);
          e.target.disabled = false;
        }
      },
    },
    label,
  );
}

function actions(appeal, user, reload) {
  const box = h(
    'section',
    { class: 'card actions-card', id: 'appeal-actions' },
    h('h2', {}, 'Действия'),
    alertBox(),
  );
  const roles = new Set(user.roles);
  const mine = appeal.assigneeId === user.id;
  const lead = roles.has('head') || roles.has('supervisor');
  const base = `/appeals/${appeal.id}`;
  const buttons = h('p', { class: 'actions' });
  box.appendChild(buttons);

  if (appeal.status === 'registered' && roles.has('officer'))
    buttons.appendChild(
      act('Взять в работу', box, () => api.post(`${base}/take`), reload, { id: 'take' }),
    );
  if (appeal.status === 'assigned' && mine)
    buttons.appendChild(
      act('Начать', box, () => api.post(`${base}/start`), reload, { id: 'start' }),
    );
  if (appeal.status === 'under_review' && lead) {
    buttons.appendChild(
      act('Принять к рассмотрению', box, () => api.post(`${base}/accept`), reload, {
        id: 'accept',
      }),
    );
    const reason = select('reason', Object.entries(REJECT_REASONS));
    box.appendChild(
      h(
        'div',
        { class: 'inline' },
        field('Основание отказа', reason),
        act('Отказать', box, () => api.post(`${base}/reject`, { reason: reason.value }), reload, {
          id: 'reject',
          class: 'danger',
        }),
      ),
    );
  }
  for (const x of (appeal.extensions ?? []).filter((e) => e.status === 'pending' && lead)) {
    buttons.appendChild(
      act(
        `Одобрить продление на ${x.days} дн.`,
        box,
        () => api.post(`${base}/extensions/${x.id}/approve`),
        reload,
        { class: 'approve-extension' },
      ),
    );
    buttons.appendChild(
      act(
        'Отклонить продление',
        box,
        () => api.post(`${base}/extensions/${x.id}/decline`),
        reload,
        { class: 'secondary' },
      ),
    );
  }
  if (['assigned', 'in_progress'].includes(appeal.status) && (mine || lead)) {
    box.appendChild(answerForm(appeal, reload));
    box.appendChild(extensionForm(appeal, reload));
  }
  if (!buttons.childNodes.length && box.childNodes.length === 3)
    buttons.textContent = 'Нет доступных действий.';
  return box;
}

function answerForm(appeal, reload) {
  const templates = select('template', [['', '— шаблон —']]);
  void api
    .get('/answer-templates', appeal.topicCode ? { topicCode: appeal.topicCode } : {})
    .then((r) => {
      for (const t of r.items) templates.appendChild(h('option', { value: t.id }, t.name));
    })
    .catch(() => {});
  const text = h('textarea', { name: 'text', rows: '8', id: 'answer-text' });
  templates.addEventListener('change', async () => {
    if (!templates.value) return;
    const r = await api.get(`/appeals/${appeal.id}/answer-templates/${templates.value}/render`);
    text.value = r.text;
  });
  const outcome = select('outcome', Object.entries(OUTCOME), 'explained');
  const fileInput = h('input', { type: 'file', name: 'files', multiple: true });
  const form = h(
    'form',
    { id: 'answer-form', novalidate: true },
    h('h3', {}, 'Ответ заявителю'),
    alertBox(),
    field('Шаблон', templates),
    field('Текст ответа', text),
    field('Результат', outcome),
    field('Файлы ответа', fileInput),
    h('button', { type: 'submit' }, 'Отправить ответ'),
  );
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearProblem(form);
    try {
      const fd = new FormData();
      fd.append('answer', JSON.stringify({ text: text.value, outcome: outcome.value }));
      for (const f of fileInput.files) fd.append('files', f, f.name);
      await api.postForm(`/appeals/${appeal.id}/answer`, fd);
      say('Ответ сохранён');
      await reload();
    } catch (err) {
      showProblem(form, err);
    }
  });
  return form;
}

function extensionForm(appeal, reload) {
  const days = h('input', { name: 'days', type: 'number', min: '1', max: '30', value: '30' });
  const reason = h('input', { name: 'reason' });
  const form = h(
    'form',
    { id: 'extension-form', class: 'inline', novalidate: true },
    h('h3', {}, 'Продление срока (59-ФЗ ст. 12 ч. 2)'),
    alertBox(),
    field('Дней', days),
    field('Причина', reason),
    h('button', { type: 'submit', class: 'secondary' }, 'Запросить продление'),
  );
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearProblem(form);
    try {
      await api.post(`/appeals/${appeal.id}/extensions`, {
        days: Number(days.value),
        reason: reason.value,
      });
      say('Запрос на продление отправлен');
      await reload();
    } catch (err) {
      showProblem(form, err);
    }
  });
  return form;
}
