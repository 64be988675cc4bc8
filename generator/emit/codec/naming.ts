// The names of the public codec functions of a declared type.

/** The public API names generated for a declared type named `ts`. */
export function codecNames(ts: string): {
  encode: string;
  decode: string;
  decodeStrict: string;
  tryDecode: string;
  fromJson: string;
  toJson: string;
} {
  return {
    encode: `encode${ts}`,
    decode: `decode${ts}`,
    decodeStrict: `decode${ts}Strict`,
    tryDecode: `tryDecode${ts}`,
    fromJson: `fromJson${ts}`,
    toJson: `toJson${ts}`,
  };
}
