//! MurmurHash3 (x86, 32-bit) and the Unleash bucketing built on it.

/// MurmurHash3, x86 32-bit variant, as used by every Unleash client for stickiness.
///
/// Tail bytes are read little-endian, the result is the unsigned 32-bit hash.
pub fn murmur3_x86_32(data: &[u8], seed: u32) -> u32 {
    const C1: u32 = 0xcc9e_2d51;
    const C2: u32 = 0x1b87_3593;

    let mix_k = |k: u32| k.wrapping_mul(C1).rotate_left(15).wrapping_mul(C2);

    let mut h = seed;
    let mut blocks = data.chunks_exact(4);
    for block in &mut blocks {
        let k = u32::from_le_bytes([block[0], block[1], block[2], block[3]]);
        h ^= mix_k(k);
        h = h.rotate_left(13).wrapping_mul(5).wrapping_add(0xe654_6b64);
    }

    let tail = blocks.remainder();
    if !tail.is_empty() {
        let k = tail
            .iter()
            .enumerate()
            .fold(0u32, |k, (i, &byte)| k | u32::from(byte) << (8 * i));
        h ^= mix_k(k);
    }

    // The length is mixed in modulo 2^32, as the reference implementation does.
    h ^= data.len() as u32;
    h ^= h >> 16;
    h = h.wrapping_mul(0x85eb_ca6b);
    h ^= h >> 13;
    h = h.wrapping_mul(0xc2b2_ae35);
    h ^ (h >> 16)
}

/// Unleash's `normalizedValue(id, groupId, normalizer)`:
/// `murmur3_x86_32("{group}:{id}", seed 0) % normalizer + 1`, a number in `1..=normalizer`.
///
/// A `normalizer` of 0 is treated as 1 (every id lands in bucket 1) rather than dividing by zero.
pub fn normalized_value(group: &str, id: &str, normalizer: u32) -> u32 {
    let key = format!("{group}:{id}");
    murmur3_x86_32(key.as_bytes(), 0) % normalizer.max(1) + 1
}

/// A user's bucket in a rollout group, `1..=100` (HOST-API.md, "Bucketing (normative)").
///
/// `murmur3_x86_32("{group}:{user_id}" as UTF-8, seed 0) % 100 + 1`. A user is in a cohort of
/// `p` percent iff `bucket(group, user_id) <= p`, so raising `p` only ever adds users.
pub fn bucket(group: &str, user_id: &str) -> u32 {
    normalized_value(group, user_id, 100)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn murmur3_matches_the_reference_known_answers() {
        assert_eq!(murmur3_x86_32(b"", 0), 0);
        assert_eq!(murmur3_x86_32(b"", 1), 0x514e_28b7);
        assert_eq!(murmur3_x86_32(b"", 0xffff_ffff), 0x81f1_6f39);
        assert_eq!(murmur3_x86_32(b"hello", 0), 0x248b_fa47);
        assert_eq!(
            murmur3_x86_32(b"The quick brown fox jumps over the lazy dog", 0),
            0x2e4f_f723
        );
        // One block plus every tail length.
        assert_eq!(murmur3_x86_32(b"test", 0), 0xba6b_d213);
        assert_eq!(murmur3_x86_32(b"Hello, world!", 1234), 0xfaf6_cdb3);
        assert_eq!(murmur3_x86_32(&[0x21, 0x43, 0x65, 0x87], 0), 0xf55b_516b);
        assert_eq!(murmur3_x86_32(&[0x21, 0x43, 0x65], 0), 0x7e4a_8634);
        assert_eq!(murmur3_x86_32(&[0x21, 0x43], 0), 0xa0f7_b07a);
        assert_eq!(murmur3_x86_32(&[0x21], 0), 0x7266_1cf4);
    }

    #[test]
    fn buckets_match_unleash_normalized_values() {
        // From the Unleash node client's own tests of normalizedValue.
        assert_eq!(bucket("gr1", "123"), 73);
        assert_eq!(bucket("groupX", "999"), 25);
        // From the gradualRolloutUserId vectors (03): group AB12A, 50 %: 122 in, 155 out.
        assert!(bucket("AB12A", "122") <= 50);
        assert!(bucket("AB12A", "155") > 50);
    }

    #[test]
    fn buckets_are_always_between_1_and_100() {
        for i in 0..10_000 {
            let b = bucket("mp_demo", &format!("user-{i}"));
            assert!((1..=100).contains(&b), "bucket {b} out of range");
        }
    }

    #[test]
    fn bucketing_hashes_utf8_bytes() {
        let id = "用户-ø";
        let expected = murmur3_x86_32(format!("g:{id}").as_bytes(), 0) % 100 + 1;
        assert_eq!(bucket("g", id), expected);
    }

    #[test]
    fn a_zero_normalizer_does_not_panic() {
        assert_eq!(normalized_value("g", "u", 0), 1);
    }
}
