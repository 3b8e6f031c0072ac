//! Variable-length integers (LEB128: seven bits a byte, the high bit set on all but the last),
//! for state kept packed so that checkpoints of it stay small: a small number takes one byte
//! instead of eight.

/// Appends `x`.
pub fn push(out: &mut Vec<u8>, mut x: u64) {
    while x >= 0x80 {
        out.push((x as u8) | 0x80);
        x >>= 7;
    }
    out.push(x as u8);
}

/// Reads the number that starts at `bytes[*at]` and moves `*at` past it; `None` at the end
/// of `bytes` or on a number longer than ten bytes.
pub fn read(bytes: &[u8], at: &mut usize) -> Option<u64> {
    // Most numbers packed here take one or two bytes: those without the loop.
    let b0 = u64::from(*bytes.get(*at)?);
    if b0 < 0x80 {
        *at += 1;
        return Some(b0);
    }
    let b1 = u64::from(*bytes.get(*at + 1)?);
    if b1 < 0x80 {
        *at += 2;
        return Some((b0 & 0x7f) | (b1 << 7));
    }
    let mut x = (b0 & 0x7f) | ((b1 & 0x7f) << 7);
    *at += 2;
    for shift in (14..64).step_by(7) {
        let b = *bytes.get(*at)?;
        *at += 1;
        x |= u64::from(b & 0x7f) << shift;
        if b & 0x80 == 0 {
            return Some(x);
        }
    }
    None
}

/// A signed difference as an unsigned number that is small when the difference is small
/// either way (zigzag: 0, -1, 1, -2, ... as 0, 1, 2, 3, ...).
pub fn zigzag(x: i64) -> u64 {
    ((x << 1) ^ (x >> 63)) as u64
}

/// The inverse of [`zigzag`].
pub fn unzigzag(x: u64) -> i64 {
    ((x >> 1) as i64) ^ -((x & 1) as i64)
}
