//! The run file: a run as JSON, to keep, hand in or reopen. It holds the run's link (seed,
//! starting parameters and the whole action log), how far it ran and the engine's state
//! hash there, so an import replays it and proves it arrived at the same state.
//!
//! The reader is written out here rather than taken from a JSON library: a run file is one
//! flat object of strings and numbers, and the page-weight budget has no room for a general
//! parser. It refuses anything else (nesting, huge input) with a message naming what is wrong.

use std::fmt;

/// What the `format` field says.
pub const FORMAT: &str = "scaling-lab-run";
/// The version this page writes and reads.
pub const VERSION: u32 = 1;
/// The largest run file read: far above a real one (10,000 actions are about 100 KB).
pub const MAX_FILE_BYTES: usize = 1 << 20;
/// Most fields read from the object.
const MAX_FIELDS: usize = 32;

/// A run, as the file says it.
#[derive(Clone, Debug, PartialEq)]
pub struct RunFile {
    /// The lab's link name.
    pub lab: String,
    /// The link that starts the run (its `t` is ignored), including its actions.
    pub link: String,
    /// How far the run went, simulated seconds.
    pub t_s: f64,
    /// The engine's state hash there.
    pub state_hash: u64,
}

/// Why a file is not a run this page can open.
#[derive(Clone, Debug, PartialEq)]
pub enum RunFileError {
    /// Bigger than [`MAX_FILE_BYTES`].
    TooLarge(usize),
    /// Not a flat JSON object: where reading stopped and why.
    NotJson(usize, &'static str),
    /// Not a Scaling Lab run file.
    NotARun,
    /// Written by a newer version of the page.
    Newer(u64),
    /// A field is missing or has the wrong kind of value.
    Field(&'static str),
}

impl fmt::Display for RunFileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::TooLarge(n) => write!(
                f,
                "the file is {} KB; a run file is at most {} KB",
                n / 1024,
                MAX_FILE_BYTES / 1024
            ),
            Self::NotJson(at, why) => write!(f, "the file is not a run file: {why} at byte {at}"),
            Self::NotARun => write!(f, "the file is JSON but not a Scaling Lab run (its \"format\" is not \"{FORMAT}\")"),
            Self::Newer(v) => write!(
                f,
                "the file is format version {v}, newer than this page reads ({VERSION}); open it in a newer copy of the lab"
            ),
            Self::Field(name) => write!(f, "the file's \"{name}\" is missing or not valid"),
        }
    }
}

/// A value in the object.
#[derive(Clone, Debug, PartialEq)]
enum Value {
    Text(String),
    Number(f64),
    Other,
}

impl RunFile {
    /// The file's text.
    pub fn to_json(&self) -> String {
        format!(
            "{{\n  \"format\": \"{FORMAT}\",\n  \"version\": {VERSION},\n  \"lab\": {},\n  \"link\": {},\n  \"t_s\": {},\n  \"state_hash\": \"{:016x}\"\n}}\n",
            quoted(&self.lab),
            quoted(&self.link),
            self.t_s,
            self.state_hash
        )
    }

    /// Reads a file's text.
    pub fn parse(text: &str) -> Result<Self, RunFileError> {
        if text.len() > MAX_FILE_BYTES {
            return Err(RunFileError::TooLarge(text.len()));
        }
        let fields = object(text)?;
        let get = |key: &str| fields.iter().find(|(k, _)| k == key).map(|(_, v)| v);
        let text_of = |key: &'static str| match get(key) {
            Some(Value::Text(s)) => Ok(s.clone()),
            _ => Err(RunFileError::Field(key)),
        };
        if get("format") != Some(&Value::Text(FORMAT.to_owned())) {
            return Err(RunFileError::NotARun);
        }
        match get("version") {
            Some(Value::Number(v)) if *v == f64::from(VERSION) => {}
            Some(Value::Number(v)) if *v > f64::from(VERSION) && v.fract() == 0.0 => {
                return Err(RunFileError::Newer(v.min(1e15) as u64));
            }
            _ => return Err(RunFileError::Field("version")),
        }
        let t_s = match get("t_s") {
            Some(Value::Number(t)) if t.is_finite() && *t >= 0.0 && *t <= 3_600.0 => *t,
            _ => return Err(RunFileError::Field("t_s")),
        };
        let hash = text_of("state_hash")?;
        let state_hash = (hash.len() == 16)
            .then(|| u64::from_str_radix(&hash, 16).ok())
            .flatten()
            .ok_or(RunFileError::Field("state_hash"))?;
        Ok(Self {
            lab: text_of("lab")?,
            link: text_of("link")?,
            t_s,
            state_hash,
        })
    }
}

