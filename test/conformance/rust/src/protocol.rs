//! The request protocol of the serde oracles (`conformance`, and the diff proof's `diffproof` in test/diff/rust,
//! which includes this file): see main.rs for the format.

use std::io::{self, BufRead, Read, Write};

/// Decodes the input as the named type and re-encodes it; None for an unknown type.
pub type Dispatch = fn(&str, &str) -> Option<Result<String, String>>;

/// `s` as a JSON string literal.
pub fn json_string(s: &str) -> String {
    serde_json::to_string(s).expect("strings always encode")
}

/// Answers one request with `dispatch` (decode as the named type, re-encode): one line on `out`.
pub fn answer(out: &mut impl Write, dispatch: Dispatch, type_name: &str, input: &[u8]) -> io::Result<()> {
    let result = match std::str::from_utf8(input) {
        // serde_json::from_slice would say the same; keep the message serde gives for byte input.
        Err(_) => Some(serde_json::from_slice::<serde_json::Value>(input).map(|_| String::new()).map_err(|e| e.to_string())),
        Ok(text) => {
            let text = text.to_owned();
            let ty = type_name.to_owned();
            match std::panic::catch_unwind(move || dispatch(&ty, &text)) {
                Ok(r) => r,
                Err(_) => Some(Err("oracle panicked".to_owned())),
            }
        }
    };
    match result {
        None => writeln!(out, "unknown-type\t{}", json_string(type_name)),
        Some(Ok(json)) => writeln!(out, "ok\t{json}"),
        Some(Err(msg)) => writeln!(out, "err\t{}", json_string(&msg)),
    }
}

/// Reads requests on stdin until it ends and answers each on stdout.
pub fn serve(dispatch: Dispatch) -> io::Result<()> {
    let stdin = io::stdin();
    let mut input = stdin.lock();
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let mut header = Vec::new();
    loop {
        header.clear();
        if input.read_until(b'\n', &mut header)? == 0 {
            break;
        }
        if header.last() == Some(&b'\n') {
            header.pop();
        }
        if header.is_empty() {
            continue;
        }
        let tab = header.iter().position(|&b| b == b'\t').ok_or_else(|| bad("request without a tab"))?;
        let type_name = std::str::from_utf8(&header[..tab]).map_err(|_| bad("type name is not UTF-8"))?.to_owned();
        let rest = &header[tab + 1..];
        if let Some(len) = rest.strip_prefix(b"#") {
            let len: usize = std::str::from_utf8(len)
                .ok()
                .and_then(|l| l.parse().ok())
                .ok_or_else(|| bad("bad byte length"))?;
            let mut payload = vec![0u8; len];
            input.read_exact(&mut payload)?;
            let mut nl = [0u8; 1];
            input.read_exact(&mut nl)?;
            if nl[0] != b'\n' {
                return Err(bad("payload not followed by a newline"));
            }
            answer(&mut out, dispatch, &type_name, &payload)?;
        } else {
            let rest = rest.to_vec();
            answer(&mut out, dispatch, &type_name, &rest)?;
        }
    }
    out.flush()
}

fn bad(msg: &str) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, msg.to_owned())
}
