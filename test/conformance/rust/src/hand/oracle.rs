//! Dispatch table and corpus builders for the hand-written family — the same shape the oracle emitter generates
//! for every spec family (`src/gen/oracle.rs`).
#![allow(non_snake_case)]

use super::seed000::*;
use crate::support::{self as s, Case};

pub const TYPES: &[&str] = &[
    "hand.FsWatchEvent",
    "hand.WorkerEvent",
    "hand.ToolCallStatus",
    "hand.ToolKind",
    "hand.HandoffArtifact",
    "hand.AgentEvent",
    "hand.PersistedAgentEvent",
    "hand.Scalars",
];

pub fn roundtrip(type_name: &str, input: &str) -> Option<Result<String, String>> {
    Some(match type_name {
        "hand.FsWatchEvent" => s::roundtrip::<FsWatchEvent>(input),
        "hand.WorkerEvent" => s::roundtrip::<WorkerEvent>(input),
        "hand.ToolCallStatus" => s::roundtrip::<ToolCallStatus>(input),
        "hand.ToolKind" => s::roundtrip::<ToolKind>(input),
        "hand.HandoffArtifact" => s::roundtrip::<HandoffArtifact>(input),
        "hand.AgentEvent" => s::roundtrip::<AgentEvent>(input),
        "hand.PersistedAgentEvent" => s::roundtrip::<PersistedAgentEvent>(input),
        "hand.Scalars" => s::roundtrip::<Scalars>(input),
        _ => return None,
    })
}

const DEPTH: usize = 3;

pub fn sample__FsWatchEvent(i: usize, d: usize) -> FsWatchEvent {
    FsWatchEvent {
        kind: s::string(i),
        paths: s::vec(i + 1, d, |i| s::string(i)),
        relative_paths: s::vec(i + 2, d, |i| s::string(i)),
        raw_kind: s::string(i + 3),
        error: s::opt(i + 4, d, |i| s::string(i)),
    }
}

pub fn sample__WorkerEvent(i: usize, _d: usize) -> WorkerEvent {
    [WorkerEvent::WorkerSpawned, WorkerEvent::WorkerCompleted, WorkerEvent::WorkerFailed, WorkerEvent::WorkerCancelled]
        [i % 4]
}

pub fn sample__ToolCallStatus(i: usize, _d: usize) -> ToolCallStatus {
    [ToolCallStatus::Pending, ToolCallStatus::InProgress, ToolCallStatus::Completed, ToolCallStatus::Failed][i % 4]
}

pub fn sample__ToolKind(i: usize, _d: usize) -> ToolKind {
    use ToolKind::*;
    [Read, Edit, Delete, Move, Search, Execute, Think, Fetch, Other][i % 9]
}

pub fn sample__HandoffArtifact(i: usize, d: usize) -> HandoffArtifact {
    HandoffArtifact {
        id: s::string(i),
        kind: s::string(i + 1),
        from_agent: s::string(i + 2),
        to_agent: s::string(i + 3),
        summary: s::string(i + 4),
        created_at_ms: s::i64_safe(i + 5),
        files: s::vec(i + 6, d, |i| s::string(i)),
        confidence: s::opt(i + 7, d, |i| s::f64_(i)),
        payload: s::json(i + 8, d),
    }
}

pub fn sample__AgentEvent__AgentMessageChunk(i: usize, _d: usize) -> AgentEvent {
    AgentEvent::AgentMessageChunk { session_id: s::string(i), content: s::string(i + 1) }
}

pub fn sample__AgentEvent__ToolCall(i: usize, d: usize) -> AgentEvent {
    AgentEvent::ToolCall {
        session_id: s::string(i),
        tool_call_id: s::string(i + 1),
        tool_name: s::string(i + 2),
        kind: s::opt(i + 3, d, |i| sample__ToolKind(i, d.saturating_sub(1))),
        status: sample__ToolCallStatus(i + 4, d.saturating_sub(1)),
        raw_input: s::json(i + 5, d),
    }
}

pub fn sample__AgentEvent__ToolCallUpdate(i: usize, d: usize) -> AgentEvent {
    AgentEvent::ToolCallUpdate {
        session_id: s::string(i),
        tool_call_id: s::string(i + 1),
        tool_name: s::string(i + 2),
        status: sample__ToolCallStatus(i + 3, d.saturating_sub(1)),
        raw_output: s::opt(i + 4, d, |i| s::json(i, d)),
        error: s::opt(i + 5, d, |i| s::string(i)),
        duration_ms: s::opt(i + 6, d, |i| s::u64_safe(i)),
        execution_duration_ms: s::opt(i + 7, d, |i| s::u64_safe(i)),
    }
}

pub fn sample__AgentEvent__TurnStart(i: usize, _d: usize) -> AgentEvent {
    AgentEvent::TurnStart { session_id: s::string(i), iteration: s::usize_safe(i + 1) }
}

pub fn sample__AgentEvent__Handoff(i: usize, d: usize) -> AgentEvent {
    AgentEvent::Handoff {
        session_id: s::string(i),
        artifact_id: s::string(i + 1),
        handoff: Box::new(sample__HandoffArtifact(i + 2, d.saturating_sub(1))),
    }
}

