import { afterAll, expect, it } from "vitest";
import { type RunningServer, startServer } from "../e2e/harness.ts";

let server: RunningServer | undefined;
afterAll(async () => {
  await server?.stop();
});

it("main - a moved clock is announced at start in Vietnam time, the day the pages will use", async () => {
  // 02:00:30 UTC is 09:00 in Vietnam: the banner must say 09:00 of 27/10, not the UTC time of day.
  const offset = Math.round((Date.parse("2026-10-27T02:00:30.000Z") - Date.now()) / 1000);
  server = await startServer({ DEMO: "0", CLOCK_OFFSET_SECONDS: String(offset) });
  const deadline = Date.now() + 10_000;
  while (!server.log().includes("ĐỒNG HỒ GIẢ") && Date.now() < deadline) await Bun.sleep(50);
  const banner =
    server
      .log()
      .split("\n")
      .find((line) => line.includes("ĐỒNG HỒ GIẢ")) ?? "";
  expect(banner).toContain(`CLOCK_OFFSET_SECONDS=${offset}`);
  expect(banner).toContain("giờ máy chủ là 09:00 27/10/2026 (giờ Việt Nam)");
  expect(banner).not.toContain("UTC");
});
