/**
 * Structured logs, shared by the HTTP layer and background work (the secrecy sweep). Logs are JSON
 * lines; they never carry form bodies, query strings or ballot content (DESIGN §5).
 */
export type Logger = {
  info(event: string, fields?: Record<string, unknown>): void;
  error(event: string, fields?: Record<string, unknown>): void;
};

export const jsonLogger = (
  write: (line: string) => void = (l) => process.stdout.write(`${l}\n`),
): Logger => ({
  info: (event, fields) => write(JSON.stringify({ level: "info", event, ...fields })),
  error: (event, fields) => write(JSON.stringify({ level: "error", event, ...fields })),
});

export const silentLogger: Logger = { info: () => {}, error: () => {} };
