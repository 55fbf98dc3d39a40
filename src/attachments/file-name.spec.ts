import { MAX_FILE_NAME, downloadName, fileNameProblem as sut } from './file-name';

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

describe('downloadName', () => {
  it.each([
    ['scan.pdf.exe', 'application/pdf', 'scan.pdf.exe.pdf'],
    ['scan', 'application/pdf', 'scan.pdf'],
    ['Скан.PDF', 'application/pdf', 'Скан.PDF'],
    ['photo.jpeg', 'image/jpeg', 'photo.jpeg'],
    ['photo.JPG', 'image/jpeg', 'photo.JPG'],
    ['photo.png', 'image/jpeg', 'photo.png.jpg'],
    ['scan.tiff', 'image/tiff', 'scan.tiff'],
    ['IMG_0001.HEIC', 'image/heif', 'IMG_0001.HEIC'],
    ['IMG_0001', 'image/heic-sequence', 'IMG_0001.heic'],
    ['заявление.doc', 'application/x-cfb', 'заявление.doc'],
    // An MSI installer is an OLE2 file too: it must not download as one.
    ['setup.msi', 'application/x-cfb', 'setup.msi.doc'],
    [
      'акт.docm',
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      'акт.docm.docx',
    ],
    ['акт.odt', 'application/vnd.oasis.opendocument.text', 'акт.odt'],
    ['письмо.rtf', 'application/rtf', 'письмо.rtf'],
    // Scripts are plain text: they download as text, not as something the system runs.
    ['run.bat', 'text/plain; charset=utf-8', 'run.bat.txt'],
    ['index.html', 'text/plain; charset=windows-1251', 'index.html.txt'],
    ['notes.TXT', 'text/plain; charset=utf-8', 'notes.TXT'],
    ['scan.pdf.', 'application/pdf', 'scan.pdf..pdf'],
    // A type we do not know (none is stored today): no extension of the sender's is trusted.
    ['tool.exe', 'application/x-msdownload', 'tool.exe.bin'],
  ])('%s as %s → %s', (name, type, expected) => {
    expect(downloadName(name, type)).toBe(expected);
  });

  it('shortens a name at the limit so that the added extension still fits', () => {
    const name = 'я'.repeat(MAX_FILE_NAME - 4) + '.exe';
    const out = downloadName(name, 'application/pdf');
    expect([...out]).toHaveLength(MAX_FILE_NAME);
    expect(out.endsWith('.pdf')).toBe(true);
  });
});
