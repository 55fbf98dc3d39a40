import { api } from './api.js';
import { h, field, select, replace, say } from './dom.js';
import { KIND, VERDICT, formatDate, ruleLabel, statusLabel } from './format.js';
import { alertBox, clearProblem, showProblem } from './problems.js';

const DELIVERY = [
  ['', '—'],
  ['post', 'Почта'],
  ['registered_post', 'Заказное письмо'],
  ['courier', 'Курьер'],
  ['hand', 'Лично'],
  ['fax', 'Факс'],
  ['other', 'Иное'],
];

const input = (name, attrs = {}) => h('input', { name, ...attrs });

/** The clerk's desk: a paper or front-office letter with its scans (SPEC §2: post, office). */
export async function renderClerk(view) {
  const topics = (await api.get('/topics')).items ?? [];
  const files = [];

  const attrsBox = h('fieldset', { class: 'attributes', hidden: true });
  const topic = select('topicCode', [['', '— выберите —'], ...topics.map((t) => [t.code, t.name])]);
  topic.addEventListener('change', () => drawAttributes(attrsBox, topics, topic.value));

  const applicantType = select('applicant.type', [
    ['individual', 'Гражданин'],
    ['legal_entity', 'Организация'],
  ]);
  const personBox = h(
    'div',
    { class: 'grid3' },
    field('Фамилия', input('applicant.lastName')),
    field('Имя', input('applicant.firstName')),
    field('Отчество', input('applicant.middleName')),
  );
  const orgBox = h(
    'div',
    { class: 'grid3', hidden: true },
    field('Организация', input('applicant.organizationName')),
    field('ИНН', input('applicant.inn', { inputmode: 'numeric' })),
    field('Контактное лицо', input('applicant.contactPerson')),
  );
  applicantType.addEventListener('change', () => {
    personBox.hidden = applicantType.value !== 'individual';
    orgBox.hidden = applicantType.value === 'individual';
  });

  const fileInput = h('input', {
    type: 'file',
    name: 'files',
    multiple: true,
    id: 'scan-input',
    class: 'visually-hidden',
  });
  const fileList = h('ul', { class: 'files', id: 'file-list' });
  const drawFiles = () =>
    replace(
      fileList,
      files.map((f, i) =>
        h(
          'li',
          {},
          `${f.name} (${Math.ceil(f.size / 1024)} КБ) `,
          h(
            'button',
            {
              type: 'button',
              class: 'link',
              'aria-label': `Убрать ${f.name}`,
              onclick: () => {
                files.splice(i, 1);
                drawFiles();
              },
            },
            'убрать',
          ),
        ),
      ),
    );
  const addFiles = (list) => {
    for (const f of list) files.push(f);
    drawFiles();
  };
  fileInput.addEventListener('change', () => {
    addFiles(fileInput.files);
    fileInput.value = '';
  });
  const drop = h(
    'div',
    { class: 'drop', id: 'drop-zone' },
    h('p', {}, 'Перетащите сканы сюда или '),
    h('label', { for: 'scan-input', class: 'button secondary', tabindex: '0' }, 'выберите файлы'),
    fileInput,
    fileList,
    h('p', { class: 'field-error', 'data-error-for': 'files' }),
  );
  drop.addEventListener('dragover', (e) => {
    e.preventDefault();
    drop.classList.add('over');
  });
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', (e) => {
    e.preventDefault();
    drop.classList.remove('over');
    addFiles(e.dataTransfer.files);
  });
  drop.querySelector('label').addEventListener('keydown', (e) => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      fileInput.click();
    }
  });

  const result = h('section', { class: 'card result', id: 'registration-result', hidden: true });
  const submit = h('button', { type: 'submit' }, 'Зарегистрировать');
  const form = h(
    'form',
    { class: 'card', id: 'register-form', novalidate: true },
    h('h1', {}, 'Регистрация письма'),
    alertBox(),
    h(
      'fieldset',
      {},
      h('legend', {}, 'Поступление'),
      h(
        'div',
        { class: 'grid3' },
        field(
          'Канал',
          select('channel', [
            ['post', 'Почта'],
            ['office', 'Приёмная'],
          ]),
        ),
        field('Вид', select('kind', Object.entries(KIND), 'complaint')),
        field('Тематика', topic),
      ),
      h(
        'div',
        { class: 'grid3' },
        field('Исходящий номер письма', input('incomingLetter.number')),
        field('Дата письма', input('incomingLetter.date', { type: 'date' })),
        field('Дата штемпеля', input('incomingLetter.postmarkDate', { type: 'date' })),
        field('Способ доставки', select('incomingLetter.deliveryMethod', DELIVERY)),
        field('Листов', input('incomingLetter.sheets', { type: 'number', min: '1' })),
      ),
    ),
    h(
      'fieldset',
      {},
      h('legend', {}, 'Заявитель'),
      field('Заявитель', applicantType),
      personBox,
      orgBox,
      h(
        'div',
        { class: 'grid3' },
        field('Почтовый адрес', input('applicant.postalAddress', { autocomplete: 'off' })),
        field('Эл. почта', input('applicant.email', { type: 'email' })),
        field('Телефон', input('applicant.phone', { type: 'tel' })),
        field('Лицевой счёт', input('accountNumber')),
        field('Адрес предоставления услуги', input('serviceAddress')),
      ),
    ),
    attrsBox,
    h(
      'fieldset',
      {},
      h('legend', {}, 'Содержание'),
      field('Тема', input('subject')),
      field('Текст обращения', h('textarea', { name: 'text', rows: '6' })),
      h('div', { class: 'field' }, h('span', { class: 'label' }, 'Сканы'), drop),
    ),
    submit,
  );

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearProblem(form);
    submit.disabled = true;
    try {
      const body = readBody(form, topics);
      const fd = new FormData();
      fd.append('appeal', JSON.stringify(body));
      for (const f of files) fd.append('files', f, f.name);
      const appeal = await api.postForm('/appeals', fd);
      drawResult(result, appeal);
      say(`Зарегистрировано: № ${appeal.regNumber}`);
      form.reset();
      personBox.hidden = false;
      orgBox.hidden = true;
      files.length = 0;
      drawFiles();
      attrsBox.hidden = true;
    } catch (err) {
      showProblem(form, err);
    } finally {
      submit.disabled = false;
    }
  });

  replace(view, h('div', { class: 'two-col' }, form, result));
}

