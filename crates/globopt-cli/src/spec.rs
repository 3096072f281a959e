//! Spec files (TOML or JSON): loading, dispatch on `kind`, and errors that name the file,
//! line and field.

use crate::error::CliError;
use serde::de::DeserializeOwned;
use std::path::{Path, PathBuf};

/// The syntax of a spec.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// TOML (`.toml`, the default).
    Toml,
    /// JSON (`.json`).
    Json,
}

/// A loaded spec: its text, where it came from, and its `kind`.
#[derive(Debug, Clone)]
pub struct SpecDoc {
    name: String,
    dir: PathBuf,
    text: String,
    format: Format,
    kind: String,
}

impl SpecDoc {
    /// Read and check a spec file: it must parse and have a string `kind`.
    pub fn load(path: &Path) -> Result<Self, CliError> {
        let text = std::fs::read_to_string(path).map_err(|e| {
            CliError::Input(format!("{}: cannot read the spec: {e}", path.display()))
        })?;
        let format = match path.extension().and_then(|e| e.to_str()) {
            Some("json") => Format::Json,
            _ => Format::Toml,
        };
        let dir = path
            .parent()
            .map(|p| {
                if p.as_os_str().is_empty() {
                    Path::new(".")
                } else {
                    p
                }
            })
            .unwrap_or(Path::new("."))
            .to_path_buf();
        Self::from_text(&path.display().to_string(), &text, format, &dir)
    }

    /// A spec from text (for the demo and tests); relative paths resolve against `dir`.
    pub fn from_text(name: &str, text: &str, format: Format, dir: &Path) -> Result<Self, CliError> {
        let mut doc = SpecDoc {
            name: name.to_string(),
            dir: dir.to_path_buf(),
            text: text.to_string(),
            format,
            kind: String::new(),
        };
        let kind_value: Option<serde_json::Value> = match format {
            Format::Toml => {
                let table: toml::Table = toml::from_str(text).map_err(|e| doc.toml_error(&e))?;
                table
                    .get("kind")
                    .map(|v| serde_json::to_value(v).unwrap_or(serde_json::Value::Null))
            }
            Format::Json => {
                let value: serde_json::Value =
                    serde_json::from_str(text).map_err(|e| doc.json_error(&e))?;
                if !value.is_object() {
                    return Err(CliError::Input(format!(
                        "{name}: a spec must be a JSON object with a `kind` field"
                    )));
                }
                value.get("kind").cloned()
            }
        };
        doc.kind = match kind_value {
            Some(serde_json::Value::String(k)) => k,
            Some(_) => return Err(doc.field_error("kind", "must be a string")),
            None => {
                return Err(CliError::Input(format!(
                    "{name}: missing field `kind` (one of: {})",
                    crate::kinds::names().join(", ")
                )));
            }
        };
        Ok(doc)
    }

    /// The spec's `kind`.
    pub fn kind(&self) -> &str {
        &self.kind
    }

    /// The spec's file name as given.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// A path from the spec, relative to the spec file's directory unless absolute.
    pub fn resolve(&self, path: &str) -> PathBuf {
        let p = Path::new(path);
        if p.is_absolute() {
            p.to_path_buf()
        } else {
            self.dir.join(p)
        }
    }

    /// The directory of the spec file.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Deserialize the whole spec into `T` (which should `deny_unknown_fields` and declare the
    /// `kind` field); errors name the file, line, column and field.
    pub fn parse<T: DeserializeOwned>(&self) -> Result<T, CliError> {
        match self.format {
            Format::Toml => toml::from_str(&self.text).map_err(|e| self.toml_error(&e)),
            Format::Json => serde_json::from_str(&self.text).map_err(|e| self.json_error(&e)),
        }
    }

    /// An input error about `field` (a path such as `bounds[1]` or `rounding.paths`), located
    /// at the line where that field is written.
    pub fn field_error(&self, field: &str, message: impl std::fmt::Display) -> CliError {
        let message = message.to_string();
        let message = message
            .strip_prefix(&format!("{field}: "))
            .unwrap_or(&message);
        match self.locate(field) {
            Some(line) => CliError::Input(format!("{}:{line}: {field}: {message}", self.name)),
            None => CliError::Input(format!("{}: {field}: {message}", self.name)),
        }
    }

    /// The 1-based line of `field` (dotted keys and `[i]` indices), or of its nearest parent
    /// that is written in the file.
    pub fn locate(&self, field: &str) -> Option<usize> {
        let segments = split_path(field);
        match self.format {
            Format::Toml => {
                let doc = toml_edit::Document::parse(self.text.as_str()).ok()?;
                locate_item(doc.as_item(), &segments, None).map(|s| line_of(&self.text, s.start))
            }
            Format::Json => {
                let key = segments.iter().rev().find_map(|s| match s {
                    Segment::Key(k) => Some(k.clone()),
                    Segment::Index(_) => None,
                })?;
                let at = self.text.find(&format!("\"{key}\""))?;
                Some(line_of(&self.text, at))
            }
        }
    }

    fn toml_error(&self, e: &toml::de::Error) -> CliError {
        let mut msg = e.message().trim().to_string();
        match e.span() {
            Some(s) => {
                let (line, col) = line_col(&self.text, s.start);
                // name the key written on that line when the parser's message does not
                if !msg.contains('`')
                    && let Some(key) = self
                        .text
                        .lines()
                        .nth(line - 1)
                        .and_then(|l| l.split_once('='))
                        .map(|(k, _)| k.trim())
                        .filter(|k| !k.is_empty() && !k.starts_with('['))
                {
                    msg = format!("field `{key}`: {msg}");
                }
                CliError::Input(format!("{}:{line}:{col}: {msg}", self.name))
            }
            None => CliError::Input(format!("{}: {msg}", self.name)),
        }
    }

