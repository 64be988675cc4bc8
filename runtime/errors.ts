/** Error helpers shared by the runtime. */

/**
 * The message of an error value. Not `instanceof Error`: errors thrown by Node's own modules come from another
 * realm under test runners such as jest, where that check fails.
 */
export function messageOf(error: unknown): string {
  if (typeof error === "object" && error !== null && typeof (error as { message?: unknown }).message === "string") {
    return (error as { message: string }).message;
  }
  return String(error);
}

/** The errno code (`ENOSPC`…) of an error value, if it has one. */
export function codeOf(error: unknown): string | undefined {
  const code = typeof error === "object" && error !== null ? (error as { code?: unknown }).code : undefined;
  return typeof code === "string" ? code : undefined;
}
