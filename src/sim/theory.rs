//! Queueing theory to hold the measurements against.
//!
//! With Poisson arrivals (rate λ) and exponential service (rate μ per worker) the consumer is
//! the textbook M/M/c/K queue: c workers and room for K messages in all (waiting plus in
//! service). Its stationary distribution is known in closed form, which gives the fraction of
//! arrivals that find it full, the mean number inside (L) and the mean time inside (W).

/// Offered load per worker, ρ = λ / (c μ). Above 1 the consumers cannot keep up.
pub fn offered_load(lambda: f64, workers: u32, mu: f64) -> f64 {
    let capacity = f64::from(workers) * mu;
    if capacity > 0.0 {
        lambda / capacity
    } else {
        f64::INFINITY
    }
}

/// The fraction of work that cannot be served when arrivals and service are perfectly
/// regular: whatever exceeds capacity, `max(0, 1 - cμ/λ)`.
pub fn fluid_loss(lambda: f64, workers: u32, mu: f64) -> f64 {
    if lambda <= 0.0 {
        0.0
    } else {
        (1.0 - f64::from(workers) * mu / lambda).max(0.0)
    }
}

/// Stationary figures of an M/M/c/K queue.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Mmck {
    /// Probability that an arrival finds the system full (the loss or blocking probability).
    pub loss: f64,
    /// Mean number of messages inside, waiting or in service (L).
    pub mean_in_system: f64,
    /// Mean time inside for admitted messages, seconds (W = L / λ(1 - loss)).
    pub mean_sojourn_s: f64,
    /// Admitted rate λ(1 - loss), messages per second.
    pub throughput: f64,
}

/// Solves M/M/c/K for arrival rate `lambda`, per-worker rate `mu`, `c` workers and `k`
/// places in all (`k >= c`). Returns `None` for meaningless input (no workers, no service).
///
/// The probabilities are computed in log space: with ρ > 1 and K in the tens of thousands
/// the unnormalised terms overflow any float.
pub fn mmck(lambda: f64, mu: f64, c: u32, k: u64) -> Option<Mmck> {
    // NaN fails every comparison, so it lands here too.
    if c == 0 || mu.is_nan() || lambda.is_nan() || mu <= 0.0 || lambda < 0.0 {
        return None;
    }
    let k = k.max(u64::from(c));
    if lambda == 0.0 {
        return Some(Mmck {
            loss: 0.0,
            mean_in_system: 0.0,
            mean_sojourn_s: 0.0,
            throughput: 0.0,
        });
    }
    let c64 = u64::from(c);
    let log_lambda_mu = (lambda / mu).ln();
    let log_term = |n: u64, prev: f64| prev + log_lambda_mu - (n.min(c64) as f64).ln();
    // Pass 1: the largest log-probability, to normalise against.
    let (mut log_p, mut max_log) = (0.0f64, 0.0f64);
    for n in 1..=k {
        log_p = log_term(n, log_p);
        max_log = max_log.max(log_p);
    }
    // Pass 2: the normalising sum, the mean, and the last term.
    let (mut log_p, mut sum, mut weighted) = (0.0f64, (-max_log).exp(), 0.0f64);
    for n in 1..=k {
        log_p = log_term(n, log_p);
        let p = (log_p - max_log).exp();
        sum += p;
        weighted += n as f64 * p;
    }
    let loss = (log_p - max_log).exp() / sum;
    let mean_in_system = weighted / sum;
    let throughput = lambda * (1.0 - loss);
    let mean_sojourn_s = if throughput > 0.0 {
        mean_in_system / throughput
    } else {
        0.0
    };
    Some(Mmck {
        loss,
        mean_in_system,
        mean_sojourn_s,
        throughput,
    })
}
