import { REJECTION_REASONS } from '../appeals/appeal.enums';
import { renderNotice as sut } from './templates';

const base = {
  regNumber: '2026-000123',
  registeredOn: '2026-04-10',
  applicantName: 'Пётр Сергеевич',
};

describe('notice templates', () => {
  it("signs an approved answer with the signer's position and name (59-ФЗ ст. 10 ч. 4)", () => {
    const signed = sut('answer', {
      ...base,
      answerText: 'Перерасчёт выполнен.',
      signedBy: { fullName: 'Иванова Мария Петровна', position: 'Начальник абонентского отдела' },
    });
    expect(signed.body).toMatch(
      /Перерасчёт выполнен\.\n\nС уважением,\nНачальник абонентского отдела\nИванова Мария Петровна$/,
    );
    expect(sut('answer', { ...base, answerText: 'x' }).body).toMatch(
      /С уважением,\nслужба по работе с обращениями$/,
    );
  });

  it('names the co-applicants of a collective appeal in its answer (59-ФЗ ст. 4 п. 1)', () => {
    const n = sut('answer', {
      ...base,
      answerText: 'Ремонт кровли выполнен.',
      coApplicants: 'Сидорова Мария Ивановна; Орлов Илья',
    });
    expect(n.body).toContain(
      'Ответ на ваше обращение № 2026-000123 от 10.04.2026.\n' +
        'Соавторы обращения: Сидорова Мария Ивановна; Орлов Илья.\n\nРемонт кровли выполнен.',
    );
    expect(sut('answer', { ...base, answerText: 'x' }).body).not.toContain('Соавторы');
  });

  it('acknowledges registration with the number and the due date', () => {
    const n = sut('acknowledgement', { ...base, dueDate: '2026-05-08' });
    expect(n.subject).toContain('2026-000123');
    expect(n.body).toContain('08.05.2026');
    expect(n.body).toContain('10.04.2026');
  });

  it.each([
    ['abusive', 'ч. 3 ст. 11'],
    ['repeated', 'ч. 5 ст. 11'],
    ['illegible', 'ч. 4 ст. 11'],
    ['essence_unclear', 'ч. 4.1 ст. 11'],
    ['court_decision', 'ч. 2 ст. 11'],
  ] as const)('cites the law for a %s rejection', (reason, article) => {
    const n = sut('rejection', { ...base, rejectionReason: reason });
    expect(n.body).toContain(article);
    expect(n.body).toContain('59-ФЗ');
  });

  it('gives the due time of a clock that runs in hours (the inspection, issue 23)', () => {
    const ctx = {
      ...base,
      applicantName: null,
      dueDate: '2026-04-06',
      daysLeft: 0,
      clock: 'inspection',
      dueAt: '06.04.2026 12:00',
    };
    const warning = sut('sla_warning', ctx);
    expect(warning.subject).toBe(
      'Обращение № 2026-000123: срок «проверка качества коммунальной услуги» — до 06.04.2026 12:00',
    );
    expect(warning.body).toContain('п. 108 ПП 354');
    expect(sut('sla_escalation', ctx).body).toContain('06.04.2026 12:00');
  });

  it('names the legal clock a staff warning or escalation is about (issue 19)', () => {
    const warning = sut('sla_warning', {
      ...base,
      applicantName: null,
      dueDate: '2026-04-17',
      daysLeft: 2,
      clock: 'forwarding',
    });
    expect(warning.subject).toBe(
      'Обращение № 2026-000123: срок «направление по компетенции» — 2 дн.',
    );
    expect(warning.body).toContain('ч. 3 ст. 8 59-ФЗ');
    expect(warning.body).toContain('17.04.2026');
    const escalation = sut('sla_escalation', {
      ...base,
      applicantName: null,
      dueDate: '2026-04-17',
      clock: 'court_return',
    });
    expect(escalation.subject).toContain('истёк срок «возврат обращения');
    expect(escalation.body).toContain('ч. 2 ст. 11 59-ФЗ');
    // The main term keeps its own words.
    expect(sut('sla_escalation', { ...base, dueDate: '2026-04-17' }).subject).toBe(
      'Обращение № 2026-000123 просрочено',
    );
  });

  it('writes the abuse notice about inadmissible abuse of the right', () => {
    expect(sut('rejection', { ...base, rejectionReason: 'abusive' }).body).toContain(
      'недопустимости злоупотребления правом',
    );
  });

  it('has no notice for an anonymous appeal', () => {
    expect(() => sut('rejection', { ...base, rejectionReason: 'anonymous' })).toThrow();
  });

  it('tells a duplicate which case it joined and its due date', () => {
    const n = sut('duplicate', {
      ...base,
      joinedRegNumber: '2026-000100',
      joinedDueDate: '2026-05-08',
    });
    expect(n.body).toContain('2026-000100');
    expect(n.body).toContain('08.05.2026');
  });

  it('tells the assignee that a calendar change moved the due date earlier, from and to', () => {
    const n = sut('due_date_earlier', {
      ...base,
      applicantName: null,
      dueDate: '2028-01-18',
      previousDueDate: '2028-01-19',
    });
    expect(n.subject).toContain('2026-000123');
    expect(n.body).toContain('с 19.01.2028 на 18.01.2028');
    expect(n.body).toContain('производственный календарь');
  });

  it('confirms, reminds and cancels a reception booking with its time, official and place (issue 22)', () => {
    const reception = {
      date: '2026-05-08',
      time: '15:00',
      officialTitle: 'Генеральный директор',
      officialName: 'Иванов Иван Иванович',
      location: 'каб. 101',
    };
    const booked = sut('reception_booked', { ...base, regNumber: 'П-2026-000001', reception });
    expect(booked.subject).toBe('Запись на личный приём № П-2026-000001');
    expect(booked.body).toContain(
      '08.05.2026 в 15:00: Генеральный директор Иванов Иван Иванович, каб. 101',
    );
    expect(booked.body).toContain('ст. 13');
    expect(sut('reception_reminder', { ...base, reception }).body).toContain('Напоминаем');
    const cancelled = sut('reception_cancelled', { ...base, reception, comment: 'Командировка' });
    expect(cancelled.body).toContain('отменён');
    expect(cancelled.body).toContain('Причина: Командировка.');
  });

  it('covers every rejection reason but anonymous', () => {
    for (const reason of REJECTION_REASONS.filter((r) => r !== 'anonymous')) {
      expect(sut('rejection', { ...base, rejectionReason: reason }).body.length).toBeGreaterThan(
        100,
      );
    }
  });
});
