import { TtlCache } from './ttl-cache';

describe('TtlCache', () => {
  let now = 0;
  const cache = () => new TtlCache<string | null>(1000, 2, () => now);

  beforeEach(() => (now = 0));

  it('loads once within the TTL and again after it', async () => {
    const c = cache();
    const load = jest.fn().mockResolvedValue('v');
    expect(await c.get('k', load)).toBe('v');
    now = 999;
    expect(await c.get('k', load)).toBe('v');
    expect(load).toHaveBeenCalledTimes(1);
    now = 1000;
    await c.get('k', load);
    expect(load).toHaveBeenCalledTimes(2);
  });

  it('does not keep a "not found" (another instance may just have created it)', async () => {
    const c = cache();
    const load = jest.fn().mockResolvedValue(null);
    await c.get('missing', load);
    await c.get('missing', load);
    expect(load).toHaveBeenCalledTimes(2);
  });

  it('forgets everything on clear()', async () => {
    const c = cache();
    const load = jest.fn().mockResolvedValue('v');
    await c.get('k', load);
    c.clear();
    await c.get('k', load);
    expect(load).toHaveBeenCalledTimes(2);
  });

  it('never holds more than its bound', async () => {
    const c = cache();
    const load = jest.fn((k: string) => Promise.resolve(k));
    await c.get('a', () => load('a'));
    await c.get('b', () => load('b'));
    await c.get('c', () => load('c')); // clears a and b
    await c.get('a', () => load('a'));
    expect(load).toHaveBeenCalledTimes(4);
  });

  it('does not cache a failed load', async () => {
    const c = cache();
    await expect(c.get('k', () => Promise.reject(new Error('db down')))).rejects.toThrow();
    expect(await c.get('k', () => Promise.resolve('ok'))).toBe('ok');
  });
});
