//! Rust-side tests of the generated modules: the methods the seeds wrote by hand (accessors, tables, `type_name`),
//! the seed tests that are about serde (ported from seeds 000 and 004), and the hand-written impls of the lossless
//! arm. The serde behaviour of every type is also checked against the TypeScript codecs by test/conformance.

use eventspec_generated_check::events::{behest, harn_legacy, heartbit, kitchen_sink as ks};
use serde_json::{json, Value};

fn to_value<T: serde::Serialize>(v: &T) -> Value {
    serde_json::to_value(v).unwrap()
}

// --- seed 000 (harn_legacy) -----------------------------------------------------------------------------------

#[test]
fn tool_call_update_durations_serialize_when_present_and_skip_when_absent() {
    let mut event = harn_legacy::AgentEvent::ToolCallUpdate {
        session_id: "s".into(),
        tool_call_id: "t".into(),
        tool_name: "read".into(),
        status: harn_legacy::ToolCallStatus::Completed,
        raw_output: None,
        error: None,
        duration_ms: Some(42),
        execution_duration_ms: Some(7),
    };
    let value = to_value(&event);
    assert_eq!(value["duration_ms"], json!(42));
    assert_eq!(value["execution_duration_ms"], json!(7));
    if let harn_legacy::AgentEvent::ToolCallUpdate { duration_ms, execution_duration_ms, .. } = &mut event {
        *duration_ms = None;
        *execution_duration_ms = None;
    }
    let text = serde_json::to_string(&event).unwrap();
    assert!(!text.contains("duration_ms"), "{text}");
    assert!(text.contains("\"raw_output\":null"), "None is written as null unless skipped: {text}");
}

#[test]
fn tool_call_update_deserializes_without_duration_fields_for_back_compat() {
    let old = r#"{"type":"tool_call_update","session_id":"s","tool_call_id":"t","tool_name":"read","status":"pending","raw_output":null,"error":null}"#;
    match serde_json::from_str::<harn_legacy::AgentEvent>(old).unwrap() {
        harn_legacy::AgentEvent::ToolCallUpdate { duration_ms, execution_duration_ms, .. } => {
            assert!(duration_ms.is_none());
            assert!(execution_duration_ms.is_none());
        }
        other => panic!("decoded {other:?}"),
    }
}

#[test]
fn tool_call_status_wire_strings_and_tables() {
    use harn_legacy::ToolCallStatus::*;
    for (status, wire) in [(Pending, "pending"), (InProgress, "in_progress"), (Completed, "completed"), (Failed, "failed")] {
        assert_eq!(serde_json::to_string(&status).unwrap(), format!("\"{wire}\""));
        assert_eq!(status.as_str(), wire);
    }
    assert_eq!(harn_legacy::ToolCallStatus::VALUES.len(), 4);
    assert_eq!(harn_legacy::WorkerEvent::WorkerSpawned.as_status(), "running");
    assert_eq!(harn_legacy::WorkerEvent::WorkerCancelled.as_status(), "cancelled");
    assert_eq!(harn_legacy::WorkerEvent::WorkerFailed.as_str(), "WorkerFailed");
}

#[test]
fn session_id_accessor_and_type_name_match_the_wire() {
    let event = harn_legacy::AgentEvent::TurnStart { session_id: "sess-1".into(), iteration: 3 };
    assert_eq!(event.session_id(), "sess-1");
    assert_eq!(to_value(&event)["type"], json!(event.type_name()));
    assert!(harn_legacy::AgentEvent::TAGS.contains(&"turn_start"));
}

#[test]
fn persisted_event_flattens_the_event_after_the_envelope() {
    let envelope = harn_legacy::PersistedAgentEvent {
        index: 1,
        emitted_at_ms: 2,
        frame_depth: None,
        event: harn_legacy::AgentEvent::TurnStart { session_id: "s".into(), iteration: 0 },
    };
    assert_eq!(
        serde_json::to_string(&envelope).unwrap(),
        r#"{"index":1,"emitted_at_ms":2,"frame_depth":null,"type":"turn_start","session_id":"s","iteration":0}"#
    );
}

// --- seed 003 (behest) ----------------------------------------------------------------------------------------

