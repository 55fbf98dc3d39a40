import { api } from './api.js';
import { h, replace, say, select } from './dom.js';
import {
  CHANNEL,
  OPEN_STATUSES,
  REJECT_REASONS,
  addDays,
  todayLocal,
  weekStart,
} from './format.js';
import { appealTable } from './lists.js';

const PAGE = 500;
const MAX_PAGES = 10;

/**
 * The head's and supervisor's dashboard, from the reports API (SPEC §12) and GET /appeals. A
 * head's reports and lists cover their own department (the API decides, not the page).
 */
export async function renderDashboard(view) {
  const today = todayLocal();
  const [overdue, atRisk, open, review, departments] = await Promise.all([
    api.get('/reports/overdue', { limit: PAGE }),
    api.get('/reports/at-risk', { limit: PAGE }),
    allAppeals({ status: OPEN_STATUSES.join(',') }),
    api.get('/appeals', { status: 'under_review', limit: PAGE }),
    api.get('/departments').catch(() => ({ items: [] })),
  ]);
  const deptName = new Map((departments.items ?? []).map((d) => [d.id, d.name]));
  const pendingExt = open.items.filter((a) =>
    (a.extensions ?? []).some((x) => x.status === 'pending'),
  );

  const trendsBox = h(
    'section',
    { class: 'card chart-card', id: 'trends' },
    h('h2', {}, 'Динамика за 12 недель'),
  );
  replace(
    view,
    h('h1', { class: 'page-title' }, 'Панель руководителя'),
    h(
      'section',
      { class: 'tiles', 'aria-label': 'Итоги' },
      tile('Открыто', open.items.length, 'tile-open', open.capped),
      tile('Под угрозой (3 дня)', atRisk.total, 'tile-risk'),
      tile('Просрочено', overdue.total, 'tile-overdue'),
      tile('На проверке', review.items.length, 'tile-review'),
    ),
    h(
      'div',
      { class: 'two-col' },
      countsTable(
        'По отделам',
        'by-department',
        byDepartment(open.items, atRisk.items, overdue, deptName),
      ),
      countsTable('По исполнителям', 'by-officer', byOfficer(open.items, atRisk.items, overdue)),
    ),
    trendsBox,
    h(
      'section',
      { class: 'card' },
      h('h2', {}, `Просроченные (${overdue.total})`),
      reportTable(overdue.items, 'overdue-list', true),
    ),
    h(
      'section',
      { class: 'card' },
      h('h2', {}, `Под угрозой (${atRisk.total})`),
      reportTable(atRisk.items, 'at-risk-list', false),
    ),
    h(
      'section',
      { class: 'card' },
      h('h2', {}, 'Очередь проверки'),
      appealTable(review.items, { id: 'review-queue', extra: (a) => reviewButtons(a, view) }),
    ),
    h(
      'section',
      { class: 'card' },
      h('h2', {}, 'Запросы на продление'),
      appealTable(pendingExt, {
        id: 'extension-requests',
        extra: (a) => extensionButtons(a, view),
      }),
    ),
    downloads(today),
  );
  await drawTrends(trendsBox, today);
}

/** Every open appeal the caller sees, page by page (a utility's open load is thousands). */
async function allAppeals(params) {
  const items = [];
  let cursor;
  for (let i = 0; i < MAX_PAGES; i++) {
    const page = await api.get('/appeals', { ...params, limit: PAGE, cursor });
    items.push(...page.items);
    cursor = page.nextCursor;
    if (!cursor) return { items, capped: false };
  }
  return { items, capped: true };
}

function tile(label, value, id, capped) {
  return h(
    'div',
    { class: 'tile', id },
    h('span', { class: 'value' }, `${value}${capped ? '+' : ''}`),
    h('span', {}, label),
  );
}

function countRows(keyOf, nameOf, open, risk, overdueTotals) {
  const rows = new Map();
  const row = (key, name) => {
    if (!rows.has(key)) rows.set(key, { key, name: name ?? '—', open: 0, risk: 0, overdue: 0 });
    const r = rows.get(key);
    if (name && r.name === '—') r.name = name;
    return r;
  };
  for (const a of open) row(keyOf(a) ?? 'none', null).open++;
  // One at-risk item per appeal and clock: count appeals once.
  const seen = new Set();
  for (const i of risk) {
    if (seen.has(i.appealId)) continue;
    seen.add(i.appealId);
    row(nameOf(i).key ?? 'none', nameOf(i).name).risk++;
  }
  for (const t of overdueTotals) row(t.key ?? 'none', t.name).overdue += t.count;
  return [...rows.values()].sort(
    (a, b) => b.overdue - a.overdue || b.risk - a.risk || b.open - a.open,
  );
}

