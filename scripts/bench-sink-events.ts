/** The event mix of `npm run bench:sink`: harn (seed 000) events of every common kind, about 740 bytes a line. */
import type { AgentEvent } from "../generated/harn_legacy";

// ── the event mix ─────────────────────────────────────────────────────────────────────────────────────────
/** The size of the event pool the benchmark cycles through. */
export const POOL = 4096;

function words(n: number, seed: number): string {
  const vocab = [
    "agent",
    "tool",
    "file",
    "read",
    "the",
    "résumé",
    "search",
    "token",
    "plan",
    "step",
    "naïve",
    "λ",
    "output",
    "diff",
  ];
  let s = "";
  for (let i = 0; i < n; i++) s += `${vocab[(seed * 7 + i * 13) % vocab.length]} `;
  return s;
}

/** A mixed pool: small turns, message and thought chunks, tool calls with json, updates, plans, fs events. */
export function pool(): AgentEvent[] {
  const out: AgentEvent[] = [];
  for (let i = 0; i < POOL; i++) {
    const session_id = `0b5c6f1e-9d2a-4f7e-8a8b-${String(i % 16).padStart(12, "0")}`;
    switch (i % 10) {
      case 0:
        out.push({ type: "turn_start", session_id, iteration: i });
        break;
      case 1:
      case 2:
      case 3:
        out.push({
          type: "agent_message_chunk",
          session_id,
          content: words(80 + (i % 300), i),
        });
        break;
      case 4:
        out.push({
          type: "agent_thought_chunk",
          session_id,
          content: words(80 + (i % 200), i),
        });
        break;
      case 5:
        out.push({
          type: "tool_call",
          session_id,
          tool_call_id: `toolu_${i.toString(36).padStart(20, "0")}`,
          tool_name: "read_file",
          kind: "read",
          status: "pending",
          raw_input: {
            path: `/work/src/module_${i}.ts`,
            offset: i * 10,
            limit: 200,
            options: { follow: true, encoding: "utf8" },
          },
        });
        break;
      case 6:
        out.push({
          type: "tool_call_update",
          session_id,
          tool_call_id: `toolu_${i.toString(36).padStart(20, "0")}`,
          tool_name: "read_file",
          status: "completed",
          raw_output: {
            lines: i % 300,
            truncated: false,
            preview: words(60, i),
          },
          error: null,
          duration_ms: 12 + (i % 50),
          execution_duration_ms: 3 + (i % 20),
        });
        break;
      case 7:
        out.push({
          type: "plan",
          session_id,
          plan: {
            steps: [words(8, i), words(10, i + 1), words(6, i + 2)],
            current: i % 3,
          },
        });
        break;
      case 8:
        out.push({
          type: "fs_watch",
          session_id,
          subscription_id: `sub-${i % 7}`,
          events: [
            {
              kind: "modify",
              paths: [`/work/src/file_${i}.ts`],
              relative_paths: [`src/file_${i}.ts`],
              raw_kind: "Modify(Data(Content))",
              error: null,
            },
          ],
        });
        break;
      default:
        out.push({
          type: "turn_end",
          session_id,
          iteration: i,
          turn_info: {
            input_tokens: 1000 + i,
            output_tokens: 200 + (i % 500),
            cached: i % 2 === 0,
          },
        });
    }
  }
  return out;
}
