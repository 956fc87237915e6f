// What the scripts say when node's parseArgs refuses their command line, in Vietnamese.

import { type ParseArgsConfig, parseArgs } from "node:util";

/**
 * The script's command line read by node's parseArgs; a refused one is said in one Vietnamese line
 * naming the flag (`argumentProblem`), then `usage`, on stderr, and the script exits 2 — never node's
 * English message or a stack trace. `example` is one of the script's flags with its value.
 */
export function readCommandLine<const T extends ParseArgsConfig>(
  config: T,
  usage: string,
  example: string,
): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs(config);
  } catch (e) {
    const problem = argumentProblem(e, example);
    if (problem === null) throw e;
    process.stderr.write(`${problem}\n${usage}\n`);
    process.exit(2);
  }
}

/**
 * What node's parseArgs refused, said in Vietnamese and naming the argument: an option it does not
 * know, an option without its value, or a value with no option before it. `example` is one of the
 * script's own flags with its value, shown when a value came without its flag ("--scenario TỆP").
 */
function argumentProblem(e: unknown, example: string): string | null {
  if (!(e instanceof Error) || !("code" in e) || typeof e.code !== "string") return null;
  const named = e.message.match(/'([^']*)'/)?.[1] ?? "";
  switch (e.code) {
    case "ERR_PARSE_ARGS_UNKNOWN_OPTION":
      return `Không có tùy chọn ${named}.`;
    case "ERR_PARSE_ARGS_INVALID_OPTION_VALUE": {
      // "Option '-h, --help' does not take an argument", "Option '--db <value>' argument missing",
      // "Option '--db' argument is ambiguous" (the next word starts with a dash).
      const flag =
        named
          .replace(/ <value>$/, "")
          .split(", ")
          .at(-1) ?? named;
      if (/does not take an argument/.test(e.message)) return `${flag}: không nhận giá trị.`;
      return `${flag}: thiếu giá trị (giá trị bắt đầu bằng dấu gạch ngang thì viết liền: ${flag}=GIÁ_TRỊ).`;
    }
    case "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL":
      return `Thừa đối số ${named}: mỗi giá trị đi sau tùy chọn của nó (ví dụ ${example}).`;
    default:
      return e.code.startsWith("ERR_PARSE_ARGS_") ? e.message : null;
  }
}