function byDepartment(open, risk, overdue, deptName) {
  const rows = countRows(
    (a) => a.departmentId,
    (i) => ({ key: i.departmentId, name: i.departmentName }),
    open,
    risk,
    overdue.totals.byDepartment.map((t) => ({
      key: t.departmentId,
      name: t.departmentName,
      count: t.count,
    })),
  );
  return rows.map((r) =>
    r.name === '—' ? { ...r, name: deptName.get(r.key) ?? 'Без отдела' } : r,
  );
}

function byOfficer(open, risk, overdue) {
  const rows = countRows(
    (a) => a.assigneeId,
    (i) => ({ key: i.assigneeId, name: i.assigneeName ?? 'Не назначено' }),
    open,
    risk,
    overdue.totals.byAssignee.map((t) => ({
      key: t.assigneeId,
      name: t.assigneeName ?? 'Не назначено',
      count: t.count,
    })),
  );
  return rows.map((r) =>
    r.name === '—'
      ? { ...r, name: r.key === 'none' ? 'Не назначено' : `Сотрудник ${r.key.slice(0, 8)}` }
      : r,
  );
}

function countsTable(title, id, rows) {
  return h(
    'section',
    { class: 'card' },
    h('h2', {}, title),
    rows.length
      ? h(
          'table',
          { class: 'counts', id },
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              ['', 'Открыто', 'Под угрозой', 'Просрочено'].map((t) => h('th', { scope: 'col' }, t)),
            ),
          ),
          h(
            'tbody',
            {},
            rows.map((r) =>
              h(
                'tr',
                {},
                h('th', { scope: 'row' }, r.name),
                h('td', { class: 'open' }, String(r.open)),
                h('td', { class: 'risk' }, String(r.risk)),
                h('td', { class: 'overdue' }, String(r.overdue)),
              ),
            ),
          ),
        )
      : h('p', { class: 'empty' }, 'нет данных'),
  );
}

function reportTable(items, id, overdue) {
  if (!items.length) return h('p', { class: 'empty', id }, 'Нет обращений.');
  return h(
    'table',
    { class: 'list', id },
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        ['№', 'Срок', overdue ? 'Просрочено, дн.' : 'Осталось, дн.', 'Отдел', 'Исполнитель'].map(
          (t) => h('th', { scope: 'col' }, t),
        ),
      ),
    ),
    h(
      'tbody',
      {},
      items.map((i) =>
        h(
          'tr',
          { class: overdue ? 'deadline-overdue' : 'deadline-risk' },
          h('td', {}, h('a', { href: `#/appeal/${i.appealId}` }, i.regNumber)),
          h('td', {}, i.dueDate),
          h('td', {}, String(overdue ? i.daysOverdue : i.daysLeft)),
          h('td', {}, i.departmentName ?? '—'),
          h('td', {}, i.assigneeName ?? 'Не назначено'),
        ),
      ),
    ),
  );
}

function reviewButtons(a, view) {
  const reason = select('reason', Object.entries(REJECT_REASONS));
  reason.setAttribute('aria-label', `Основание отказа для ${a.regNumber}`);
  const run = (call, text) => async () => {
    try {
      await call();
      say(`${a.regNumber}: ${text}`);
      await renderDashboard(view);
    } catch (err) {
      say(err.problem?.detail ?? err.problem?.title ?? err.message);
    }
  };
  return h(
    'span',
    { class: 'row-actions' },
    h(
      'button',
      {
        type: 'button',
        class: 'accept',
        onclick: run(() => api.post(`/appeals/${a.id}/accept`), 'принято'),
      },
      'Принять',
    ),
    reason,
    h(
      'button',
      {
        type: 'button',
        class: 'danger reject',
        onclick: run(
          () => api.post(`/appeals/${a.id}/reject`, { reason: reason.value }),
          'отказано',
        ),
      },
      'Отказать',
    ),
  );
}

function extensionButtons(a, view) {
  const x = a.extensions.find((e) => e.status === 'pending');
  const run = (verb) => async () => {
    try {
      await api.post(`/appeals/${a.id}/extensions/${x.id}/${verb}`);
      say(`${a.regNumber}: продление ${verb === 'approve' ? 'одобрено' : 'отклонено'}`);
      await renderDashboard(view);
    } catch (err) {
      say(err.problem?.detail ?? err.problem?.title ?? err.message);
    }
  };
  return h(
    'span',
    { class: 'row-actions' },
    `${x.days} дн.: ${x.reason} `,
    h('button', { type: 'button', class: 'approve', onclick: run('approve') }, 'Одобрить'),
    h('button', { type: 'button', class: 'secondary', onclick: run('decline') }, 'Отклонить'),
  );
}

