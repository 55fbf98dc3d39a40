import { fileNameProblem as sut } from './file-name';

describe('fileNameProblem', () => {
  it.each([
    'скан.pdf',
    'Заявление №5 (копия).pdf',
    'Фото счётчика ГВС 2026-02-28.jpg',
    'акт..docx',
    '.hidden',
    'файл',
    'a'.repeat(251) + '.pdf',
  ])('accepts %s', (name) => {
    expect(sut(name)).toBeNull();
  });

  it.each([
    ['../../etc/passwd', /путь/],
    ['..\\..\\boot.ini', /путь/],
    ['/etc/passwd', /путь/],
    ['C:\\Windows\\win.ini', /путь/],
    ['docs/скан.pdf', /путь/],
    ['..', /Недопустимое/],
    ['.', /Недопустимое/],
    ['scan\u0000.pdf', /управляющие/],
    ['scan\n.pdf', /управляющие/],
    ['scan\t.pdf', /управляющие/],
    ['scan\u007f.pdf', /управляющие/],
    ['scan\u0085.pdf', /управляющие/],
    ['счёт\u202Efdp.exe', /управляющие/],
    ['\uFFFD.pdf', /UTF-8/],
    ['a'.repeat(252) + '.pdf', /255/],
  ])('refuses %j', (name, why) => {
    expect(sut(name)).toMatch(why);
  });
});
