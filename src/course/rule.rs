//! The rule a course author writes to decide a step's answer or a challenge's pass: comparisons
//! between a lab's named figures (the page's `data-metric` names) and numbers, joined by `and`
//! and `or`; `and` binds tighter, and there are no parentheses.
//!
//! ```text
//! depth_email > 1000
//! success_b_pct >= 99 and p99_b_ms < 200
//! lost_total == 0 or refused_total < dropped_total
//! ```
//!
//! A number step is graded against one figure: its rule is that figure's name alone.

/// The longest rule, in characters.
pub const MAX_RULE: usize = 200;
/// Most comparisons in one rule.
pub const MAX_CLAUSES: usize = 8;
/// The longest figure name.
const MAX_NAME: usize = 40;

/// One side of a comparison.
#[derive(Clone, Debug, PartialEq)]
pub enum Operand {
    /// A lab's figure, by its `data-metric` name.
    Metric(String),
    /// A number.
    Number(f64),
}

/// How two sides compare.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Op {
    Lt,
    Le,
    Gt,
    Ge,
    Eq,
    Ne,
}

impl Op {
    fn from_text(s: &str) -> Option<Self> {
        Some(match s {
            "<" => Self::Lt,
            "<=" => Self::Le,
            ">" => Self::Gt,
            ">=" => Self::Ge,
            "==" | "=" => Self::Eq,
            "!=" => Self::Ne,
            _ => return None,
        })
    }

    fn text(self) -> &'static str {
        match self {
            Self::Lt => "<",
            Self::Le => "<=",
            Self::Gt => ">",
            Self::Ge => ">=",
            Self::Eq => "==",
            Self::Ne => "!=",
        }
    }

    /// Equal within a part in a billion: figures are floating point.
    fn holds(self, a: f64, b: f64) -> bool {
        let equal = (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0);
        match self {
            Self::Lt => a < b && !equal,
            Self::Le => a < b || equal,
            Self::Gt => a > b && !equal,
            Self::Ge => a > b || equal,
            Self::Eq => equal,
            Self::Ne => !equal,
        }
    }
}

/// `left op right`.
#[derive(Clone, Debug, PartialEq)]
pub struct Clause {
    pub left: Operand,
    pub op: Op,
    pub right: Operand,
}

/// A rule: it holds when every comparison of at least one of its `or` parts holds.
#[derive(Clone, Debug, PartialEq)]
pub struct Rule {
    any: Vec<Vec<Clause>>,
}

/// A word of a rule.
#[derive(Clone, Debug, PartialEq)]
enum Token {
    Name(String),
    Number(f64),
    Op(Op),
    And,
    Or,
}

fn tokens(text: &str) -> Result<Vec<Token>, String> {
    let mut out = Vec::new();
    let mut rest = text.trim();
    while let Some(c) = rest.chars().next() {
        if c.is_whitespace() {
            rest = rest.trim_start();
            continue;
        }
        let len = if "<>=!".contains(c) {
            let two = rest.get(..2).and_then(Op::from_text);
            let (op, len) = match two {
                Some(op) => (Some(op), 2),
                None => (Op::from_text(&rest[..1]), 1),
            };
            out.push(Token::Op(op.ok_or_else(|| {
                format!("“{c}” alone is not a comparison: use <, <=, >, >=, == or !=")
            })?));
            len
        } else if rest.starts_with("&&") || rest.starts_with("||") {
            out.push(if c == '&' { Token::And } else { Token::Or });
            2
        } else if c.is_ascii_digit() || c == '-' || c == '.' {
            let len = rest
                .find(|ch: char| !(ch.is_ascii_alphanumeric() || "._-+".contains(ch)))
                .unwrap_or(rest.len());
            let word = &rest[..len];
            let plain: String = word.chars().filter(|&ch| ch != '_').collect();
            let x: f64 = plain
                .parse()
                .ok()
                .filter(|x: &f64| x.is_finite())
                .ok_or_else(|| format!("“{word}” is not a number"))?;
            out.push(Token::Number(x));
            len
        } else if c.is_ascii_alphabetic() {
            let len = rest
                .find(|ch: char| !(ch.is_ascii_alphanumeric() || ch == '_'))
                .unwrap_or(rest.len());
            let word = &rest[..len];
            out.push(match word.to_ascii_lowercase().as_str() {
                "and" => Token::And,
                "or" => Token::Or,
                _ if len > MAX_NAME => {
                    return Err(format!(
                        "“{}…” is longer than any figure's name",
                        &word[..MAX_NAME]
                    ))
                }
                _ => Token::Name(word.to_owned()),
            });
            len
        } else {
            return Err(format!("“{c}” has no place in a rule: write comparisons such as depth_email > 1000, joined by and / or"));
        };
        rest = &rest[len..];
    }
    Ok(out)
}

