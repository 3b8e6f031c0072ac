//! The action log in a link: `actions=1500w4_20000p12000` is "at 1.5 s set 4 workers, at
//! 20 s set the producer to 12,000 msg/s". Each entry is the tick (simulated milliseconds)
//! and the action's code; `_` separates entries, since it needs no escaping in a query.

use super::{Link, Notice};

/// Most actions a link carries. A longer log is left out of the link (which says so) and
/// travels in the run file instead, so links stay short enough to paste anywhere.
pub const MAX_LINK_ACTIONS: usize = 200;
/// The latest tick an action may name: one simulated hour.
pub const MAX_ACTION_TICK: u64 = 3_600_000;

/// An action as a link writes it: a letter, then a number or two separated by `.`.
pub trait LinkAction: Sized + Copy {
    /// Its code, such as `w4`.
    fn code(&self) -> String;
    /// Reads a code; `None` if it is not one.
    fn from_code(code: &str) -> Option<Self>;
}

/// Splits a code into its letter and its numbers.
pub fn split_code(code: &str) -> Option<(char, Vec<u32>)> {
    let mut chars = code.chars();
    let letter = chars.next()?;
    let rest = chars.as_str();
    let numbers = if rest.is_empty() {
        Vec::new()
    } else {
        rest.split('.')
            .map(|n| n.parse::<u32>().ok())
            .collect::<Option<Vec<_>>>()?
    };
    Some((letter, numbers))
}

/// Reads one entry: the tick, then the code.
fn entry<A: LinkAction>(raw: &str) -> Option<(u64, A)> {
    let digits = raw.find(|c: char| !c.is_ascii_digit())?;
    let tick = raw.get(..digits)?.parse::<u64>().ok()?;
    let action = A::from_code(raw.get(digits..)?)?;
    (tick <= MAX_ACTION_TICK).then_some((tick, action))
}

/// Takes `actions` out of a link, in tick order. Entries that are not actions are left out
/// and named in a notice, as are those past [`MAX_LINK_ACTIONS`].
pub fn read<A: LinkAction>(link: &mut Link) -> Vec<(u64, A)> {
    let Some(raw) = link.raw("actions") else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let (mut bad, mut first_bad, mut extra) = (0usize, None, 0usize);
    for part in raw.split('_').filter(|p| !p.is_empty()) {
        if out.len() == link.max_actions {
            extra += 1;
            continue;
        }
        match entry::<A>(part) {
            // In tick order, equal ticks kept as written; a sort would cost the download
            // more than this, and links are written in order anyway.
            Some(e) => out.insert(out.partition_point(|(t, _)| *t <= e.0), e),
            None => {
                bad += 1;
                first_bad.get_or_insert_with(|| part.chars().take(24).collect::<String>());
            }
        }
    }
    if let Some(first) = first_bad {
        link.note(
            "actions",
            format!(
                "{bad} entr{} not an action (“{first}”…); left out",
                if bad == 1 { "y is" } else { "ies are" }
            ),
        );
    }
    if extra > 0 {
        link.note(
            "actions",
            format!(
                "at most {} actions are read; the last {extra} were left out",
                link.max_actions
            ),
        );
    }
    out
}

/// Appends `actions` if there are any and at most `max`; `false` if there were more (the link
/// then has none, and the page offers the run file).
pub fn write<A: LinkAction>(
    actions: &[(u64, A)],
    pairs: &mut Vec<(&'static str, String)>,
    max: usize,
) -> bool {
    if actions.len() > max {
        return false;
    }
    if !actions.is_empty() {
        let text: Vec<String> = actions
            .iter()
            .map(|(tick, a)| format!("{tick}{}", a.code()))
            .collect();
        pairs.push(("actions", text.join("_")));
    }
    true
}

/// The notice a page shows when its run has more actions than a link carries.
pub fn too_long(count: usize) -> Notice {
    Notice {
        key: "actions".to_owned(),
        message: format!(
            "this run has {count} actions, more than a link carries ({MAX_LINK_ACTIONS}); the link starts it without them: export the run file to keep them"
        ),
    }
}
