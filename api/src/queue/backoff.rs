//! Retry delays for the jobs that send (publishing, mail, webhooks): exponential, capped,
//! jittered.

use chrono::Duration;

/// The wait before the next try, after `attempts` tries so far. The ceiling doubles per
/// attempt from `base_secs` up to `cap_secs`; the delay is drawn uniformly from the upper
/// half of it, so a burst of failures (a receiver down for everyone) spreads out on retry
/// instead of arriving together again.
pub fn delay(base_secs: i64, cap_secs: i64, attempts: i32) -> Duration {
    let exponent = u32::try_from(attempts.saturating_sub(1).clamp(0, 30)).unwrap_or(0);
    let ceiling = base_secs.max(1).saturating_mul(1_i64 << exponent).min(cap_secs.max(1));
    Duration::seconds((ceiling / 2 + rand::random_range(0..=ceiling / 2)).max(1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delays_double_stay_under_the_cap_and_vary() {
        for _ in 0..200 {
            let first = delay(30, 3600, 1).num_seconds();
            assert!((15..=30).contains(&first), "{first}");
            let third = delay(30, 3600, 3).num_seconds();
            assert!((60..=120).contains(&third), "{third}");
            let late = delay(30, 3600, 40).num_seconds();
            assert!((1800..=3600).contains(&late), "{late}");
        }
        let spread: std::collections::BTreeSet<i64> = (0..50).map(|_| delay(60, 3600, 4).num_seconds()).collect();
        assert!(spread.len() > 1, "jitter spreads retries");
        assert_eq!(delay(0, 0, 1).num_seconds(), 1, "nonsense settings still give a short, positive wait");
        assert_eq!(delay(1, 1, 1).num_seconds(), 1, "a one-second ceiling never rounds down to no wait");
    }
}
