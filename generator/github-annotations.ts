/** GitHub workflow commands (`::error file=…,line=…,col=…::message`), escaped as actions/toolkit escapes them. */

/** One annotation line. `level`: error, warning or notice. */
export function annotation(level: "error" | "warning" | "notice", props: Readonly<Record<string, string | number>>, message: string): string {
  const list = Object.entries(props)
    .map(([k, v]) => `${k}=${escapeProperty(String(v))}`)
    .join(",");
  return `::${level}${list === "" ? "" : ` ${list}`}::${escapeData(message)}`;
}

function escapeData(s: string): string {
  return s.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, "%3A").replace(/,/g, "%2C");
}
