import * as z from "zod";
import { err, ok, type Result } from "./domain/result.ts";
import "./domain/zod-vi.ts";

/**
 * The only place that reads the environment (issue #2). Everything else receives a parsed Config.
 */
export const ConfigSchema = z.object({
  // 0 asks the system for a free port (the end-to-end tests use it).
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default("127.0.0.1"),
  DATABASE_PATH: z.string().min(1).default("./data/tin-nhiem.sqlite"),
  /** Load the sample campaign into an empty database at start-up. */
  DEMO: z
    .enum(["1", "0", "true", "false"])
    .default("1")
    .transform((v) => v === "1" || v === "true"),
  /**
   * The address users type, when the app sits behind an HTTPS reverse proxy (e.g.
   * "https://tinnhiem.example.vn"): cookies are then marked Secure and the CSRF origin check compares
   * against it instead of the proxied request's own address.
   */
  PUBLIC_URL: z
    .url({ protocol: /^https?$/, error: "phải là địa chỉ http:// hoặc https://" })
    .transform((u) => new URL(u).origin)
    .optional(),
  /** Minutes of inactivity after which a login expires. */
  SESSION_IDLE_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(120),
  /** Hours after which a login expires whatever the activity. */
  SESSION_MAX_HOURS: z.coerce.number().int().min(1).max(72).default(12),
});

export type Config = z.infer<typeof ConfigSchema>;

export const defaultConfig = (): Config => ConfigSchema.parse({});

/** Parses the environment; a bad value is a message naming the variable. */
export function loadConfig(env: Record<string, string | undefined>): Result<Config, string> {
  const picked: Record<string, string | undefined> = {};
  for (const key of Object.keys(ConfigSchema.shape)) {
    const value = env[key];
    if (value !== undefined && value !== "") picked[key] = value;
  }
  const parsed = ConfigSchema.safeParse(picked);
  if (parsed.success) return ok(parsed.data);
  const lines = parsed.error.issues.map((issue) => {
    const name = issue.path.join(".");
    return `Biến môi trường ${name} không hợp lệ (giá trị: ${JSON.stringify(picked[name] ?? "")}): ${issue.message}`;
  });
  return err(lines.join("\n"));
}