pub fn sample__AgentEvent__FsWatch(i: usize, d: usize) -> AgentEvent {
    AgentEvent::FsWatch {
        session_id: s::string(i),
        subscription_id: s::string(i + 1),
        events: s::vec(i + 2, d, |i| sample__FsWatchEvent(i, d.saturating_sub(1))),
    }
}

pub fn sample__AgentEvent__Metrics(i: usize, _d: usize) -> AgentEvent {
    AgentEvent::Metrics { session_id: s::string(i), ratio: s::f32_(i + 1), score: s::f64_(i + 2) }
}

pub fn sample__AgentEvent(i: usize, d: usize) -> AgentEvent {
    match i % 7 {
        0 => sample__AgentEvent__AgentMessageChunk(i / 7, d),
        1 => sample__AgentEvent__ToolCall(i / 7, d),
        2 => sample__AgentEvent__ToolCallUpdate(i / 7, d),
        3 => sample__AgentEvent__TurnStart(i / 7, d),
        4 => sample__AgentEvent__Handoff(i / 7, d),
        5 => sample__AgentEvent__FsWatch(i / 7, d),
        _ => sample__AgentEvent__Metrics(i / 7, d),
    }
}

pub fn sample__PersistedAgentEvent(i: usize, d: usize) -> PersistedAgentEvent {
    PersistedAgentEvent {
        index: s::u64_safe(i),
        emitted_at_ms: s::i64_safe(i + 1),
        frame_depth: s::opt(i + 2, d, |i| s::u32_(i)),
        event: sample__AgentEvent(i + 3, d.saturating_sub(1)),
    }
}

pub fn sample__Scalars(i: usize, d: usize) -> Scalars {
    Scalars {
        ratio: s::f32_(i),
        at: s::timestamp(i + 1),
        id: s::uuid(i + 2),
        counts: s::map(i + 3, d, |i| s::u32_(i)),
        big: s::u64_big(i + 4),
        signed_big: s::i64_big(i + 5),
    }
}

fn push<T: serde::Serialize>(out: &mut Vec<Case>, ty: &'static str, variant: &str, n: usize, f: impl Fn(usize) -> T) {
    for i in 0..n {
        out.push(Case::new(ty, format!("{variant}#{i}"), "ok", &f(i)));
    }
}

pub fn corpus(out: &mut Vec<Case>) {
    push(out, "hand.FsWatchEvent", "", 9, |i| sample__FsWatchEvent(i, DEPTH));
    push(out, "hand.WorkerEvent", "", 4, |i| sample__WorkerEvent(i, DEPTH));
    push(out, "hand.ToolCallStatus", "", 4, |i| sample__ToolCallStatus(i, DEPTH));
    push(out, "hand.ToolKind", "", 9, |i| sample__ToolKind(i, DEPTH));
    push(out, "hand.HandoffArtifact", "", 17, |i| sample__HandoffArtifact(i, DEPTH));
    push(out, "hand.AgentEvent", "AgentMessageChunk", 9, |i| sample__AgentEvent__AgentMessageChunk(i, DEPTH));
    push(out, "hand.AgentEvent", "ToolCall", 17, |i| sample__AgentEvent__ToolCall(i, DEPTH));
    push(out, "hand.AgentEvent", "ToolCallUpdate", 17, |i| sample__AgentEvent__ToolCallUpdate(i, DEPTH));
    push(out, "hand.AgentEvent", "TurnStart", 9, |i| sample__AgentEvent__TurnStart(i, DEPTH));
    push(out, "hand.AgentEvent", "Handoff", 9, |i| sample__AgentEvent__Handoff(i, DEPTH));
    push(out, "hand.AgentEvent", "FsWatch", 9, |i| sample__AgentEvent__FsWatch(i, DEPTH));
    push(out, "hand.AgentEvent", "Metrics", 16, |i| sample__AgentEvent__Metrics(i, DEPTH));
    push(out, "hand.PersistedAgentEvent", "", 9, |i| sample__PersistedAgentEvent(i, DEPTH));
    push(out, "hand.Scalars", "", 16, |i| sample__Scalars(i, DEPTH));
    // A 64-bit value beyond 2^53 in fields that did not opt into bigint: serde accepts, TypeScript must refuse.
    out.push(Case::new(
        "hand.AgentEvent",
        "ToolCallUpdate!duration_ms".into(),
        "reject:ts-bigint",
        &AgentEvent::ToolCallUpdate {
            session_id: s::string(0),
            tool_call_id: s::string(1),
            tool_name: s::string(2),
            status: ToolCallStatus::Pending,
            raw_output: None,
            error: None,
            duration_ms: Some(s::U64_UNSAFE),
            execution_duration_ms: None,
        },
    ));
    // Non-finite floats print `null`: an Option reads it back as None; a plain float cannot read it back at all.
    for (k, f) in s::F64_NONFINITE.iter().enumerate() {
        let mut h = sample__HandoffArtifact(1, DEPTH);
        h.confidence = Some(*f);
        out.push(Case::new("hand.HandoffArtifact", format!("!nonfinite#{k}"), "ok", &h));
        let m = AgentEvent::Metrics { session_id: s::string(0), ratio: *f as f32, score: *f };
        out.push(Case::new("hand.AgentEvent", format!("Metrics!nonfinite#{k}"), "ok", &m));
    }
}
