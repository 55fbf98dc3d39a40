import { describeError } from './describe-error';

describe('describeError', () => {
  it('gives an error its message, stack and cause', () => {
    const text = describeError(new Error('outer', { cause: new Error('the cause') }));
    expect(text).toContain('Error: outer');
    expect(text).toContain('describe-error.spec.ts'); // the stack
    expect(text).toContain('the cause');
  });

  it('never answers a bare "undefined"', () => {
    expect(describeError(undefined)).not.toBe('undefined');
    expect(describeError(undefined)).toMatch(/no error was given/);
    expect(describeError({ code: 'X' })).toMatch(/non-Error value.*code: 'X'/);
    expect(describeError('text')).toMatch(/non-Error value.*'text'/);
  });
});
