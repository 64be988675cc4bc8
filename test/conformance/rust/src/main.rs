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

use std::io::{self, Write};

use protocol::json_string;

#[allow(dead_code)]
mod hand;
#[allow(dead_code)]
mod support;
mod protocol;

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
        None | Some("serve") => protocol::serve(dispatch),
        Some("corpus") => corpus(),
        Some("types") => {
            for t in all_types() {
                println!("{t}");
            }
            Ok(())
        }
        Some("check") if args.len() == 3 => {
            let mut out = io::stdout();
            protocol::answer(&mut out, dispatch, &args[1], args[2].as_bytes())
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
