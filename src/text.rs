//! Numbers formatted for people to read, shared by the labs, the course and the shell.

/// A duration in milliseconds for reading: two decimals below 10 ms, none above.
pub fn ms(x: f64) -> String {
    if x < 10.0 {
        format!("{x:.2} ms")
    } else {
        format!("{x:.0} ms")
    }
}

/// Formats a number with thin thousands separators for reading (never for `data-metric`).
pub fn group(x: f64) -> String {
    if !x.is_finite() {
        return "—".to_owned();
    }
    let decimals = if x.abs() < 10.0 && x.fract() != 0.0 {
        2
    } else {
        0
    };
    let s = format!("{:.*}", decimals, x.abs());
    let (int, frac) = s.split_once('.').map_or((s.as_str(), ""), |(i, f)| (i, f));
    let mut out = String::new();
    for (i, ch) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push('\u{202f}');
        }
        out.push(ch);
    }
    if !frac.is_empty() {
        out.push('.');
        out.push_str(frac);
    }
    if x < 0.0 {
        out.insert(0, '−');
    }
    out
}

/// `s` cut to its first `n` characters, with "…" when anything was cut: for quoting what a
/// user gave, which may be huge, back in a message.
pub fn clip(s: &str, n: usize) -> String {
    let mut out: String = s.chars().take(n).collect();
    if out.len() < s.len() {
        out.push('…');
    }
    out
}

/// Escapes text for HTML content and attribute values.
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}
