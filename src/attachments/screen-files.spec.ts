import { screenIncomingFiles as sut } from './screen-files';

const PNG = Buffer.concat([
  Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'),
  Buffer.alloc(64, 1),
]);
const PDF = Buffer.from('%PDF-1.4\n%âãÏÓ\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n', 'latin1');
// A Windows executable (MZ header): sniffed, not an allowed format.
const EXE = Buffer.concat([
  Buffer.from('4d5a90000300000004000000ffff0000', 'hex'),
  Buffer.alloc(600),
]);
const limits = { maxFiles: 2, maxFileBytes: 1000 };

describe('screenIncomingFiles', () => {
  it('keeps allowed formats with the type sniffed from the content, not the name', async () => {
    const { files, refused } = await sut(
      [
        { fileName: 'фото.jpg', size: PNG.length, content: PNG },
        { fileName: 'акт.pdf', size: PDF.length, content: PDF },
      ],
      limits,
    );
    expect(refused).toEqual([]);
    expect(files.map((f) => [f.originalname, f.mimetype])).toEqual([
      ['фото.jpg', 'image/png'],
      ['акт.pdf', 'application/pdf'],
    ]);
    expect(files[0].buffer.equals(PNG)).toBe(true);
  });

  it('refuses a forbidden format, an empty file, one over the size and one over the count', async () => {
    const { files, refused } = await sut(
      [
        { fileName: 'вирус.pdf', size: EXE.length, content: EXE },
        { fileName: 'пусто.pdf', size: 0, content: Buffer.alloc(0) },
        { fileName: 'огромный.pdf', size: 5000, content: null },
        { fileName: '1.png', size: PNG.length, content: PNG },
        { fileName: '2.pdf', size: PDF.length, content: PDF },
        { fileName: '3.png', size: PNG.length, content: PNG },
      ],
      limits,
    );
    expect(files.map((f) => f.originalname)).toEqual(['1.png', '2.pdf']);
    expect(refused).toEqual(['вирус.pdf', 'пусто.pdf', 'огромный.pdf', '3.png']);
  });
});
