import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { TextSniffer, detectContentType as sut } from './content-sniffing';

const fixture = (name: string): Buffer =>
  readFileSync(path.join(__dirname, '..', '..', 'test', 'fixtures', 'attachments', name));

describe('detectContentType', () => {
  it.each([
    ['sample.pdf', 'application/pdf'],
    ['sample.jpg', 'image/jpeg'],
    ['sample.png', 'image/png'],
    ['sample.tif', 'image/tiff'],
    ['sample.heic', 'image/heic'],
    ['sample.doc', 'application/x-cfb'],
    ['sample.docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
    ['sample.odt', 'application/vnd.oasis.opendocument.text'],
    ['sample.rtf', 'application/rtf'],
    ['sample-utf8.txt', 'text/plain; charset=utf-8'],
    ['sample-cp1251.txt', 'text/plain; charset=windows-1251'],
  ])('recognises %s by its content', async (name, type) => {
    expect(await sut(fixture(name))).toBe(type);
  });

  it('refuses an executable whatever it is called', async () => {
    expect(await sut(fixture('scan.pdf'))).toBeNull();
  });

  it('refuses formats outside the list even when they are text-like (XML, HTML as zip, …)', async () => {
    expect(await sut(Buffer.from('<?xml version="1.0"?><a/>'))).toBeNull();
    expect(await sut(Buffer.from('504b030414000000', 'hex'))).toBeNull();
  });

  it('refuses unknown binary content', async () => {
    expect(await sut(Buffer.from([0x01, 0x02, 0x03, 0x04, 0x05]))).toBeNull();
    expect(await sut(Buffer.from('текст\0с нулём'))).toBeNull();
  });

  it('accepts short plain text, with or without a byte-order mark', async () => {
    expect(await sut(Buffer.from('x'))).toBe('text/plain; charset=utf-8');
    expect(await sut(Buffer.from('\ufeffЗаявление'))).toBe('text/plain; charset=utf-8');
  });
});

describe('TextSniffer', () => {
  it('keeps UTF-8 when a multi-byte character is split between chunks', () => {
    const sut = new TextSniffer();
    const bytes = Buffer.from('счёт');
    expect(sut.push(bytes.subarray(0, 3))).toBe(true);
    expect(sut.push(bytes.subarray(3))).toBe(true);
    expect(sut.end()).toBe('text/plain; charset=utf-8');
  });

  it('falls back to windows-1251 when a later chunk is not UTF-8', () => {
    const sut = new TextSniffer();
    sut.push(Buffer.from('Latin text first, '));
    sut.push(Buffer.from([0xd1, 0xf7, 0xb8, 0xf2])); // «Счёт» in windows-1251
    expect(sut.end()).toBe('text/plain; charset=windows-1251');
  });

  it('says no as soon as a control byte appears, and for a cut-off UTF-8 sequence', () => {
    const sut = new TextSniffer();
    expect(sut.push(Buffer.from('ok'))).toBe(true);
    expect(sut.push(Buffer.from([0x41, 0x1b]))).toBe(false);
    expect(sut.end()).toBeNull();

    // 0x98 is inside UTF-8's "ё" but undefined in windows-1251.
    const cut = new TextSniffer();
    cut.push(Buffer.from([0xd1, 0x98, 0xd1]));
    expect(cut.end()).toBeNull();
  });
});
