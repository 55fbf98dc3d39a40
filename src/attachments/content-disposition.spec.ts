import { asciiFallback, contentDisposition as sut, encodeRfc8187 } from './content-disposition';

describe('contentDisposition', () => {
  it('gives an ASCII name and the exact UTF-8 name', () => {
    expect(sut('Скан письма.pdf')).toBe(
      `attachment; filename="Skan pisma.pdf"; filename*=UTF-8''%D0%A1%D0%BA%D0%B0%D0%BD%20%D0%BF%D0%B8%D1%81%D1%8C%D0%BC%D0%B0.pdf`,
    );
  });

  it('cannot be broken out of by quotes, backslashes or line breaks', () => {
    const header = sut('a"b\\c\r\nSet-Cookie: x.txt');
    expect(header).not.toMatch(/[\r\n]/);
    expect(header).toContain('filename="a_b_c__Set-Cookie: x.txt"');
  });

  it('encodes what RFC 8187 does not allow bare', () => {
    expect(encodeRfc8187("it's (1)*.txt")).toBe('it%27s%20%281%29%2A.txt');
  });

  it('replaces each other character once and falls back to a placeholder for an empty name', () => {
    expect(asciiFallback('😀.jpg')).toBe('_.jpg');
    expect(asciiFallback('   ')).toBe('file');
  });
});
