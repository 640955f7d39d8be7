//! Which of a lookup's candidates are scored: the most similar by pg_trgm's `similarity()` of the normalised
//! sources, counted from the trigrams that PostgreSQL extracted once, when the unit was stored (migration
//! 0033), instead of extracting both texts' trigrams again for every candidate of every lookup.
//!
//! Pure: a text's trigrams come as `tm_trigrams()` writes them, three bytes each, distinct, sorted.

/// Bytes of one trigram.
const TRIGRAM: usize = 3;

/// pg_trgm's `similarity(a, b)` of two texts given their trigrams: the shared trigrams over the trigrams of
/// either, as the single-precision quotient pg_trgm computes, so that equal similarities stay equal.
pub fn similarity(a: &[u8], b: &[u8]) -> f32 {
    let (mut a, mut b) = (a.chunks_exact(TRIGRAM), b.chunks_exact(TRIGRAM));
    let (len_a, len_b) = (a.len(), b.len());
    if len_a == 0 || len_b == 0 {
        return 0.0;
    }
    let mut shared = 0;
    let (mut x, mut y) = (a.next(), b.next());
    while let (Some(p), Some(q)) = (x, y) {
        match p.cmp(q) {
            std::cmp::Ordering::Less => x = a.next(),
            std::cmp::Ordering::Greater => y = b.next(),
            std::cmp::Ordering::Equal => {
                shared += 1;
                (x, y) = (a.next(), b.next());
            }
        }
    }
    // Trigram counts are far below 2^24: exact as f32, as in pg_trgm's float4 arithmetic.
    shared as f32 / (len_a + len_b - shared) as f32
}

/// The ids of the `limit` candidates (id, trigrams) most similar to a sentence of trigrams `sentence`, most
/// similar first and the higher id first among equals: what `ORDER BY similarity(...) DESC, id DESC LIMIT
/// limit` chooses.
pub fn most_similar(sentence: &[u8], candidates: &[(i64, Vec<u8>)], limit: usize) -> Vec<i64> {
    let mut ranked: Vec<(f32, i64)> =
        candidates.iter().map(|(id, trigrams)| (similarity(sentence, trigrams), *id)).collect();
    ranked.sort_unstable_by(|(a, x), (b, y)| b.total_cmp(a).then(y.cmp(x)));
    ranked.into_iter().take(limit).map(|(_, id)| id).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn trigrams(values: &[u32]) -> Vec<u8> {
        let mut sorted = values.to_vec();
        sorted.sort_unstable();
        sorted.iter().flat_map(|v| v.to_be_bytes()[1..].to_vec()).collect()
    }

    #[test]
    fn similarity_is_shared_over_either() {
        let a = trigrams(&[1, 2, 3, 4]);
        let b = trigrams(&[3, 4, 5]);
        assert_eq!(similarity(&a, &b), 2.0 / 5.0);
        assert_eq!(similarity(&a, &a), 1.0);
        assert_eq!(similarity(&a, &trigrams(&[9])), 0.0);
        assert_eq!(similarity(&a, &[]), 0.0);
        // Bytes compare unsigned: 0x80_00_00 is above 0x7f_ff_ff.
        assert_eq!(similarity(&trigrams(&[0x7f_ffff, 0x80_0000]), &trigrams(&[0x80_0000])), 0.5);
    }

    #[test]
    fn the_most_similar_come_first_and_the_higher_id_breaks_ties() {
        let sentence = trigrams(&[1, 2, 3, 4]);
        let candidates = vec![
            (10, trigrams(&[1])),
            (11, trigrams(&[1, 2, 3])),
            (12, trigrams(&[4])),
            (13, trigrams(&[7, 8])),
            (9, trigrams(&[1, 2, 3])),
        ];
        assert_eq!(most_similar(&sentence, &candidates, 3), [11, 9, 12]);
        assert_eq!(most_similar(&sentence, &candidates, 9), [11, 9, 12, 10, 13]);
    }
}
