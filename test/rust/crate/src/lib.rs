//! The Rust emitter's output for `schema/` plus the kitchen-sink fixture, compiled as a consumer would: with
//! warnings denied. `src/events/` is written by `test/rust/compile.test.ts` (the emitter's `mod.rs` and families).
#![deny(warnings)]

pub mod events;