    fn json_error(&self, e: &serde_json::Error) -> CliError {
        CliError::Input(format!("{}:{}:{}: {e}", self.name, e.line(), e.column()))
    }
}

enum Segment {
    Key(String),
    Index(usize),
}

/// `a.b[2].c` → `[Key(a), Key(b), Index(2), Key(c)]`.
fn split_path(field: &str) -> Vec<Segment> {
    let mut out = Vec::new();
    for part in field.split('.') {
        let mut rest = part;
        if let Some(p) = rest.find('[') {
            if p > 0 {
                out.push(Segment::Key(rest[..p].to_string()));
            }
            rest = &rest[p..];
            while let Some(stripped) = rest.strip_prefix('[') {
                let end = stripped.find(']').unwrap_or(stripped.len());
                if let Ok(i) = stripped[..end].parse() {
                    out.push(Segment::Index(i));
                }
                rest = stripped.get(end + 1..).unwrap_or("");
            }
        } else if !rest.is_empty() {
            out.push(Segment::Key(rest.to_string()));
        }
    }
    out
}

type Span = Option<std::ops::Range<usize>>;

/// The span of the deepest written element of `segs` under a TOML item.
fn locate_item(item: &toml_edit::Item, segs: &[Segment], span: Span) -> Span {
    let Some((first, rest)) = segs.split_first() else {
        return span;
    };
    match (first, item) {
        (Segment::Key(k), toml_edit::Item::Table(t)) => match t.get_key_value(k) {
            Some((key, it)) => locate_item(it, rest, key.span().or(span)),
            None => span,
        },
        (Segment::Index(i), toml_edit::Item::ArrayOfTables(a)) => match a.get(*i) {
            Some(t) => {
                let here = t.span().or(span);
                match rest.split_first() {
                    Some((Segment::Key(k), deeper)) => match t.get_key_value(k) {
                        Some((key, it)) => locate_item(it, deeper, key.span().or(here)),
                        None => here,
                    },
                    _ => here,
                }
            }
            None => span,
        },
        (_, toml_edit::Item::Value(v)) => locate_value(v, segs, span),
        _ => span,
    }
}

/// The span of the deepest written element of `segs` under a TOML value.
fn locate_value(v: &toml_edit::Value, segs: &[Segment], span: Span) -> Span {
    let Some((first, rest)) = segs.split_first() else {
        return span;
    };
    match (first, v) {
        (Segment::Key(k), toml_edit::Value::InlineTable(t)) => match t.get_key_value(k) {
            Some((key, it)) => locate_item(it, rest, key.span().or(span)),
            None => span,
        },
        (Segment::Index(i), toml_edit::Value::Array(a)) => match a.get(*i) {
            Some(val) => locate_value(val, rest, val.span().or(span)),
            None => span,
        },
        _ => span,
    }
}

fn line_of(text: &str, offset: usize) -> usize {
    line_col(text, offset).0
}

fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let col = before.len() - before.rfind('\n').map_or(0, |p| p + 1) + 1;
    (line, col)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Demo {
        kind: String,
        budget: usize,
        bounds: Vec<[f64; 2]>,
    }

    fn doc(text: &str) -> Result<SpecDoc, CliError> {
        SpecDoc::from_text("s.toml", text, Format::Toml, Path::new("."))
    }

    #[test]
    fn errors_name_file_line_and_field() {
        let d = doc("kind = \"random-search\"\nbudget = \"many\"\nbounds = [[0, 1]]\n").unwrap();
        let e = d.parse::<Demo>().err().unwrap().to_string();
        assert!(e.starts_with("s.toml:2:"), "{e}");
        let d = doc("kind = \"random-search\"\nbounds = [[0, 1]]\n").unwrap();
        let e = d.parse::<Demo>().err().unwrap().to_string();
        assert!(e.contains("missing field `budget`"), "{e}");
        let d =
            doc("kind = \"random-search\"\nbudget = 3\nbounds = [[0, 1]]\nextra = 1\n").unwrap();
        let e = d.parse::<Demo>().err().unwrap().to_string();
        assert!(e.contains("s.toml:4") && e.contains("extra"), "{e}");
        let d = doc("kind = \"x\"\nbudget = 3\nbounds = [[0, 1],\n  [nan, 2]]\n").unwrap();
        let e = d.field_error("bounds[1]", "is NaN").to_string();
        assert_eq!(e, "s.toml:4: bounds[1]: is NaN");
        assert!(
            doc("budget = 3")
                .err()
                .unwrap()
                .to_string()
                .contains("missing field `kind`")
        );
        assert!(
            doc("kind = 3")
                .err()
                .unwrap()
                .to_string()
                .contains("s.toml:1: kind")
        );
        assert!(
            doc("kind = ")
                .err()
                .unwrap()
                .to_string()
                .starts_with("s.toml:1:")
        );
    }

    #[test]
    fn nested_fields_and_json() {
        let d = doc("kind = \"x\"\n[rounding]\npaths = 3\nseed = 1\n").unwrap();
        assert_eq!(d.locate("rounding.seed"), Some(4));
        let j = SpecDoc::from_text(
            "s.json",
            "{\n \"kind\": \"x\",\n \"budget\": 1\n}",
            Format::Json,
            Path::new("."),
        )
        .unwrap();
        assert_eq!(j.locate("budget"), Some(3));
        assert!(
            SpecDoc::from_text("s.json", "{\"kind\": ", Format::Json, Path::new("."))
                .err()
                .unwrap()
                .to_string()
                .starts_with("s.json:1:")
        );
    }
}
