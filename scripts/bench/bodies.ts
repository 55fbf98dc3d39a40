// Request bodies for the benchmarks: realistic Russian appeals, a different applicant each time.
const TEXTS = [
  'В квартире с начала месяца холодные батареи, температура 16 градусов. Прошу восстановить отопление и сделать перерасчёт.',
  'Прошу разъяснить начисление за вывоз мусора: в квитанции указано пять человек, а зарегистрирован один.',
  'Счётчик горячей воды вышел из строя, прошу прислать мастера для замены и опломбирования прибора учёта.',
  'Третий день ржавая вода из крана, напор слабый. Требую проверить стояк и промыть систему.',
];

let n = 0;
export const body = (): string => {
  n++;
  // A different applicant every time, also across runs on the same database (most appeals
  // are nobody's duplicate): the duplicate rules do their full lookup and find nothing.
  const id = `${process.pid}${String(n).padStart(7, '0')}`;
  return JSON.stringify({
    channel: 'web',
    kind: 'complaint',
    applicant: {
      lastName: 'Иванов',
      firstName: 'Пётр',
      email: `bench${process.pid}.${n}@example.ru`,
    },
    accountNumber: id,
    serviceAddress: `г. Тверь, ул. Лесная, д. ${process.pid % 500}, кв. ${n}`,
    topicCode: 'billing',
    text: `${TEXTS[n % TEXTS.length]} Обращение ${id}. `.repeat(3),
  });
};
