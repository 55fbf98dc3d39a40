import { sniffRecordingHead } from './recording-sniffing';
import { sineWav } from '../../../test/support/audio';

describe('sniffRecordingHead', () => {
  it('takes a WAV by its RIFF/WAVE header', async () => {
    expect(await sniffRecordingHead(sineWav(0.1))).toEqual({
      kind: 'allowed',
      contentType: 'audio/wav',
    });
  });

  it('takes an MP3 by its frame header, with or without an ID3 tag', async () => {
    const frame = Buffer.concat([Buffer.from([0xff, 0xfb, 0x90, 0x64]), Buffer.alloc(400)]);
    const id3 = Buffer.from([0x49, 0x44, 0x33, 4, 0, 0, 0, 0, 0, 0]);
    for (const mp3 of [frame, Buffer.concat([id3, frame])]) {
      expect(await sniffRecordingHead(mp3)).toEqual({ kind: 'allowed', contentType: 'audio/mpeg' });
    }
  });

  it('refuses a PDF, whatever it is called', async () => {
    expect(await sniffRecordingHead(Buffer.from('%PDF-1.4\n%âãÏÓ\n'))).toEqual({
      kind: 'refused',
      detected: 'pdf',
    });
  });

  it('refuses plain text: a recording is never text', async () => {
    expect(await sniffRecordingHead(Buffer.from('Нет горячей воды'))).toEqual({
      kind: 'refused',
      detected: 'unknown',
    });
  });
});
