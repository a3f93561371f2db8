import { describe, expect, it } from 'vitest';
import { demangle } from './demangle.js';

describe('demangle', () => {
  it('reads Rust legacy symbols and drops the hash', () => {
    expect(demangle('_ZN7branchy3say17h276730c546008426E')).toBe('branchy::say');
    expect(demangle('_ZN4core3fmt9Formatter3pad17h0123456789abcdefE')).toBe('core::fmt::Formatter::pad');
    expect(demangle('_ZN4core3ptr28drop_in_place$LT$$RF$u64$GT$17h1d02b19a6a06a02bE.llvm.5115463553621482282')).toBe('core::ptr::drop_in_place<&u64>');
    expect(demangle('_ZN42_$LT$$RF$T$u20$as$u20$core..fmt..Debug$GT$3fmt17h0123456789abcdefE')).toBe('<&T as core::fmt::Debug>::fmt');
  });

  it('leaves anything else as it is', () => {
    expect(demangle('classify')).toBe('classify');
    expect(demangle('_ZN3foo')).toBe('_ZN3foo');
    expect(demangle('_ZN99xE')).toBe('_ZN99xE');
  });
});
