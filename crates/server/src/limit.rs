//! A per-client rate limit: one token bucket per IP address.
//!
//! Each client may send `rate` requests per second on average and `burst` at once. The
//! table forgets clients whose buckets have refilled, so it stays small.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

struct Bucket {
    tokens: f64,
    at: Instant,
}

/// Token buckets by client address.
pub struct RateLimiter {
    rate: f64,
    burst: f64,
    buckets: Mutex<HashMap<IpAddr, Bucket>>,
}

/// Clients kept before idle ones are swept.
const SWEEP_AT: usize = 4096;

impl RateLimiter {
    /// `rate` requests per second (> 0), bursts of `burst` (at least 1).
    pub fn new(rate: f64, burst: u32) -> RateLimiter {
        RateLimiter { rate, burst: burst.max(1) as f64, buckets: Mutex::new(HashMap::new()) }
    }

    /// Takes one token for `ip` at `now`; `Err(wait)` when the bucket is empty.
    pub fn check_at(&self, ip: IpAddr, now: Instant) -> Result<(), Duration> {
        let mut buckets = self.buckets.lock().unwrap_or_else(|p| p.into_inner());
        if buckets.len() >= SWEEP_AT {
            let (rate, burst) = (self.rate, self.burst);
            buckets.retain(|_, b| b.tokens + now.saturating_duration_since(b.at).as_secs_f64() * rate < burst);
        }
        let b = buckets.entry(ip).or_insert(Bucket { tokens: self.burst, at: now });
        let elapsed = now.saturating_duration_since(b.at).as_secs_f64();
        b.tokens = (b.tokens + elapsed * self.rate).min(self.burst);
        b.at = now;
        if b.tokens >= 1.0 {
            b.tokens -= 1.0;
            Ok(())
        } else {
            Err(Duration::from_secs_f64((1.0 - b.tokens) / self.rate))
        }
    }

    /// Takes one token for `ip` now.
    pub fn check(&self, ip: IpAddr) -> Result<(), Duration> {
        self.check_at(ip, Instant::now())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_burst_passes_then_the_rate_holds_per_client() {
        let limiter = RateLimiter::new(2.0, 3);
        let (a, b): (IpAddr, IpAddr) = ("10.0.0.1".parse().unwrap(), "10.0.0.2".parse().unwrap());
        let t0 = Instant::now();
        for _ in 0..3 {
            assert!(limiter.check_at(a, t0).is_ok());
        }
        let wait = limiter.check_at(a, t0).unwrap_err();
        assert!((wait.as_secs_f64() - 0.5).abs() < 1e-6, "{wait:?}");
        assert!(limiter.check_at(b, t0).is_ok(), "another client has its own bucket");
        // Half a second later one token is back, and only one.
        let t1 = t0 + Duration::from_millis(500);
        assert!(limiter.check_at(a, t1).is_ok());
        assert!(limiter.check_at(a, t1).is_err());
        // A long pause refills to the burst, not beyond.
        let t2 = t1 + Duration::from_secs(60);
        for _ in 0..3 {
            assert!(limiter.check_at(a, t2).is_ok());
        }
        assert!(limiter.check_at(a, t2).is_err());
    }

    #[test]
    fn idle_clients_are_forgotten() {
        let limiter = RateLimiter::new(1000.0, 1);
        let t0 = Instant::now();
        for i in 0..SWEEP_AT as u32 {
            limiter.check_at(IpAddr::from(i.to_be_bytes()), t0).unwrap();
        }
        limiter.check_at("10.9.9.9".parse().unwrap(), t0 + Duration::from_secs(1)).unwrap();
        assert_eq!(limiter.buckets.lock().unwrap().len(), 1);
    }
}