function drawAttributes(box, topics, code) {
  const t = topics.find((x) => x.code === code);
  const attrs = t?.attributes ?? [];
  box.hidden = attrs.length === 0;
  replace(
    box,
    h('legend', {}, 'Сведения по тематике'),
    attrs.map((a) => {
      const name = `attributes.${a.code}`;
      let control;
      if (a.type === 'enum')
        control = select(name, [['', '—'], ...(a.options ?? []).map((o) => [o.value, o.label])]);
      else if (a.type === 'boolean')
        control = select(name, [
          ['', '—'],
          ['true', 'Да'],
          ['false', 'Нет'],
        ]);
      else
        control = h('input', {
          name,
          type: a.type === 'number' ? 'number' : a.type === 'date' ? 'date' : 'text',
          required: a.required,
        });
      control.dataset.attrType = a.type;
      return field(a.required ? `${a.label} *` : a.label, control, a.help);
    }),
  );
}

/** The form as a create body (SPEC §14): blanks left out, the nested names rebuilt. */
function readBody(form) {
  const body = { applicant: {} };
  for (const el of form.querySelectorAll('input[name], select[name], textarea[name]')) {
    if (el.type === 'file' || el.closest('[hidden]')) continue;
    const v = el.value.trim();
    if (v === '') continue;
    let value = v;
    if (el.name === 'incomingLetter.sheets' || el.dataset.attrType === 'number') value = Number(v);
    if (el.dataset.attrType === 'boolean') value = v === 'true';
    const path = el.name.split('.');
    let target = body;
    for (const p of path.slice(0, -1)) target = target[p] ??= {};
    target[path[path.length - 1]] = value;
  }
  return body;
}

export function drawResult(box, appeal) {
  box.hidden = false;
  replace(
    box,
    h('h2', {}, 'Зарегистрировано'),
    h(
      'dl',
      { class: 'facts' },
      h('dt', {}, 'Регистрационный номер'),
      h('dd', { class: 'reg-number', id: 'result-reg-number' }, appeal.regNumber),
      h('dt', {}, 'Дата регистрации'),
      h('dd', {}, formatDate(appeal.registeredAt)),
      h('dt', {}, 'Срок ответа'),
      h('dd', { id: 'result-due-date' }, formatDate(appeal.dueDate)),
      h('dt', {}, 'Статус'),
      h('dd', { id: 'result-status' }, statusLabel(appeal.status)),
      h('dt', {}, 'Файлы'),
      h('dd', {}, String(appeal.attachments?.length ?? 0)),
    ),
    h('h3', {}, 'Проверки'),
    h(
      'ul',
      { class: 'checks', id: 'result-checks' },
      (appeal.checks ?? []).map((c) =>
        h(
          'li',
          { class: `verdict-${c.verdict}` },
          `${ruleLabel(c.rule)}: ${VERDICT[c.verdict] ?? c.verdict}`,
          c.detail ? ` — ${c.detail}` : '',
        ),
      ),
    ),
    appeal.validationIssues?.length
      ? [
          h('h3', {}, 'Недостающие сведения'),
          h(
            'ul',
            { class: 'issues', id: 'result-issues' },
            appeal.validationIssues.map((i) => h('li', {}, i.message)),
          ),
        ]
      : null,
    h(
      'p',
      { class: 'actions' },
      h(
        'button',
        {
          type: 'button',
          id: 'print-card',
          onclick: async () => {
            const f = await api.download(
              `/appeals/${appeal.id}/registration-card.pdf`,
              undefined,
              `registration-${appeal.regNumber}.pdf`,
            );
            say(`Карточка сохранена: ${f.name}`);
          },
        },
        'Печать регистрационной карточки',
      ),
      h('a', { href: `#/appeal/${appeal.id}`, class: 'button secondary' }, 'Открыть обращение'),
    ),
  );
  box.focus?.();
}
