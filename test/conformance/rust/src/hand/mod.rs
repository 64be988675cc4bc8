//! A hand-written family mirroring seed 000 (`AgentEvent` and friends): proves the harness independently of the
//! Rust emitter, and pins serde facts the conformance suite relies on. Type names are `hand.<Type>`.

pub mod oracle;
pub mod seed000;
