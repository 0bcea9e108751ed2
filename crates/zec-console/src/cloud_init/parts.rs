//! The parts of a MIME message as cloud-init's e-mail parser hands them over: each with its
//! declared type and its decoded text (base64 and quoted-printable undone). Nested
//! multipart parts are flattened, as cloud-init walks them.

use base64::Engine;

pub enum Part {
    Text {
        content_type: String,
        body: String,
    },
    /// gzip-compressed (cloud-init unpacks it at boot; not read here).
    Compressed,
    /// A transfer encoding that does not decode, or text that is not UTF-8.
    Undecodable,
}

const GZIP_TYPES: [&str; 7] = [
    "application/gzip",
    "application/gzip-compressed",
    "application/gzipped",
    "application/x-compress",
    "application/x-compressed",
    "application/x-gzip",
    "application/x-gzip-compressed",
];

/// Headers (names lower-cased, folded lines joined) and the body after the blank line.
fn head_and_body(message: &str) -> (Vec<(String, String)>, &str) {
    let mut headers: Vec<(String, String)> = Vec::new();
    let mut rest = message;
    loop {
        let (line, after) = match rest.find('\n') {
            Some(end) => (&rest[..end], &rest[end + 1..]),
            None => (rest, ""),
        };
        let line = line.trim_end_matches('\r');
        if line.is_empty() {
            return (headers, after);
        }
        match (line.starts_with([' ', '\t']), headers.last_mut()) {
            (true, Some((_, value))) => {
                value.push(' ');
                value.push_str(line.trim());
            }
            _ => {
                if let Some((name, value)) = line.split_once(':') {
                    headers.push((name.trim().to_ascii_lowercase(), value.trim().to_owned()));
                }
            }
        }
        if after.is_empty() {
            return (headers, "");
        }
        rest = after;
    }
}

fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(key, _)| key == name)
        .map(|(_, value)| value.as_str())
}

/// `text/cloud-config; charset="us-ascii"` → the type, lower-cased, and its parameters.
fn content_type(value: &str) -> (String, Vec<(String, String)>) {
    let mut pieces = value.split(';');
    let mime = pieces.next().unwrap_or("").trim().to_ascii_lowercase();
    let params = pieces
        .filter_map(|piece| piece.split_once('='))
        .map(|(key, value)| {
            let value = value.trim().trim_matches('"').to_owned();
            (key.trim().to_ascii_lowercase(), value)
        })
        .collect();
    (mime, params)
}

fn quoted_printable(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len());
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'=' if bytes[i + 1..].starts_with(b"\r\n") => i += 3,
            b'=' if bytes[i + 1..].starts_with(b"\n") => i += 2,
            b'=' => {
                let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
                out.push(u8::from_str_radix(hex, 16).ok()?);
                i += 3;
            }
            byte => {
                out.push(byte);
                i += 1;
            }
        }
    }
    Some(out)
}

/// One part: its body decoded as its headers say.
fn decode(headers: &[(String, String)], body: &str) -> Part {
    let (mime, _) = content_type(header(headers, "content-type").unwrap_or("text/plain"));
    let encoding = header(headers, "content-transfer-encoding")
        .unwrap_or("7bit")
        .to_ascii_lowercase();
    let bytes = match encoding.as_str() {
        "base64" => {
            let compact: String = body.chars().filter(|c| !c.is_whitespace()).collect();
            base64::engine::general_purpose::STANDARD
                .decode(compact)
                .ok()
        }
        "quoted-printable" => quoted_printable(body),
        _ => Some(body.as_bytes().to_vec()),
    };
    let Some(bytes) = bytes else {
        return Part::Undecodable;
    };
    if GZIP_TYPES.contains(&mime.as_str()) || bytes.starts_with(&[0x1f, 0x8b]) {
        return Part::Compressed;
    }
    match String::from_utf8(bytes) {
        Ok(body) => Part::Text {
            content_type: mime,
            body,
        },
        Err(_) => Part::Undecodable,
    }
}

/// The parts of a MIME message, or `None` when a multipart message names no boundary.
pub fn split(message: &str) -> Option<Vec<Part>> {
    let (headers, body) = head_and_body(message);
    let (mime, params) = content_type(header(&headers, "content-type").unwrap_or("text/plain"));
    if !mime.starts_with("multipart/") {
        return Some(vec![decode(&headers, body)]);
    }
    let boundary = params
        .iter()
        .find(|(key, _)| key == "boundary")
        .map(|(_, value)| value.clone())
        .filter(|boundary| !boundary.is_empty())?;
    let delimiter = format!("--{boundary}");
    let mut parts = Vec::new();
    for chunk in body.split(delimiter.as_str()).skip(1) {
        if chunk.starts_with("--") {
            break; // the closing delimiter
        }
        // The line break before a delimiter belongs to the delimiter.
        let chunk = chunk
            .strip_prefix("\r\n")
            .or(chunk.strip_prefix('\n'))
            .unwrap_or(chunk);
        let chunk = chunk
            .strip_suffix("\r\n")
            .or(chunk.strip_suffix('\n'))
            .unwrap_or(chunk);
        let (part_headers, _) = head_and_body(chunk);
        let (part_type, _) =
            content_type(header(&part_headers, "content-type").unwrap_or("text/plain"));
        if part_type.starts_with("multipart/") {
            parts.extend(split(chunk)?);
        } else {
            let (headers, part_body) = head_and_body(chunk);
            parts.push(decode(&headers, part_body));
        }
    }
    Some(parts)
}
