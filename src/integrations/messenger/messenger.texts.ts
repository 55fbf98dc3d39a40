/** Every Russian text the messenger bots send (issue 24), in one place. */
export const MESSENGER_TEXTS = {
  greeting:
    'Здравствуйте! Это бот для обращений. Я помогу подать обращение: задам несколько вопросов и зарегистрирую его. ' +
    'Чтобы узнать статус обращения, напишите «Статус» и его номер. Отменить — /cancel.',
  chooseTopic: 'Выберите тему обращения:',
  topicOther: 'Другое',
  restartedAfterIdle: 'Прошло много времени с прошлого сообщения, начнём заново.',
  askName: 'Напишите, пожалуйста, фамилию, имя и отчество (отчество — если есть).',
  badName: 'Нужны хотя бы фамилия и имя, например: Иванова Мария Петровна.',
  askAccountNumber: 'Укажите номер лицевого счёта или договора.',
  askServiceAddress: 'Укажите адрес, по которому предоставляется услуга.',
  askText: 'Опишите суть обращения. Можно приложить фото или документы.',
  askFiles: 'Пришлите фото или документы, если нужно, и нажмите «Готово».',
  fileAccepted: (count: number) => `Файл принят (всего ${count}).`,
  tooManyFiles: (max: number) => `Можно приложить не больше ${max} файлов; этот не принят.`,
  blank: 'Пустое сообщение не подходит, напишите текстом.',
  tooLong: (max: number) => `Слишком длинно: не больше ${max} символов.`,
  summary: (s: {
    topic: string | null;
    name: string;
    accountNumber: string;
    serviceAddress: string;
    text: string;
    files: string[];
  }) =>
    [
      'Проверьте обращение:',
      `Тема: ${s.topic ?? '—'}`,
      `Заявитель: ${s.name}`,
      `Лицевой счёт: ${s.accountNumber}`,
      `Адрес: ${s.serviceAddress}`,
      `Суть: ${s.text}`,
      `Файлы: ${s.files.length > 0 ? s.files.join(', ') : 'нет'}`,
      'Отправить?',
    ].join('\n'),
  confirmFirst: 'Нажмите «Отправить» или «Отменить».',
  registering: 'Регистрирую обращение…',
  registered: (regNumber: string, dueDate: string) =>
    `Обращение зарегистрировано, номер ${regNumber}. Ответ будет дан не позднее ${dueDate}. Ответ придёт в этот чат.`,
  registrationFailed:
    'Не удалось зарегистрировать обращение. Проверьте данные и попробуйте ещё раз.',
  cancelled: 'Обращение не отправлено. Чтобы начать заново, напишите любое сообщение.',
  statusOf: (regNumber: string, status: string, dueDate: string | null) =>
    `Обращение ${regNumber}: ${status}${dueDate ? `, срок ответа — ${dueDate}` : ''}.`,
  statusUnknown: (regNumber: string) =>
    `Обращение ${regNumber} не найдено среди обращений, поданных из этого чата.`,
  buttonDone: 'Готово',
  buttonSubmit: 'Отправить',
  buttonCancel: 'Отменить',
  noticeFallback:
    'Уведомление не доставлено в мессенджер (бот заблокирован); отправлено по другому адресу.',
} as const;

/** The status as the person is told it. */
export const STATUS_FOR_APPLICANT: Record<string, string> = {
  registered: 'зарегистрировано',
  under_review: 'на рассмотрении',
  assigned: 'на рассмотрении',
  in_progress: 'на рассмотрении',
  answer_review: 'ответ готовится',
  answered: 'ответ дан',
  rejected: 'оставлено без рассмотрения',
  duplicate: 'присоединено к ранее поданному',
  forwarded: 'направлено по компетенции',
  withdrawn: 'отозвано',
};
