import { renderTemplate, ruDate, unknownPlaceholders } from './answer-template.render';

describe('answer template rendering', () => {
  const values = {
    regNumber: '2026-000123',
    registeredOn: '10.04.2026',
    applicantName: 'Иванов Пётр Сергеевич',
    dueDate: '08.05.2026',
  };

  it('fills every placeholder, with or without spaces inside the braces', () => {
    expect(
      renderTemplate(
        'Уважаемый(ая) {{applicantName}}! На обращение № {{ regNumber }} от {{registeredOn}} ' +
          '(срок {{dueDate}}) сообщаем: {{regNumber}}.',
        values,
      ),
    ).toBe(
      'Уважаемый(ая) Иванов Пётр Сергеевич! На обращение № 2026-000123 от 10.04.2026 ' +
        '(срок 08.05.2026) сообщаем: 2026-000123.',
    );
  });

  it('names unknown placeholders once, and leaves them as written', () => {
    expect(unknownPlaceholders('{{regNumber}} {{applicant}} {{ applicant }} {{}}')).toEqual([
      'applicant',
      '',
    ]);
    expect(renderTemplate('{{foo}}', values)).toBe('{{foo}}');
  });

  it('writes dates as ДД.ММ.ГГГГ and a missing one as a dash', () => {
    expect(ruDate('2026-05-08')).toBe('08.05.2026');
    expect(ruDate(null)).toBe('—');
  });
});
