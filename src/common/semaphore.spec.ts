import { Semaphore } from './semaphore';

const tick = () => new Promise((r) => setImmediate(r));

describe('Semaphore', () => {
  it('lets at most `limit` hold at once and hands permits on in arrival order', async () => {
    const s = new Semaphore(2);
    const order: string[] = [];
    const a = await s.acquire();
    const b = await s.acquire();
    const c = s.acquire().then((r) => (order.push('c'), r));
    const d = s.acquire().then((r) => (order.push('d'), r));
    await tick();
    expect(order).toEqual([]);
    expect(s.inUse).toBe(2);
    expect(s.queued).toBe(2);
    b();
    const rc = await c;
    expect(order).toEqual(['c']);
    expect(s.inUse).toBe(2);
    a();
    const rd = await d;
    expect(order).toEqual(['c', 'd']);
    rc();
    rd();
    expect(s.inUse).toBe(0);
  });

  it('ignores a second release of the same permit', async () => {
    const s = new Semaphore(1);
    const a = await s.acquire();
    a();
    a();
    expect(s.inUse).toBe(0);
    const b = await s.acquire();
    let third = false;
    void s.acquire().then(() => (third = true));
    await tick();
    expect(third).toBe(false);
    b();
    await tick();
    expect(third).toBe(true);
  });

  it('refuses a limit below one', () => {
    expect(() => new Semaphore(0)).toThrow(/positive integer/);
    expect(() => new Semaphore(1.5)).toThrow(/positive integer/);
  });
});
