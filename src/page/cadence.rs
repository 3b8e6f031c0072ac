//! How often a lab page refreshes what it shows: the readouts ten times a second, the words
//! for screen readers every eight seconds (or at once when something alarming changes), and
//! its charts one a frame in turn, each twice a second.

/// Between readout refreshes, ms.
pub const READOUT_MS: f64 = 100.0;
/// Between redraws of one chart, ms.
pub const CHART_MS: f64 = 500.0;
/// Between spoken summaries, ms.
pub const LIVE_MS: f64 = 8_000.0;

/// The page's clocks for each kind of refresh.
#[derive(Clone, Copy, Debug)]
pub struct Cadence {
    readout: f64,
    chart: f64,
    live: f64,
    next_chart: usize,
    charts: usize,
}

impl Cadence {
    /// For a page with `charts` charts.
    pub fn new(charts: usize) -> Self {
        Self {
            readout: f64::MIN,
            chart: f64::MIN,
            live: 0.0,
            next_chart: 0,
            charts: charts.max(1),
        }
    }

    /// Whether the readouts are due at `now_ms` (and, if so, they are counted as done).
    pub fn readout(&mut self, now_ms: f64) -> bool {
        let due = now_ms - self.readout >= READOUT_MS;
        if due {
            self.readout = now_ms;
        }
        due
    }

    /// Whether the spoken summary is due, or `now` forces it.
    pub fn live(&mut self, now_ms: f64, now: bool) -> bool {
        let due = now || now_ms - self.live >= LIVE_MS;
        if due {
            self.live = now_ms;
        }
        due
    }

    /// The chart to redraw at `now_ms`, if one is due.
    pub fn chart(&mut self, now_ms: f64) -> Option<usize> {
        if now_ms - self.chart < CHART_MS / self.charts as f64 {
            return None;
        }
        self.chart = now_ms;
        let i = self.next_chart;
        self.next_chart = (i + 1) % self.charts;
        Some(i)
    }
}
