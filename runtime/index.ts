/**
 * eventspec's runtime of sinks: what a host program calls every time an event happens. Generic over any event
 * family: pass an {@link EventFamily} built from a family's generated codec and name table.
 *
 * See runtime/README.md for a wiring example and each sink's guarantees.
 */
export { type EventFamily, type EventRecord, type TruncationRules, toRecord } from "./family";
export {
  type Sink,
  type SinkPhase,
  type SinkFailure,
  type SinkErrorHandler,
  type MultiSinkOptions,
  type OnEvent,
  SinkError,
  SinkClosedError,
  MultiSink,
  CallbackSink,
  Emitter,
} from "./sink";
export { type RouteKey, type SinkRegistryOptions, SinkRegistry } from "./registry";
export { EVENT_MAX_PAYLOAD_BYTES, truncateForEvent, truncateEvent, mergeTruncationRules } from "./truncate";
export { type EnvelopeHeader, encodeEnvelope, splitEnvelope } from "./envelope";
export {
  type FsyncPolicy,
  type JsonlEventSinkOptions,
  type JsonlOpenMode,
  type JsonlResume,
  JsonlEventSink,
  JsonlWriteError,
  SESSION_LOG_FILE,
  sessionLogPath,
  rotationPath,
  listRotations,
} from "./jsonl";
export { type LogEntry, type LogIssue, type ReadLogOptions, type LogReplay, readLog, logFiles } from "./replay";
export {
  AGENT_EVENTS_TOPIC_PREFIX,
  sanitizeTopicComponent,
  sessionPathSegment,
  agentEventsTopic,
  assertTopic,
} from "./topic";
export {
  type LogRecord,
  type StoredRecord,
  type AppendAck,
  type EventLog,
  type LossPolicy,
  type EventLogSinkOptions,
  type EventLogSinkStats,
  type TopicEntry,
  EventLogSink,
  EventLogError,
  agentEventPayload,
  readTopic,
} from "./event-log";
export { type FileEventLogOptions, FileEventLog } from "./file-event-log";
export { type NatsEventLogOptions, NatsEventLog } from "./nats-event-log";
export {
  type RuntimeEventDurability,
  type Fidelity,
  type Normalized,
  type Normalizer,
  type Stager,
  type DurableEventSinkOptions,
  shouldPersist,
  MemoryStager,
  JsonlStager,
  readStagedDrafts,
  DurableEventSink,
} from "./durable";
// Seed 001's normalizer is family-specific (it is built on generated/awaken): import it from "runtime/awaken".
