import { imapOptionsFromUrl } from './imap-mailbox';
import { parseByteSize } from './imap-poller.service';

describe('imapOptionsFromUrl', () => {
  it('reads host, port and %-encoded credentials from an imap:// URL, without TLS', () => {
    const sut = imapOptionsFromUrl('imap://desk%40vodokanal.example:p%40ss%20word@127.0.0.1:1143');
    expect(sut).toMatchObject({
      host: '127.0.0.1',
      port: 1143,
      secure: false,
      auth: { user: 'desk@vodokanal.example', pass: 'p@ss word' },
      logger: false,
    });
  });

  it('uses implicit TLS and port 993 for imaps://', () => {
    expect(imapOptionsFromUrl('imaps://u:p@mail.example.ru')).toMatchObject({
      host: 'mail.example.ru',
      port: 993,
      secure: true,
    });
  });

  it('defaults imap:// to port 143 and unwraps an IPv6 literal', () => {
    expect(imapOptionsFromUrl('imap://u:p@[::1]')).toMatchObject({ host: '::1', port: 143 });
  });

  it('refuses other schemes', () => {
    expect(() => imapOptionsFromUrl('pop3://u:p@host')).toThrow(/imap/);
  });
});

describe('parseByteSize', () => {
  it.each([
    ['512b', 512],
    ['64kb', 64 * 1024],
    ['40mb', 40 * 1024 * 1024],
    ['2MB', 2 * 1024 * 1024],
  ])('reads %s as %d bytes', (value, bytes) => {
    expect(parseByteSize(value)).toBe(bytes);
  });

  it('refuses anything else', () => {
    expect(() => parseByteSize('lots')).toThrow();
  });
});