fn operand(t: Option<Token>) -> Result<Operand, String> {
    match t {
        Some(Token::Name(n)) => Ok(Operand::Metric(n)),
        Some(Token::Number(x)) => Ok(Operand::Number(x)),
        Some(Token::Op(op)) => Err(format!(
            "“{}” where a figure or a number belongs",
            op.text()
        )),
        Some(Token::And | Token::Or) => {
            Err("“and” or “or” where a figure or a number belongs".to_owned())
        }
        None => Err("the rule ends where a figure or a number belongs".to_owned()),
    }
}

impl Rule {
    /// Reads a rule, or says what is wrong with it.
    pub fn parse(text: &str) -> Result<Self, String> {
        if text.chars().count() > MAX_RULE {
            return Err(format!("the rule is longer than {MAX_RULE} characters"));
        }
        let words = tokens(text)?;
        if words.is_empty() {
            return Err("a rule compares: write, for example, depth_email > 1000".to_owned());
        }
        let mut words = words.into_iter();
        let mut any = vec![Vec::new()];
        let mut clauses = 0;
        loop {
            let left = operand(words.next())?;
            let op = match words.next() {
                Some(Token::Op(op)) => op,
                None if any.len() == 1 && any[0].is_empty() => {
                    return Err("a rule compares: write, for example, depth_email > 1000".to_owned())
                }
                _ => {
                    return Err(
                        "a comparison (<, <=, >, >=, ==, !=) belongs after each figure or number"
                            .to_owned(),
                    )
                }
            };
            let right = operand(words.next())?;
            if !matches!(
                (&left, &right),
                (Operand::Metric(_), _) | (_, Operand::Metric(_))
            ) {
                return Err("each comparison needs a figure on one side: two numbers always compare the same way".to_owned());
            }
            clauses += 1;
            if clauses > MAX_CLAUSES {
                return Err(format!("a rule has at most {MAX_CLAUSES} comparisons"));
            }
            if let Some(part) = any.last_mut() {
                part.push(Clause { left, op, right });
            }
            match words.next() {
                None => return Ok(Self { any }),
                Some(Token::And) => {}
                Some(Token::Or) => any.push(Vec::new()),
                Some(_) => return Err("join comparisons with “and” or “or”".to_owned()),
            }
        }
    }

    /// The figures it names, each once, in order.
    pub fn metrics(&self) -> Vec<&str> {
        let mut names: Vec<&str> = Vec::new();
        for c in self.any.iter().flatten() {
            for side in [&c.left, &c.right] {
                if let Operand::Metric(n) = side {
                    if !names.contains(&n.as_str()) {
                        names.push(n);
                    }
                }
            }
        }
        names
    }

    /// Whether it holds for the figures `value` gives by name; `Err` names a figure it
    /// does not know.
    pub fn holds(&self, value: impl Fn(&str) -> Option<f64>) -> Result<bool, String> {
        let side = |o: &Operand| match o {
            Operand::Number(x) => Ok(*x),
            Operand::Metric(n) => value(n).ok_or_else(|| unknown(n)),
        };
        let mut result = false;
        for part in &self.any {
            let mut all = true;
            for c in part {
                all &= c.op.holds(side(&c.left)?, side(&c.right)?);
            }
            result |= all;
        }
        Ok(result)
    }
}

/// The message for a figure the lab does not measure.
pub fn unknown(name: &str) -> String {
    format!("this lab has no figure “{name}”")
}

/// A number step's figure: one name, as the page's `data-metric` spells it.
pub fn metric_name(text: &str) -> Result<String, String> {
    match tokens(text)?.as_slice() {
        [Token::Name(n)] => Ok(n.clone()),
        [] => Err("name the figure the guess is graded against, such as depth_email".to_owned()),
        _ => Err(
            "a number step is graded against one figure: write its name alone, such as depth_email"
                .to_owned(),
        ),
    }
}
