import { gostR341194, streebog256 } from './crypto-gost';

describe('gostR341194 (ГОСТ Р 34.11-94, CryptoPro S-box)', () => {
  // The value `openssl dgst -md_gost94` prints for «тест» in UTF-8 (the gost engine's default
  // parameter set is CryptoPro's).
  it('hashes as the OpenSSL gost engine does', () => {
    expect(gostR341194('тест').toString('hex')).toBe(
      '048fcd8d361b7a039bdc3b1906d8128fd3bfd968047ea2b7e930159357388269',
    );
  });
});

describe('streebog256 (ГОСТ Р 34.11-2012, 256 bits)', () => {
  it('hashes the empty message as OpenSSL and CryptoPro do', () => {
    expect(streebog256('').toString('hex')).toBe(
      '3f539a213e97c802cc229d474c6aa32a825a360b2a933a949fd925208d9ce1bb',
    );
  });

  // ГОСТ Р 34.11-2012, Appendix A, example 1 (M1, the 63 ASCII digits «0123…012»); the standard prints the vector
  // most significant byte first, implementations emit it least significant byte first.
  it('matches the standard example M1', () => {
    const m1 = Buffer.from(
      '303132333435363738393031323334353637383930313233343536373839303132333435363738393031323334353637383930313233343536373839303132',
      'hex',
    );
    const printed = '00557be5e584fd52a449b16b0251d05d27f94ab76cbaa6da890b59d8ef1e159d';
    expect(Buffer.from(streebog256(m1)).reverse().toString('hex')).toBe(printed);
    expect(streebog256(m1).toString('hex')).toBe(
      '9d151eefd8590b89daa6ba6cb74af9275dd051026bb149a452fd84e5e57b5500',
    );
  });
});
