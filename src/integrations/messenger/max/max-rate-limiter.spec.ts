import { MaxRateLimiter } from './max-rate-limiter';

describe('MaxRateLimiter', () => {
  let now: number;
  let sleeps: number[];
  let sut: MaxRateLimiter;

  beforeEach(() => {
    now = 1_000_000;
    sleeps = [];
    sut = new MaxRateLimiter(
      3,
      1000,
      () => now,
      (ms) => {
        sleeps.push(ms);
        now += ms;
        return Promise.resolve();
      },
    );
  });

  it('lets the first `limit` requests of a window through without waiting', async () => {
    await sut.acquire();
    await sut.acquire();
    await sut.acquire();

    expect(sleeps).toEqual([]);
  });

  it('makes the next request wait until the oldest one leaves the window', async () => {
    await sut.acquire();
    now += 300;
    await sut.acquire();
    await sut.acquire();

    await sut.acquire();

    expect(sleeps).toEqual([700]);
  });

  it('does not wait once the window has moved on', async () => {
    await sut.acquire();
    await sut.acquire();
    await sut.acquire();
    now += 1000;

    await sut.acquire();

    expect(sleeps).toEqual([]);
  });

  it('queues concurrent callers in turn', async () => {
    await Promise.all([1, 2, 3, 4, 5, 6].map(() => sut.acquire()));

    expect(sleeps.reduce((a, b) => a + b, 0)).toBe(1000);
  });
});
