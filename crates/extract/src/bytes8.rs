//! Byte-parallel tests on eight bytes of text at once (a `u64` loaded little-endian, so
//! the first byte is the lowest), for the scans that step over runs of plain ASCII: the
//! normaliser, the tokenizer, the phrase matchers' lead words, the time tagger's
//! digit search and the claims stage's search for quotation marks. Each test sets the
//! high bit of every byte that passes.

/// 0x01 in every byte.
pub(crate) const ONES: u64 = 0x0101_0101_0101_0101;
/// 0x80 in every byte.
pub(crate) const HIGHS: u64 = 0x8080_8080_8080_8080;
/// 0x20 in every byte: OR-ed in, it lower-cases ASCII letters and keeps digits.
pub(crate) const LOWER: u64 = 0x2020_2020_2020_2020;

/// The eight bytes of `bytes` from `at`, when there are eight.
#[inline(always)]
pub(crate) fn load(bytes: &[u8], at: usize) -> Option<u64> {
    bytes.get(at..at.checked_add(8)?).map(|b| u64::from_le_bytes(b.try_into().unwrap_or_default()))
}

/// The high bit of each byte of `word` that lies in `lo..=hi` (`1 <= lo <= hi <= 0x7F`).
#[inline(always)]
pub(crate) fn in_range(word: u64, lo: u8, hi: u8) -> u64 {
    // High bits cleared, so that the sums cannot carry into the next byte; bytes that had
    // one are outside ASCII and refused at the end. A byte reaches the high bit when
    // it is at least `lo` (adding 0x80 - lo), and passes it too when it is above `hi`.
    let low = word & !HIGHS;
    let at_least = low + ONES * u64::from(0x80 - lo);
    let above = low + ONES * u64::from(0x7F - hi);
    at_least & !above & !word & HIGHS
}

/// The high bit of each byte of `word` equal to `b`, exactly (no carries between bytes).
#[inline(always)]
pub(crate) fn equal(word: u64, b: u8) -> u64 {
    let t = word ^ (ONES * u64::from(b));
    !(((t & !HIGHS) + !HIGHS) | t) & HIGHS
}

/// How many of the eight bytes in `word`, from the first, are ASCII letters or digits.
#[inline(always)]
pub(crate) fn alnum_prefix(word: u64) -> usize {
    let alnum = in_range(word | LOWER, b'a', b'z') | in_range(word, b'0', b'9');
    ((!alnum & HIGHS).trailing_zeros() / 8) as usize
}

/// Whether any of the eight bytes in `word` is an ASCII digit.
#[inline(always)]
pub(crate) fn has_digit(word: u64) -> bool {
    in_range(word, b'0', b'9') != 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_test_agrees_with_the_byte_at_every_lane() {
        for filler in [b'a', b' ', 0xFF, 0x80, b'/', b':', b'`', b'Z'] {
            for v in 0..=255u8 {
                for k in 0..8 {
                    let mut bytes = [filler; 8];
                    bytes[k] = v;
                    let w = u64::from_le_bytes(bytes);
                    let lane = |mask: u64| mask >> (8 * k) & 0x80 != 0;
                    assert_eq!(lane(in_range(w, 0x21, 0x7E)), v.is_ascii_graphic(), "{bytes:?}");
                    assert_eq!(lane(equal(w, b'`')), v == b'`', "{bytes:?}");
                    let prefix = bytes.iter().take_while(|b| b.is_ascii_alphanumeric()).count();
                    assert_eq!(alnum_prefix(w), prefix, "{bytes:?}");
                }
            }
        }
        assert_eq!(load(b"0123456", 0), None);
        assert_eq!(load(b"x01234567", 1), Some(u64::from_le_bytes(*b"01234567")));
    }
}
