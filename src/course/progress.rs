//! What a learner has done: steps seen and challenges passed, kept as one short line of
//! text (the shell stores it in `localStorage` when the browser allows it).

/// Most entries kept: a stored value is user-editable, so it is read with a bound.
pub const MAX_ENTRIES: usize = 512;
/// Longest entry accepted.
const MAX_ENTRY_LEN: usize = 64;

/// Steps seen (`lab/step/N`) and challenges passed (`lab/challenge/id`), sorted and without
/// repeats (a sorted list: a few dozen entries, and a set type would cost the page download
/// more than it saves).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Progress {
    done: Vec<String>,
}

impl Progress {
    /// Reads a stored line; anything malformed is skipped, never an error.
    pub fn parse(stored: &str) -> Self {
        let mut done: Vec<String> = stored
            .split(',')
            .map(str::trim)
            .filter(|e| {
                !e.is_empty()
                    && e.len() <= MAX_ENTRY_LEN
                    && e.bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b"/-_".contains(&b))
            })
            .take(MAX_ENTRIES)
            .map(str::to_owned)
            .collect();
        done.sort_unstable();
        done.dedup();
        Self { done }
    }

    /// The line to store.
    pub fn to_line(&self) -> String {
        self.done.join(",")
    }

    fn step_key(lab: &str, step: usize) -> String {
        format!("{lab}/step/{}", step + 1)
    }

    fn challenge_key(lab: &str, id: &str) -> String {
        format!("{lab}/challenge/{id}")
    }

    fn insert(&mut self, key: String) -> bool {
        if self.done.len() >= MAX_ENTRIES || key.len() > MAX_ENTRY_LEN {
            return false;
        }
        match self.done.binary_search(&key) {
            Ok(_) => false,
            Err(at) => {
                self.done.insert(at, key);
                true
            }
        }
    }

    /// Marks step `step` (0-based) of `lab` seen; true if it was new.
    pub fn see_step(&mut self, lab: &str, step: usize) -> bool {
        self.insert(Self::step_key(lab, step))
    }

    /// Marks a challenge passed; true if it was new.
    pub fn pass(&mut self, lab: &str, id: &str) -> bool {
        self.insert(Self::challenge_key(lab, id))
    }

    /// Whether step `step` (0-based) of `lab` was seen.
    pub fn seen(&self, lab: &str, step: usize) -> bool {
        self.done.binary_search(&Self::step_key(lab, step)).is_ok()
    }

    /// Whether the challenge was passed.
    pub fn passed(&self, lab: &str, id: &str) -> bool {
        self.done
            .binary_search(&Self::challenge_key(lab, id))
            .is_ok()
    }
}
