//! Human-readable sizes for messages: binary units written KB, MB, GB, as the portal shows
//! them (50 MB means 50 × 1024 × 1024 bytes).

/// Formats a byte count: `512 B`, `20 KB`, `61.2 MB`.
pub(crate) trait Human {
    fn human(self) -> String;
}

impl Human for u64 {
    fn human(self) -> String {
        const UNITS: [&str; 4] = ["KB", "MB", "GB", "TB"];
        if self < 1024 {
            return format!("{self} B");
        }
        let mut value = self as f64 / 1024.0;
        let mut unit = 0;
        while value >= 1024.0 && unit + 1 < UNITS.len() {
            value /= 1024.0;
            unit += 1;
        }
        let text = format!("{value:.1}");
        let text = text.strip_suffix(".0").unwrap_or(&text);
        format!("{text} {}", UNITS[unit])
    }
}

/// Formats a size and the limit it exceeds, so that they never read the same: when both round
/// to the same text, exact byte counts are used instead.
pub(crate) fn over_limit(actual: u64, limit: u64) -> (String, String) {
    let (a, l) = (actual.human(), limit.human());
    if a == l {
        (format!("{actual} bytes"), format!("{limit}-byte"))
    } else {
        (a, l)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_use_binary_units_and_drop_a_trailing_zero_decimal() {
        assert_eq!(0u64.human(), "0 B");
        assert_eq!(1023u64.human(), "1023 B");
        assert_eq!(1024u64.human(), "1 KB");
        assert_eq!(1536u64.human(), "1.5 KB");
        assert_eq!((50u64 * 1024 * 1024).human(), "50 MB");
        assert_eq!(((61.2 * 1024.0 * 1024.0) as u64).human(), "61.2 MB");
        assert_eq!((3u64 << 30).human(), "3 GB");
    }

    #[test]
    fn a_size_just_over_a_limit_is_shown_in_bytes() {
        assert_eq!(
            over_limit(50 * 1024 * 1024 + 1, 50 * 1024 * 1024),
            ("52428801 bytes".to_string(), "52428800-byte".to_string())
        );
        assert_eq!(
            over_limit(61 * 1024 * 1024, 50 * 1024 * 1024),
            ("61 MB".to_string(), "50 MB".to_string())
        );
    }
}