/** Report files: fetched with the bearer token and saved from a blob (a link cannot carry it). */
function downloads(today) {
  const from = addDays(weekStart(today), -7 * 11);
  const reports = [
    ['overdue', 'Просроченные', {}],
    ['at-risk', 'Под угрозой', {}],
    ['sla-summary', 'Соблюдение сроков за 12 недель', { from, to: today }],
    ['journal', 'Журнал регистрации за 12 недель', { from, to: today }],
  ];
  return h(
    'section',
    { class: 'card', id: 'downloads' },
    h('h2', {}, 'Выгрузки'),
    h(
      'ul',
      {},
      reports.map(([path, label, params]) =>
        h(
          'li',
          {},
          `${label}: `,
          ['csv', 'xlsx'].map((format) =>
            h(
              'button',
              {
                type: 'button',
                class: 'link',
                dataset: { report: path, format },
                onclick: async () => {
                  try {
                    const f = await api.download(
                      `/reports/${path}`,
                      { ...params, format },
                      `${path}.${format}`,
                    );
                    say(`Сохранено: ${f.name}`);
                  } catch (err) {
                    say(err.problem?.detail ?? err.message);
                  }
                },
              },
              format.toUpperCase(),
            ),
          ),
        ),
      ),
    ),
  );
}

/**
 * SLA compliance by week and intake by channel, from GET /reports/trends (issue 25). Compliance
 * of a week is the on-time share over all channels, each weighted by what was due in it.
 */
async function drawTrends(box, today) {
  const from = addDays(weekStart(today), -7 * 11);
  let trends;
  try {
    trends = await api.get('/reports/trends', {
      from,
      to: today,
      bucket: 'week',
      groupBy: 'channel',
    });
  } catch {
    box.appendChild(h('p', { class: 'empty', id: 'trends-empty' }, 'нет данных'));
    return;
  }
  const weeks = Array.from({ length: 12 }, (_, i) => addDays(from, 7 * i));
  const series = trends.series ?? [];
  const at = (s, week) => (s.points ?? []).find((p) => String(p.bucket).slice(0, 10) === week);
  const compliance = weeks.map((w) => {
    let due = 0;
    let onTime = 0;
    for (const s of series) {
      const p = at(s, w);
      // onTimeShare = answered on time ÷ (answered + open and overdue): weigh by that divisor.
      const weight = (p?.answered ?? 0) + (p?.openOverdue ?? 0);
      if (p && p.onTimeShare !== null && weight > 0) {
        due += weight;
        onTime += p.onTimeShare * weight;
      }
    }
    return due ? Math.round((onTime / due) * 1000) / 10 : null;
  });
  const labels = weeks.map((w) => w.slice(5).split('-').reverse().join('.'));
  const intake = h('canvas', {
    id: 'chart-intake',
    role: 'img',
    'aria-label': 'Поступление по каналам, по неделям',
  });
  const sla = h('canvas', {
    id: 'chart-sla',
    role: 'img',
    'aria-label': 'Доля ответов в срок, по неделям',
  });
  box.appendChild(
    h(
      'div',
      { class: 'charts' },
      h('figure', {}, sla, h('figcaption', {}, 'Ответы в срок, %')),
      h('figure', {}, intake, h('figcaption', {}, 'Поступление по каналам')),
    ),
  );
  if (!window.Chart) return;
  const Chart = window.Chart;
  new Chart(sla, {
    type: 'line',
    data: {
      labels,
      datasets: [{ label: 'В срок, %', data: compliance, borderColor: '#1b6e3a', spanGaps: true }],
    },
    options: { animation: false, responsive: true, scales: { y: { min: 0, max: 100 } } },
  });
  new Chart(intake, {
    type: 'bar',
    data: {
      labels,
      datasets: series.map((s, i) => ({
        label: s.label ?? CHANNEL[s.key] ?? s.key,
        data: weeks.map((w) => at(s, w)?.registered ?? 0),
        backgroundColor: PALETTE[i % PALETTE.length],
      })),
    },
    options: {
      animation: false,
      responsive: true,
      scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true } },
    },
  });
}

const PALETTE = ['#2f5d8a', '#c77c0e', '#1b6e3a', '#8a2f5d', '#5d8a2f', '#666'];
