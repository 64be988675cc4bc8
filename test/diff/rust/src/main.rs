//! `diffproof`: decodes with the Rust serde module generated from either version of each spec pair of
//! test/diff/pairs.ts (families `old_<n>` and `new_<n>`, written into `src/gen/` by the test) and re-encodes.
//! The protocol and the round trip are the conformance oracle's (`conformance serve`, see its main.rs).

#[allow(dead_code)]
#[path = "../../../conformance/rust/src/support.rs"]
mod support;
#[path = "../../../conformance/rust/src/protocol.rs"]
mod protocol;

#[allow(dead_code, unused_imports, clippy::all)]
mod gen;

fn main() {
    if let Err(e) = protocol::serve(gen::oracle::roundtrip) {
        eprintln!("diffproof: {e}");
        std::process::exit(1);
    }
}
