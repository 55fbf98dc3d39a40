// Pure helpers: labels, dates, the colour of a deadline. No DOM here.

export const STATUS = {
  registered: 'Зарегистрировано',
  under_review: 'На проверке',
  assigned: 'Назначено',
  in_progress: 'В работе',
  answer_review: 'Ответ на подписи',
  answered: 'Дан ответ',
  rejected: 'Отказ в рассмотрении',
  duplicate: 'Дубликат',
  forwarded: 'Перенаправлено',
  withdrawn: 'Отозвано',
};
export const CHANNEL = {
  web: 'Сайт',
  personal_account: 'Личный кабинет',
  email: 'Эл. почта',
  post: 'Почта',
  office: 'Приёмная',
  gis_zhkh: 'ГИС ЖКХ',
};
export const KIND = {
  complaint: 'Жалоба',
  statement: 'Заявление',
  proposal: 'Предложение',
  claim: 'Претензия',
  request: 'Запрос собственника',
};
export const VERDICT = { pass: 'пройдена', review: 'на проверку', reject: 'отказ' };
export const RULE = {
  anonymous: 'Анонимность',
  abusive: 'Оскорбления',
  duplicate: 'Дубликат',
  repeated: 'Повторное',
};
export const EVENT = {
  registered: 'Зарегистрировано',
  status_changed: 'Смена статуса',
  note_added: 'Заметка',
  extension_requested: 'Запрошено продление',
  extension_declined: 'Продление отклонено',
  due_date_changed: 'Изменён срок',
  due_date_recomputed: 'Срок пересчитан',
  duplicate_joined: 'Присоединён дубликат',
  imported: 'Импортировано',
  overdue: 'Просрочено',
  corrected: 'Исправлены сведения',
  crime_reported: 'Передано в правоохранительные органы',
  clock_started: 'Запущен срок',
  clock_stopped: 'Остановлен срок',
};
export const ruleLabel = (r) => RULE[r] ?? r;
export const REJECT_REASONS = {
  anonymous: 'Анонимное',
  abusive: 'Оскорбительное',
  repeated: 'Повторное',
  illegible: 'Нечитаемое',
  essence_unclear: 'Суть неясна',
  court_decision: 'Решение суда',
};
export const OUTCOME = {
  supported: 'Поддержано',
  explained: 'Разъяснено',
  not_supported: 'Не поддержано',
};
export const OPEN_STATUSES = [
  'registered',
  'under_review',
  'assigned',
  'in_progress',
  'answer_review',
];
export const ROLE = {
  admin: 'администратор',
  supervisor: 'руководитель',
  head: 'начальник отдела',
  officer: 'исполнитель',
  clerk: 'делопроизводитель',
};

const label = (map, key) => map[key] ?? key ?? '—';
export const statusLabel = (s) => label(STATUS, s);
export const channelLabel = (c) => label(CHANNEL, c);
export const kindLabel = (k) => label(KIND, k);

/** Today's date where the company works (SPEC §14: APP_TIMEZONE, Europe/Moscow by default). */
export function todayLocal(now = new Date(), timeZone = 'Europe/Moscow') {
  // en-CA formats as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', { timeZone }).format(now);
}

const DAY = 86400000;
/** Calendar days from `today` to `dueDate` (both YYYY-MM-DD): 0 on the day, negative after. */
export function daysLeft(dueDate, today) {
  if (!dueDate) return null;
  return Math.round((Date.parse(`${dueDate}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / DAY);
}

/**
 * The colour of a deadline: 'overdue' when the API says so (or the day has passed), 'risk' within
 * `warnDays` (the at-risk report's default window, 3 days), else 'ok'.
 */
export function deadlineState(appeal, today, warnDays = 3) {
  if (!OPEN_STATUSES.includes(appeal.status)) return 'closed';
  const left = daysLeft(appeal.dueDate, today);
  if (appeal.overdue || (left !== null && left < 0)) return 'overdue';
  if (left !== null && left <= warnDays) return 'risk';
  return 'ok';
}

export function daysLeftText(left) {
  if (left === null) return '—';
  if (left < 0) return `просрочено на ${-left} дн.`;
  if (left === 0) return 'срок сегодня';
  return `осталось ${left} дн.`;
}

export function formatDate(iso) {
  if (!iso) return '—';
  const d = /^\d{4}-\d{2}-\d{2}$/.test(iso) ? new Date(`${iso}T12:00:00Z`) : new Date(iso);
  return new Intl.DateTimeFormat('ru-RU', {
    timeZone: 'Europe/Moscow',
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    ...(iso.length > 10 ? { hour: '2-digit', minute: '2-digit' } : {}),
  }).format(d);
}

export function applicantName(a) {
  if (!a) return '—';
  if (a.type === 'legal_entity') return a.organizationName || '—';
  return [a.lastName, a.firstName, a.middleName].filter(Boolean).join(' ') || '—';
}

/** Monday of the ISO week of a YYYY-MM-DD date. */
export function weekStart(date) {
  const d = new Date(`${date}T00:00:00Z`);
  const dow = (d.getUTCDay() + 6) % 7;
  return new Date(d.getTime() - dow * DAY).toISOString().slice(0, 10);
}

export function addDays(date, n) {
  return new Date(Date.parse(`${date}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10);
}
