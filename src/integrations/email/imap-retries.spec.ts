import { IMAP_RETRY_MAX_DELAY_MS, imapRetryDelayMs } from './imap-retries';

describe('imapRetryDelayMs', () => {
  const minutes = (attempts: number): number => imapRetryDelayMs(attempts) / 60_000;

  it('waits a minute after the first failure and doubles the wait after each further one', () => {
    expect([1, 2, 3, 4, 5, 6].map(minutes)).toEqual([1, 2, 4, 8, 16, 32]);
  });

  it('never waits more than an hour', () => {
    expect([7, 8, 24, 1000].map(imapRetryDelayMs)).toEqual(Array(4).fill(IMAP_RETRY_MAX_DELAY_MS));
  });

  it('with the default 24 attempts gives up within a day, leaving time to register by hand', () => {
    // The 24th failure comes after the waits of the first 23 (59-ФЗ ст. 8 ч. 2: 3 days).
    let total = 0;
    for (let attempts = 1; attempts < 24; attempts++) total += imapRetryDelayMs(attempts);
    expect(total / 3_600_000).toBeCloseTo(18.05, 1);
  });
});
