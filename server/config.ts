import * as z from "zod";
import { err, ok, type Result } from "./domain/result.ts";
import "./domain/zod-vi.ts";
import { POLL_HOLD_MAX_SECONDS } from "./http/polls.ts";
import { SPEECH_VOICES } from "./speech/clips.ts";

/**
 * The only place that reads the environment (issue #2). Everything else receives a parsed Config.
 */
export const ConfigSchema = z
  .object({
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
    /**
     * How many reverse proxies in front of the app append to X-Forwarded-For: the client is the entry
     * that many places from the right (the one the outermost trusted proxy added; anything left of it
     * was sent by the client and may be forged). Unset: 1 with PUBLIC_URL, else 0. 0: the header is
     * ignored and the socket's address is the client's.
     */
    TRUSTED_PROXY_HOPS: z.coerce.number().int().min(0).max(10).optional(),
    /**
     * The host names the app answers to (comma list: names, IPv4, IPv6 with or without brackets); a
     * request for any other Host gets 421 before anything runs (DNS rebinding on a LAN). Unset:
     * localhost, 127.0.0.1, [::1], this machine's name and addresses at start. PUBLIC_URL's host is
     * always allowed.
     */
    ALLOWED_HOSTS: z
      .string()
      .transform((list) =>
        list
          .split(",")
          .map((h) => h.trim())
          .filter((h) => h !== ""),
      )
      .pipe(
        z
          .array(
            z.string().regex(/^(\[[0-9a-fA-F:.]+\]|[0-9a-fA-F:.]*:[0-9a-fA-F:.]*|[A-Za-z0-9.-]+)$/, {
              error: "mỗi mục là một tên máy hoặc địa chỉ IP, không kèm http:// hay cổng",
            }),
          )
          .min(1),
      )
      .optional(),
    /**
     * "production" for a real campaign: the server refuses to start with DEMO on, and the sample
     * accounts' published password is refused at login.
     */
    NODE_ENV: z.string().optional(),
    /** Minutes of inactivity after which a login expires. */
    SESSION_IDLE_MINUTES: z.coerce
      .number()
      .int()
      .min(1)
      .max(24 * 60)
      .default(120),
    /**
     * Seconds without a touch before a kiosk asks "Bạn còn đang ghi phiếu không?", for every
     * campaign (issue #13 §7). Unset: the campaign's own setting (default 120). For trying the
     * question out, and for the browser tests, which cannot wait two minutes.
     */
    KIOSK_IDLE_SECONDS: z.coerce.number().int().min(1).max(3600).optional(),
    /**
     * Test and simulation only: the server's clock runs this many seconds ahead (negative: behind)
     * of the machine's, so a simulated campaign can open day 2 without waiting a day. Refused in
     * production; read once at start, never from a request (a request cannot move the clock).
     */
    CLOCK_OFFSET_SECONDS: z.coerce
      .number()
      .int("là số giây nguyên, ví dụ 86400 hoặc -3600")
      .min(-10 * 366 * 86_400)
      .max(10 * 366 * 86_400)
      .optional(),
    /** Hours after which a login expires whatever the activity. */
    SESSION_MAX_HOURS: z.coerce.number().int().min(1).max(72).default(12),
    /**
     * The kiosk's spoken guidance (issue #13 item 6): eSpeak NG's Northern (vi), Southern
     * (vi-vn-x-south) or Central (vi-vn-x-central) Vietnamese voice, its speed in words per minute
     * (eSpeak's default is 175; 150 is a little slower for elderly listeners), and the folder of the
     * audio files (default: beside the database, "<DATABASE_PATH>-speech"). "0" turns speech off.
     */
    SPEECH: z
      .enum(["1", "0", "true", "false"])
      .default("1")
      .transform((v) => v === "1" || v === "true"),
    SPEECH_VOICE: z.enum(SPEECH_VOICES).default("vi"),
    SPEECH_RATE: z.coerce.number().int().min(80).max(300).default(150),
    SPEECH_DIR: z.string().min(1).optional(),
    /**
     * How long a kiosk's poll ("a ticket for me yet?", "does my ticket still stand?") and a
     * console's live panel are held open when nothing changed, in seconds (issue #12 §4: a district's
     * kiosks asking every second cost more than everything else together, then the consoles' panels
     * every two). 0 answers at once, as in-process apps (tests) do.
     */
    POLL_HOLD_SECONDS: z.coerce.number().int().min(0).max(POLL_HOLD_MAX_SECONDS).default(25),
  })
  .superRefine((config, ctx) => {
    // The sample accounts share a password printed in the README: never in a real campaign.
    if (config.DEMO && config.NODE_ENV === "production") {
      ctx.addIssue({
        code: "custom",
        path: ["DEMO"],
        message:
          "không được bật dữ liệu mẫu khi NODE_ENV=production (tài khoản mẫu dùng mật khẩu đã công bố); đặt DEMO=0",
      });
    }
    // A moved clock would let a point open on a day not its own and date minutes falsely.
    if (config.CLOCK_OFFSET_SECONDS !== undefined && config.NODE_ENV === "production") {
      ctx.addIssue({
        code: "custom",
        path: ["CLOCK_OFFSET_SECONDS"],
        message: "chỉ dùng khi chạy thử hoặc mô phỏng, không được đặt khi NODE_ENV=production",
      });
    }
  });

export type Config = z.infer<typeof ConfigSchema>;

/** A real campaign: published passwords are refused (issue #9 §3). */
export const isProduction = (config: Config): boolean => config.NODE_ENV === "production";

/** How many proxies' X-Forwarded-For entries to skip from the right (0: ignore the header). */
export const proxyHops = (config: Config): number => config.TRUSTED_PROXY_HOPS ?? (config.PUBLIC_URL ? 1 : 0);

/**
 * The defaults, for an app made in-process (tests, scripts): as a server started from the
 * environment, except that polls are answered at once rather than held (POLL_HOLD_SECONDS).
 */
export const defaultConfig = (): Config => ConfigSchema.parse({ POLL_HOLD_SECONDS: 0 });

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
    // The variable, not the item inside it (ALLOWED_HOSTS.2): that is what the operator sets.
    const name = String(issue.path[0] ?? "");
    const value = picked[name] === undefined ? "mặc định" : JSON.stringify(picked[name]);
    return `Biến môi trường ${name} không hợp lệ (giá trị: ${value}): ${issue.message}`;
  });
  return err(lines.join("\n"));
}
