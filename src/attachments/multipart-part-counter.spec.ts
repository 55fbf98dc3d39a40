import {
  MultipartPartCounter,
  countFieldValues,
  multipartBoundary,
} from './multipart-part-counter';

const body = (parts: number, boundary = 'b0'): Buffer =>
  Buffer.from(
    Array.from(
      { length: parts },
      (_, i) =>
        `--${boundary}\r\nContent-Disposition: form-data; name="f${i}"\r\n\r\nvalue ${i}\r\n`,
    ).join('') + `--${boundary}--\r\n`,
  );

describe('MultipartPartCounter', () => {
  it.each([0, 1, 3])('counts %i parts in one chunk', (n) => {
    const sut = new MultipartPartCounter('b0');
    sut.push(body(n));
    expect(sut.parts).toBe(n);
  });

  it('counts the same when the body arrives one byte at a time', () => {
    const sut = new MultipartPartCounter('b0');
    const b = body(4);
    for (let i = 0; i < b.length; i++) sut.push(b.subarray(i, i + 1));
    expect(sut.parts).toBe(4);
  });

  it('does not count a boundary-like string that is not at a line start', () => {
    const sut = new MultipartPartCounter('b0');
    sut.push(
      Buffer.from('--b0\r\nContent-Disposition: form-data; name="a"\r\n\r\nx--b0 y\r\n--b0--'),
    );
    expect(sut.parts).toBe(1);
  });
});

describe('multipartBoundary', () => {
  it('reads quoted and plain boundaries, and none', () => {
    expect(multipartBoundary('multipart/form-data; boundary=abc')).toBe('abc');
    expect(multipartBoundary('multipart/form-data; boundary="a b"; charset=utf-8')).toBe('a b');
    expect(multipartBoundary('multipart/form-data')).toBeNull();
  });
});

describe('countFieldValues', () => {
  it('counts every string leaf', () => {
    expect(countFieldValues({ a: 'x', b: ['y', 'z'], c: { d: 'w' } })).toBe(4);
    expect(countFieldValues(undefined)).toBe(0);
  });
});