#[test]
fn run_id_accessor_and_is_terminal_table() {
    let run = behest::RunId(uuid::Uuid::from_u128(7));
    let at: chrono::DateTime<chrono::Utc> = "2024-01-02T03:04:05Z".parse().unwrap();
    let started = behest::AgentEvent::RunStarted(behest::RunStarted {
        run_id: run,
        session_id: uuid::Uuid::nil(),
        provider: behest::ProviderId { value: "p".into() },
        model: behest::ModelName { value: "m".into() },
        timestamp: at,
    });
    assert_eq!(started.run_id(), run);
    assert!(!started.is_terminal());
    let cancelled = behest::AgentEvent::RunCancelled(serde_json::from_value(json!({"run_id": run, "timestamp": at})).unwrap());
    assert!(cancelled.is_terminal());
    assert_eq!(cancelled.type_name(), "RunCancelled");
    let text = serde_json::to_string(&started).unwrap();
    assert!(text.starts_with(r#"{"RunStarted":{"run_id":"00000000-0000-0000-0000-000000000007""#), "{text}");
}

// --- seed 004 (heartbit) --------------------------------------------------------------------------------------

#[test]
fn type_name_matches_serde_tag_and_agent_is_partial() {
    let events: Vec<heartbit::AgentEvent> = [
        json!({"type": "run_started", "agent": "a", "task": "t"}),
        json!({"type": "turn_started", "agent": "a", "turn": 1, "max_turns": 2}),
    ]
    .into_iter()
    .map(|v| serde_json::from_value(v).unwrap())
    .collect();
    for e in &events {
        assert_eq!(to_value(e)["type"], json!(e.type_name()));
        assert_eq!(e.agent(), Some("a"));
    }
}

#[test]
fn token_usage_defaults_for_backward_compatible_decoding() {
    let usage: heartbit::TokenUsage = serde_json::from_str(r#"{"input_tokens":1,"output_tokens":2}"#).unwrap();
    assert_eq!(usage.cache_read_input_tokens, 0);
    assert_eq!(
        serde_json::to_string(&usage).unwrap(),
        r#"{"input_tokens":1,"output_tokens":2,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"reasoning_tokens":0}"#
    );
}

// --- kitchen sink: every construct ------------------------------------------------------------------------------

#[test]
fn enum_renames_aliases_and_tables() {
    assert_eq!(serde_json::to_string(&ks::Level::MidHigh).unwrap(), r#""MID_HIGH""#);
    assert_eq!(serde_json::to_string(&ks::Level::Top).unwrap(), r#""top-most""#);
    for alias in [r#""mid_high""#, r#""MIDHIGH""#, r#""MID_HIGH""#] {
        assert_eq!(serde_json::from_str::<ks::Level>(alias).unwrap(), ks::Level::MidHigh);
    }
    assert_eq!(ks::Level::Low.weight(), 1);
    assert_eq!(ks::Level::MidHigh.weight(), 0);
    assert_eq!(ks::Level::Top.label(), "other");
    assert_eq!(ks::Level::Top.as_str(), "top-most");
}

#[test]
fn container_default_and_explicit_default_values() {
    let s: ks::Settings = serde_json::from_str("{}").unwrap();
    assert_eq!(s, ks::Settings::default());
    assert_eq!(s.max_retries, 3);
    assert!(s.scale == 0.0 && s.scale.is_sign_negative());
    assert_eq!(s.level, ks::Level::Low);
    assert_eq!(s.tags, vec!["a".to_owned(), "b".to_owned()]);
    assert_eq!(s.extra, json!({"k": [1, 2.5, null]}));
    assert_eq!(
        serde_json::to_string(&s).unwrap(),
        r#"{"maxRetries":3,"ratio":0.5,"scale":-0.0,"mode":"fast \"mode\"","level":"LOW","tags":["a","b"],"limits":{"cpu":2},"extra":{"k":[1,2.5,null]},"when":null,"verbose":false,"legacy-name":""}"#
    );
    let aliased: ks::Settings = serde_json::from_str(r#"{"old":"x"}"#).unwrap();
    assert_eq!(aliased.old_name, "x");
    let err = serde_json::from_str::<ks::Settings>(r#"{"nope":1}"#).unwrap_err().to_string();
    assert!(err.starts_with("unknown field `nope`"), "{err}");
}

#[test]
fn every_skip_serializing_if_form_omits_its_empty_value() {
    let text = r#"{"kind":"progressed","session":"s","percent":0,"note":"","flag":false,"detail":null,"items":[],"counts":{},"status":"pending","handoff":null,"old_field":null}"#;
    let event: ks::Event = serde_json::from_str(text).unwrap();
    assert_eq!(event.type_name(), "progress-update");
    assert_eq!(
        serde_json::to_string(&event).unwrap(),
        r#"{"kind":"progress-update","session":"s","status":"pending","handoff":null,"old_field":null}"#
    );
}

#[test]
fn accessors_and_tables_over_every_variant() {
    let ping: ks::Event = serde_json::from_str(r#"{"kind":"ping"}"#).unwrap();
    assert_eq!(ping.session(), None);
    assert_eq!(ping.level(), ks::Level::MidHigh);
    assert!(!ping.is_terminal());
    let unknown: ks::Event = serde_json::from_str(r#"{"kind":"new_thing","x":1}"#).unwrap();
    assert_eq!(unknown.type_name(), "new_thing");
    assert_eq!(unknown.level(), ks::Level::Low);
    assert_eq!(unknown.session(), None);
}

#[test]
fn lossless_arm_keeps_the_tag_and_payload() {
    let text = r#"{"z":[1.0,18446744073709551615],"kind":"brand_new","a":{"b":null}}"#;
    let event: ks::Event = serde_json::from_str(text).unwrap();
    assert_eq!(
        event,
        ks::Event::Unrecognized { tag: "brand_new".into(), payload: json!({"a": {"b": null}, "z": [1.0, 18446744073709551615u64]}) }
    );
    // Re-encoded as serde writes a json object: the tag first, then the members sorted.
    assert_eq!(serde_json::to_string(&event).unwrap(), r#"{"kind":"brand_new","a":{"b":null},"z":[1.0,18446744073709551615]}"#);
    // Adjacently tagged: the content is the payload; absent content is null and is not written back.
    let frame: ks::Frame = serde_json::from_str(r#"{"data":[1],"type":"later"}"#).unwrap();
    assert_eq!(frame, ks::Frame::Unknown { tag: "later".into(), payload: json!([1]) });
    assert_eq!(serde_json::to_string(&frame).unwrap(), r#"{"type":"later","data":[1]}"#);
    let bare: ks::Frame = serde_json::from_str(r#"{"type":"later"}"#).unwrap();
    assert_eq!(serde_json::to_string(&bare).unwrap(), r#"{"type":"later"}"#);
}

#[test]
fn lossless_arm_leaves_serde_errors_of_known_tags_unchanged() {
    let err = |text: &str| serde_json::from_str::<ks::Event>(text).unwrap_err().to_string();
    assert_eq!(err(r#"{"kind":"ping","kind":"ping"}"#), "duplicate field `kind`");
    assert_eq!(err(r#"{"session":"s"}"#), "missing field `kind`");
    assert_eq!(err(r#"{"kind":3}"#), "invalid type: integer `3`, expected variant identifier");
    assert!(err(r#"{"kind":"finished","session":"s","settings":{},"tree":{"name":"n","child":null,"name":"m"}}"#)
        .starts_with("duplicate field `name`"));
    assert_eq!(err(r#"{"kind":"progressed","session":"s","status":"nope"}"#), "unknown variant `nope`, expected one of `pending`, `in_progress`, `completed`, `failed`");
    let ok: ks::Event = serde_json::from_str(r#"{"kind":"progressed","session":"s","status":{"failed":null}}"#).unwrap();
    assert_eq!(ok.type_name(), "progress-update");
    let framed: ks::Frame = serde_json::from_str(r#"{"type":"settings","data":{"level":"top-most"}}"#).unwrap();
    assert_eq!(framed.type_name(), "settings");
}

#[test]
fn other_catch_all_and_adjacent_tagging() {
    let r: ks::Reason = serde_json::from_str(r#"{"t":"Whatever"}"#).unwrap();
    assert_eq!(r, ks::Reason::Other);
    assert_eq!(serde_json::to_string(&ks::Reason::Failed("x".into())).unwrap(), r#"{"t":"Failed","c":"x"}"#);
    assert_eq!(serde_json::to_string(&ks::Reason::Done).unwrap(), r#"{"t":"Done"}"#);
}

#[test]
fn external_and_untagged_shapes() {
    assert_eq!(serde_json::to_string(&ks::Outcome::Skipped).unwrap(), r#""Skipped""#);
    assert_eq!(serde_json::to_string(&ks::Outcome::Levels(vec![ks::Level::Low])).unwrap(), r#"{"Levels":["LOW"]}"#);
    assert_eq!(serde_json::from_str::<ks::Shape>("7").unwrap(), ks::Shape::Count(7));
    assert_eq!(serde_json::from_str::<ks::Shape>(r#""w""#).unwrap(), ks::Shape::Word("w".into()));
    assert_eq!(serde_json::from_str::<ks::Shape>("null").unwrap(), ks::Shape::Empty);
}

#[test]
fn newtypes_are_their_inner_value() {
    let key = ks::SessionKey { value: "k".into() };
    assert_eq!(serde_json::to_string(&key).unwrap(), r#""k""#);
    let run = ks::RunKey(uuid::Uuid::nil());
    assert_eq!(serde_json::to_string(&run).unwrap(), r#""00000000-0000-0000-0000-000000000000""#);
}

#[test]
fn envelope_flattens_metadata_and_event() {
    let text = r#"{"seq":1,"trace_id":"t","labels":{"a":"b"},"kind":"ping"}"#;
    let env: ks::Envelope = serde_json::from_str(text).unwrap();
    assert_eq!(env.event, ks::Event::Ping);
    assert_eq!(serde_json::to_string(&env).unwrap(), text);
    let unknown: ks::Envelope = serde_json::from_str(r#"{"seq":1,"labels":{},"kind":"new","x":2}"#).unwrap();
    assert_eq!(unknown.event, ks::Event::Unrecognized { tag: "new".into(), payload: json!({"x": 2}) });
    assert_eq!(serde_json::to_string(&unknown).unwrap(), r#"{"seq":1,"labels":{},"kind":"new","x":2}"#);
}
