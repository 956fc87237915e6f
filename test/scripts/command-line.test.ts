import { join } from "node:path";
import { expect, it } from "vitest";

// import.meta.dir is undefined under vitest; vitest runs from the project root (test/vitest.config.ts).
const script = (name: string) => join(process.cwd(), "scripts", `${name}.ts`);

it("scripts' command lines - an unknown flag, or a flag without its value, is refused in one Vietnamese line naming it, then the usage, exit 2: never node's English message or a stack trace", async () => {
  const problems: string[] = [];
  // Each script with one of its own flags that takes a value.
  const valued = {
    "add-board": "--db",
    seed: "--db",
    "make-district": "--points",
    verify: "--keys",
    simulate: "--db",
    "crash-test": "--rounds",
  };
  // All at once: each is a process of its own that mostly loads its modules.
  const runs = Object.entries(valued).flatMap(([name, flag]) =>
    (
      [
        [["--bogus"], "Không có tùy chọn --bogus."],
        [[flag], `${flag}: thiếu giá trị`],
      ] as const
    ).map(async ([args, want]) => {
      const proc = Bun.spawn([process.execPath, script(name), ...args], { stdout: "pipe", stderr: "pipe" });
      const [out, err] = await Promise.all([
        new Response(proc.stdout).text(),
        new Response(proc.stderr).text(),
      ]);
      const code = await proc.exited;
      const seen = {
        code,
        first: err.split("\n")[0]?.startsWith(want) ?? false,
        usage: err.includes(`Cách dùng: bun scripts/${name}.ts`),
        stack: /\n\s+at |Error:/.test(err),
        out,
      };
      if (
        JSON.stringify(seen) !== JSON.stringify({ code: 2, first: true, usage: true, stack: false, out: "" })
      )
        problems.push(`${name} ${args.join(" ")}: ${JSON.stringify(seen)} ${err.slice(0, 300)}`);
    }),
  );
  await Promise.all(runs);
  expect(problems).toEqual([]);
});
