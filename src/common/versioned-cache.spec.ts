import { VersionedCache } from './versioned-cache';

describe('VersionedCache', () => {
  const setup = (refreshMs: number) => {
    let version = '1';
    const calls = { version: 0, load: 0 };
    const sut = new VersionedCache<string>(
      refreshMs,
      () => {
        calls.version++;
        return Promise.resolve(version);
      },
      () => {
        calls.load++;
        return Promise.resolve({ value: `data@${version}`, version });
      },
    );
    return { sut, calls, bump: () => (version = String(Number(version) + 1)) };
  };

  it('shares one read between concurrent callers', async () => {
    const { sut, calls } = setup(60_000);
    const values = await Promise.all([sut.current(), sut.current(), sut.current()]);
    expect(values).toEqual(['data@1', 'data@1', 'data@1']);
    expect(calls).toEqual({ version: 1, load: 1 });
  });

  it('trusts its copy for refreshMs, then reloads only when the version moved', async () => {
    const { sut, calls, bump } = setup(0);
    await sut.current();
    await sut.current();
    expect(calls).toEqual({ version: 2, load: 1 });
    bump();
    expect(await sut.current()).toBe('data@2');
    expect(calls.load).toBe(2);
  });

  it("uses this instance's own change at once", async () => {
    const { sut, bump } = setup(60_000);
    await sut.current();
    bump();
    expect(await sut.current()).toBe('data@1');
    sut.invalidate();
    expect(await sut.current()).toBe('data@2');
  });
});
