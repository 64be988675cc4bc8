import { EVENT_MAX_PAYLOAD_BYTES, mergeTruncationRules, truncateEvent, truncateForEvent } from "../../runtime";

describe("truncateForEvent (seed 004)", () => {
  test("truncate_for_event_noop_when_short", () => {
    expect(truncateForEvent("hello world", 100)).toBe("hello world");
  });
  test("truncate_for_event_zero_max_bytes", () => {
    expect(truncateForEvent("hello", 0)).toBe("[truncated: 5 bytes omitted]");
  });
  test("truncate_for_event_truncates_long_string", () => {
    const long = "a".repeat(5000);
    const result = truncateForEvent(long, 100);
    expect(result).toBe(`${"a".repeat(100)}[truncated: 4900 bytes omitted]`);
    expect(result.length).toBeLessThan(long.length);
  });
  test("truncate_for_event_preserves_utf8", () => {
    // "café" is 5 bytes; byte 4 is inside "é", so the cut falls back to byte 3.
    const text = `café${"x".repeat(5000)}`;
    expect(truncateForEvent(text, 4)).toBe("caf[truncated: 5002 bytes omitted]");
  });
  test.each([
    ["exactly at the limit", "ab", 2, "ab"],
    ["a 4-byte character is never split", "😀😀", 5, "😀[truncated: 4 bytes omitted]"],
    ["3-byte characters", "€€€", 7, "€€[truncated: 3 bytes omitted]"],
    ["budget counts bytes, not UTF-16 units", "éé", 3, "é[truncated: 2 bytes omitted]"],
  ])("%s", (_, text, max, want) => {
    expect(truncateForEvent(text, max)).toBe(want);
  });
  test("the seed's default budget", () => {
    expect(EVENT_MAX_PAYLOAD_BYTES).toBe(65536);
  });
});

describe("truncateEvent", () => {
  test("cuts only the configured fields of the configured variant and leaves the original untouched", () => {
    const event = { type: "message_chunk", session_id: "s".repeat(50), content: "x".repeat(50) };
    const out = truncateEvent(event, "message_chunk", { message_chunk: { content: 10 } });
    expect(out).toEqual({
      type: "message_chunk",
      session_id: "s".repeat(50),
      content: "xxxxxxxxxx[truncated: 40 bytes omitted]",
    });
    expect(event.content).toHaveLength(50);
    expect(truncateEvent(event, "turn_start", { message_chunk: { content: 10 } })).toBe(event);
  });
  test("`*` applies to every variant; a variant's own budget wins; externally tagged payloads are reached", () => {
    const rules = { "*": { text: 3 }, note: { text: 5 } };
    expect(truncateEvent({ type: "a", text: "abcdefgh" }, "a", rules)).toEqual({
      type: "a",
      text: "abc[truncated: 5 bytes omitted]",
    });
    expect(truncateEvent({ type: "note", text: "abcdefgh" }, "note", rules)).toEqual({
      type: "note",
      text: "abcde[truncated: 3 bytes omitted]",
    });
    expect(truncateEvent({ Note: { text: "abcdefgh" } }, "Note", { Note: { text: 2 } })).toEqual({
      Note: { text: "ab[truncated: 6 bytes omitted]" },
    });
  });
  test("null-prototype values keep their prototype", () => {
    const event = Object.assign(Object.create(null) as Record<string, unknown>, { type: "a", text: "abcdef" });
    const out = truncateEvent(event, "a", { a: { text: 1 } }) as Record<string, unknown>;
    expect(Object.getPrototypeOf(out)).toBeNull();
    expect(out["text"]).toBe("a[truncated: 5 bytes omitted]");
  });
  test("rules merge field by field", () => {
    expect(mergeTruncationRules({ a: { x: 1, y: 2 } }, undefined, { a: { y: 3 }, b: { z: 4 } })).toEqual({
      a: { x: 1, y: 3 },
      b: { z: 4 },
    });
    expect(mergeTruncationRules(undefined, {})).toBeUndefined();
  });
});

describe("tags and fields named like Object.prototype's members are data", () => {
  test.each(["toString", "constructor", "hasOwnProperty", "valueOf"])("a %s tag without rules of its own is left alone", (tag) => {
    const event = { type: tag, text: "abcdefgh" };
    expect(truncateEvent(event, tag, { other: { text: 2 } })).toBe(event);
  });

  test("a __proto__ tag and field are cut as data and set no prototype", () => {
    const rules = mergeTruncationRules(JSON.parse('{"__proto__": {"__proto__": 2}}'), { x: { y: 1 } })!;
    expect(Object.keys(rules)).toEqual(["__proto__", "x"]);
    const event = JSON.parse('{"type": "__proto__", "__proto__": "abcdef"}') as Record<string, unknown>;
    const out = truncateEvent(event, "__proto__", rules) as Record<string, unknown>;
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(out, "__proto__")?.value).toBe("ab[truncated: 4 bytes omitted]");
  });
});