/// A JSON string literal.
fn quoted(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Reader<'_> {
    fn fail<T>(&self, why: &'static str) -> Result<T, RunFileError> {
        Err(RunFileError::NotJson(self.at, why))
    }

    fn space(&mut self) {
        while self.bytes.get(self.at).is_some_and(u8::is_ascii_whitespace) {
            self.at += 1;
        }
    }

    fn eat(&mut self, b: u8) -> bool {
        self.space();
        let hit = self.bytes.get(self.at) == Some(&b);
        self.at += usize::from(hit);
        hit
    }

    fn string(&mut self) -> Result<String, RunFileError> {
        if !self.eat(b'"') {
            return self.fail("expected a string");
        }
        let mut out = Vec::new();
        loop {
            let Some(&b) = self.bytes.get(self.at) else {
                return self.fail("the text ends inside a string");
            };
            self.at += 1;
            match b {
                b'"' => break,
                b'\\' => {
                    let Some(&e) = self.bytes.get(self.at) else {
                        return self.fail("the text ends inside a string");
                    };
                    self.at += 1;
                    match e {
                        b'"' | b'\\' | b'/' => out.push(e),
                        b'n' => out.push(b'\n'),
                        b't' => out.push(b'\t'),
                        b'r' => out.push(b'\r'),
                        b'b' | b'f' => {}
                        b'u' => {
                            let code = self
                                .bytes
                                .get(self.at..self.at + 4)
                                .and_then(|h| std::str::from_utf8(h).ok())
                                .and_then(|h| u32::from_str_radix(h, 16).ok())
                                .and_then(char::from_u32);
                            let Some(c) = code else {
                                return self.fail("a \\u escape is not a character");
                            };
                            self.at += 4;
                            let mut buf = [0; 4];
                            out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
                        }
                        _ => return self.fail("unknown escape in a string"),
                    }
                }
                b if b < 0x20 => return self.fail("a control character inside a string"),
                b => out.push(b),
            }
        }
        String::from_utf8(out).or_else(|_| self.fail("a string is not UTF-8"))
    }

    fn value(&mut self) -> Result<Value, RunFileError> {
        self.space();
        match self.bytes.get(self.at) {
            Some(b'"') => self.string().map(Value::Text),
            Some(b'{' | b'[') => self.fail("nested values are not part of a run file"),
            Some(_) => {
                let start = self.at;
                while self
                    .bytes
                    .get(self.at)
                    .is_some_and(|b| b.is_ascii_alphanumeric() || b"+-.".contains(b))
                {
                    self.at += 1;
                }
                let word = std::str::from_utf8(&self.bytes[start..self.at]).unwrap_or("");
                match word {
                    "true" | "false" | "null" => Ok(Value::Other),
                    w if w.len() <= 32 => match w.parse::<f64>() {
                        Ok(x) if x.is_finite() && !w.starts_with('+') && !w.contains("inf") => {
                            Ok(Value::Number(x))
                        }
                        _ => self.fail("expected a value"),
                    },
                    _ => self.fail("a number is too long"),
                }
            }
            None => self.fail("the text ends where a value belongs"),
        }
    }
}

/// The fields of one flat JSON object, in order.
fn object(text: &str) -> Result<Vec<(String, Value)>, RunFileError> {
    let mut r = Reader {
        bytes: text.strip_prefix('\u{feff}').unwrap_or(text).as_bytes(),
        at: 0,
    };
    if !r.eat(b'{') {
        return r.fail("expected a JSON object");
    }
    let mut fields = Vec::new();
    if !r.eat(b'}') {
        loop {
            if fields.len() == MAX_FIELDS {
                return r.fail("too many fields");
            }
            let key = r.string()?;
            if !r.eat(b':') {
                return r.fail("expected ':'");
            }
            let value = r.value()?;
            fields.push((key, value));
            if r.eat(b',') {
                continue;
            }
            if r.eat(b'}') {
                break;
            }
            return r.fail("expected ',' or '}'");
        }
    }
    r.space();
    if r.at != r.bytes.len() {
        return r.fail("text after the object");
    }
    Ok(fields)
}
