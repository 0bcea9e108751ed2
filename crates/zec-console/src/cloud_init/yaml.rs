//! A cloud-config document as a tree of values, read the way cloud-init reads it: PyYAML's
//! `safe_load` (YAML 1.1 scalars: `yes`/`no`/`on`/`off` are booleans, `~` is null; one
//! document only). saphyr-parser gives the events; this builds the tree, aliases included.

use std::collections::HashMap;

use saphyr_parser::{Event, Parser, ScalarStyle};

#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Int(i64),
    Str(String),
    Seq(Vec<Value>),
    /// Keys in document order; a repeated key is read as its last value (as PyYAML does).
    Map(Vec<(Value, Value)>),
}

/// Why a document could not be read: the line (1-based) and the parser's words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct YamlError {
    pub line: usize,
    pub info: String,
}

impl Value {
    /// The value of a string key of a mapping.
    pub fn get(&self, key: &str) -> Option<&Value> {
        match self {
            Value::Map(pairs) => pairs
                .iter()
                .rev()
                .find(|(k, _)| k.as_str() == Some(key))
                .map(|(_, value)| value),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::Str(text) => Some(text),
            _ => None,
        }
    }

    /// Python's truthiness, which cloud-init applies to most flags (`lock_passwd: "false"`,
    /// a quoted string, is true).
    pub fn truthy(&self) -> bool {
        match self {
            Value::Null => false,
            Value::Bool(flag) => *flag,
            Value::Int(number) => *number != 0,
            Value::Str(text) => !text.is_empty(),
            Value::Seq(items) => !items.is_empty(),
            Value::Map(pairs) => !pairs.is_empty(),
        }
    }

    /// A scalar as the text cloud-init would turn it into (`str(value)`).
    pub fn text(&self) -> Option<String> {
        match self {
            Value::Str(text) => Some(text.clone()),
            Value::Int(number) => Some(number.to_string()),
            Value::Bool(true) => Some("True".to_owned()),
            Value::Bool(false) => Some("False".to_owned()),
            _ => None,
        }
    }
}

/// A plain scalar typed as YAML 1.1 (PyYAML's resolver) types it; quoted ones stay strings.
fn plain(text: &str) -> Value {
    match text {
        "" | "~" | "null" | "Null" | "NULL" => Value::Null,
        "yes" | "Yes" | "YES" | "true" | "True" | "TRUE" | "on" | "On" | "ON" => Value::Bool(true),
        "no" | "No" | "NO" | "false" | "False" | "FALSE" | "off" | "Off" | "OFF" => {
            Value::Bool(false)
        }
        _ => match text.replace('_', "").parse::<i64>() {
            Ok(number)
                if text.starts_with(|c: char| c.is_ascii_digit() || c == '-' || c == '+') =>
            {
                Value::Int(number)
            }
            _ => Value::Str(text.to_owned()),
        },
    }
}

/// A collection being read, with the anchor it will be known by.
enum Open {
    Seq(Vec<Value>, usize),
    Map(Vec<(Value, Value)>, Option<Value>, usize),
}

/// Reads one YAML document. Empty text (or only comments) is `Null`, as for PyYAML.
pub fn parse(text: &str) -> Result<Value, YamlError> {
    let mut open: Vec<Open> = Vec::new();
    let mut anchors: HashMap<usize, Value> = HashMap::new();
    let mut documents = 0;
    let mut root = Value::Null;
    for event in Parser::new_from_str(text) {
        let (event, span) = event.map_err(|error| YamlError {
            line: error.marker().line(),
            info: error.info().to_owned(),
        })?;
        let done = match event {
            Event::DocumentStart(_) => {
                documents += 1;
                if documents > 1 {
                    return Err(YamlError {
                        line: span.start.line(),
                        info: "only one document is read, and a second one starts here".into(),
                    });
                }
                continue;
            }
            Event::SequenceStart(anchor, _) => {
                open.push(Open::Seq(Vec::new(), anchor));
                continue;
            }
            Event::MappingStart(anchor, _) => {
                open.push(Open::Map(Vec::new(), None, anchor));
                continue;
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let (value, anchor) = match open.pop() {
                    Some(Open::Seq(items, anchor)) => (Value::Seq(items), anchor),
                    Some(Open::Map(pairs, _, anchor)) => (Value::Map(pairs), anchor),
                    None => continue,
                };
                if anchor > 0 {
                    anchors.insert(anchor, value.clone());
                }
                value
            }
            Event::Scalar(text, style, anchor, tag) => {
                let is_str = tag.is_some_and(|tag| tag.suffix == "str");
                let value = match style {
                    ScalarStyle::Plain if !is_str => plain(&text),
                    _ => Value::Str(text.into_owned()),
                };
                if anchor > 0 {
                    anchors.insert(anchor, value.clone());
                }
                value
            }
            Event::Alias(anchor) => anchors.get(&anchor).cloned().unwrap_or(Value::Null),
            _ => continue,
        };
        match open.last_mut() {
            None => root = done,
            Some(Open::Seq(items, _)) => items.push(done),
            Some(Open::Map(pairs, key, _)) => match key.take() {
                None => *key = Some(done),
                Some(key) => pairs.push((key, done)),
            },
        }
    }
    Ok(root)
}
