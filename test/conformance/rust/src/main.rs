//! `conformance`: the serde oracle the jest conformance suite talks to.
//!
//! ```text
//! conformance [serve]        read requests on stdin, answer each on stdout (see below)
//! conformance corpus         print the deterministic corpus: <type>\t<label>\t<expect>\t<ok|err>\t<payload>
//! conformance types          print every type name the oracle knows
//! conformance check T JSON   decode JSON as T and re-encode it (for humans)
//! ```
//!
//! A request is `<type>\t<json>\n` (the JSON on one line), or `<type>\t#<byte length>\n<bytes>\n` for any input
//! (the suite always uses this form). Each answer is one line: `ok\t<serde_json re-encoding>`,
//! `err\t<serde's error message as a JSON string>`, or `unknown-type\t<type as a JSON string>`.
//! Type names are `<family>.<Type>`; the hand-written family is `hand`.

use std::io::{self, BufRead, Read, Write};

#[allow(dead_code)]
mod hand;
#[allow(dead_code)]
mod support;

#[cfg(eventspec_gen)]
#[allow(dead_code, unused_imports, clippy::all)]
mod gen;

fn dispatch(type_name: &str, input: &str) -> Option<Result<String, String>> {
    if let Some(r) = hand::oracle::roundtrip(type_name, input) {
        return Some(r);
    }
    #[cfg(eventspec_gen)]
    if let Some(r) = gen::oracle::roundtrip(type_name, input) {
        return Some(r);
    }
    None
}

fn all_types() -> Vec<&'static str> {
    #[allow(unused_mut)]
    let mut types = hand::oracle::TYPES.to_vec();
    #[cfg(eventspec_gen)]
    types.extend_from_slice(gen::oracle::TYPES);
    types
}

fn json_string(s: &str) -> String {
    serde_json::to_string(s).expect("strings always encode")
}

fn answer(out: &mut impl Write, type_name: &str, input: &[u8]) -> io::Result<()> {
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

fn serve() -> io::Result<()> {
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
            answer(&mut out, &type_name, &payload)?;
        } else {
            let rest = rest.to_vec();
            answer(&mut out, &type_name, &rest)?;
        }
    }
    out.flush()
}

fn bad(msg: &str) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, msg.to_owned())
}

fn corpus() -> io::Result<()> {
    let mut cases = Vec::new();
    hand::oracle::corpus(&mut cases);
    #[cfg(eventspec_gen)]
    gen::oracle::corpus(&mut cases);
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    for c in cases {
        match &c.json {
            Ok(json) => writeln!(out, "{}\t{}\t{}\tok\t{}", c.type_name, c.label, c.expect, json)?,
            Err(msg) => writeln!(out, "{}\t{}\t{}\terr\t{}", c.type_name, c.label, c.expect, json_string(msg))?,
        }
    }
    out.flush()
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        None | Some("serve") => serve(),
        Some("corpus") => corpus(),
        Some("types") => {
            for t in all_types() {
                println!("{t}");
            }
            Ok(())
        }
        Some("check") if args.len() == 3 => {
            let mut out = io::stdout();
            answer(&mut out, &args[1], args[2].as_bytes())
        }
        _ => {
            eprintln!("usage: conformance [serve | corpus | types | check <type> <json>]");
            std::process::exit(2);
        }
    };
    if let Err(e) = result {
        eprintln!("conformance: {e}");
        std::process::exit(1);
    }
}
