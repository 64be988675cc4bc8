//! Includes the generated families (`src/gen/mod.rs`, written by the conformance suite) when they exist, so that
//! the crate also builds from a bare checkout with the hand-written family alone.

use std::path::Path;

fn main() {
    println!("cargo:rerun-if-changed=src/gen/mod.rs");
    println!("cargo:rustc-check-cfg=cfg(eventspec_gen)");
    if Path::new("src/gen/mod.rs").exists() {
        println!("cargo:rustc-cfg=eventspec_gen");
    }
}
