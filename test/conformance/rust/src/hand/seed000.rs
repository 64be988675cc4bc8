//! Types mirroring seed 000 (and two of its STUBS.md neighbours), written the way the Rust emitter writes them.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FsWatchEvent {
    pub kind: String,
    pub paths: Vec<String>,
    pub relative_paths: Vec<String>,
    pub raw_kind: String,
    pub error: Option<String>,
}

#[derive(Clone, Copy, Debug, Eq, PartialEq, Hash, Serialize, Deserialize)]
pub enum WorkerEvent {
    WorkerSpawned,
    WorkerCompleted,
    WorkerFailed,
    WorkerCancelled,
}

impl WorkerEvent {
    pub fn as_status(self) -> &'static str {
        match self {
            Self::WorkerSpawned => "running",
            Self::WorkerCompleted => "completed",
            Self::WorkerFailed => "failed",
            Self::WorkerCancelled => "cancelled",
        }
    }
}

#[derive(Clone, Copy, Debug, Eq, PartialEq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ToolCallStatus {
    Pending,
    InProgress,
    Completed,
    Failed,
}

#[derive(Clone, Copy, Debug, Eq, PartialEq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ToolKind {
    Read,
    Edit,
    Delete,
    Move,
    Search,
    Execute,
    Think,
    Fetch,
    Other,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HandoffArtifact {
    pub id: String,
    pub kind: String,
    pub from_agent: String,
    pub to_agent: String,
    pub summary: String,
    pub created_at_ms: i64,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub files: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confidence: Option<f64>,
    #[serde(default)]
    pub payload: serde_json::Value,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum AgentEvent {
    AgentMessageChunk {
        session_id: String,
        content: String,
    },
    ToolCall {
        session_id: String,
        tool_call_id: String,
        tool_name: String,
        kind: Option<ToolKind>,
        status: ToolCallStatus,
        raw_input: serde_json::Value,
    },
    ToolCallUpdate {
        session_id: String,
        tool_call_id: String,
        tool_name: String,
        status: ToolCallStatus,
        raw_output: Option<serde_json::Value>,
        error: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        duration_ms: Option<u64>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        execution_duration_ms: Option<u64>,
    },
    TurnStart {
        session_id: String,
        iteration: usize,
    },
    Handoff {
        session_id: String,
        artifact_id: String,
        handoff: Box<HandoffArtifact>,
    },
    FsWatch {
        session_id: String,
        subscription_id: String,
        events: Vec<FsWatchEvent>,
    },
    /// Not in the seed: floats inside an internally tagged variant (read through serde's buffer).
    Metrics {
        session_id: String,
        ratio: f32,
        score: f64,
    },
}

impl AgentEvent {
    pub fn session_id(&self) -> &str {
        match self {
            Self::AgentMessageChunk { session_id, .. }
            | Self::ToolCall { session_id, .. }
            | Self::ToolCallUpdate { session_id, .. }
            | Self::TurnStart { session_id, .. }
            | Self::Handoff { session_id, .. }
            | Self::FsWatch { session_id, .. }
            | Self::Metrics { session_id, .. } => session_id,
        }
    }

    pub fn type_name(&self) -> &'static str {
        match self {
            Self::AgentMessageChunk { .. } => "agent_message_chunk",
            Self::ToolCall { .. } => "tool_call",
            Self::ToolCallUpdate { .. } => "tool_call_update",
            Self::TurnStart { .. } => "turn_start",
            Self::Handoff { .. } => "handoff",
            Self::FsWatch { .. } => "fs_watch",
            Self::Metrics { .. } => "metrics",
        }
    }
}

/// The JSONL envelope: the event flattened in after the envelope's own fields.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PersistedAgentEvent {
    pub index: u64,
    pub emitted_at_ms: i64,
    pub frame_depth: Option<u32>,
    #[serde(flatten)]
    pub event: AgentEvent,
}

/// Scalars the seed-000 types do not reach: f32, timestamps, uuids, maps, bigint-opted 64-bit integers.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Scalars {
    pub ratio: f32,
    pub at: DateTime<Utc>,
    pub id: Uuid,
    pub counts: BTreeMap<String, u32>,
    /// Opted into bigint on the TypeScript side.
    pub big: u64,
    pub signed_big: i64,
}
