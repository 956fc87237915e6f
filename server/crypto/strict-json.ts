/**
 * Reading a JSON file that is about to be checked for signatures (the verify script). JSON.parse
 * alone is too forgiving for that: it keeps the LAST of two members with the same name, while
 * another reader may keep the first, so one file could show two different sets of counts to two
 * tools and both would check the same signature. RFC 8259 §4 leaves duplicate names to the reader;
 * I-JSON (RFC 7493 §2.3), which RFC 8785 builds on, forbids them. Refused here, as are invalid
 * UTF-8 (RFC 8259 §8.1) and a byte order mark.
 */
import { type DomainError, fail, ok, type Result } from "../domain/result.ts";
import { formatPath } from "./digest.ts";

/**
 * The parsed value of UTF-8 JSON bytes.
 * Errors: json_not_utf8, json_bom, json_syntax, json_duplicate_member (message names the path).
 */
export function parseJsonBytes(bytes: Uint8Array): Result<unknown, DomainError> {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return fail("json_not_utf8", "Tệp không phải văn bản UTF-8 hợp lệ.");
  }
  if (text.startsWith("\uFEFF")) {
    return fail("json_bom", "Tệp bắt đầu bằng dấu BOM; tệp JSON không được có BOM (RFC 8259 §8.1).");
  }
  return parseJsonText(text);
}

/** Like parseJsonBytes, for text already decoded. */
export function parseJsonText(text: string): Result<unknown, DomainError> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    return fail("json_syntax", `Tệp không phải JSON hợp lệ (${why}).`);
  }
  const duplicate = findDuplicateMember(text);
  if (duplicate !== null) {
    return fail(
      "json_duplicate_member",
      `Tại ${duplicate.path || "gốc tài liệu"}: thuộc tính “${duplicate.name}” xuất hiện hai lần trong cùng một đối tượng.`,
    );
  }
  return ok(value);
}

type Frame =
  | { kind: "object"; names: Set<string>; name: string | null; expectName: boolean }
  | { kind: "array"; index: number };

/**
 * Scans text that JSON.parse has accepted (so it is well-formed) for an object with two members of
 * the same name (compared after unescaping, as a parser sees them).
 */
function findDuplicateMember(text: string): { path: string; name: string } | null {
  const stack: Frame[] = [];
  const pathOf = () =>
    formatPath(
      stack.flatMap((f): (string | number)[] => {
        if (f.kind === "array") return [f.index];
        return f.name === null ? [] : [f.name];
      }),
    );
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    const top = stack.at(-1);
    switch (c) {
      case "{":
        stack.push({ kind: "object", names: new Set(), name: null, expectName: true });
        break;
      case "[":
        stack.push({ kind: "array", index: 0 });
        break;
      case "}":
      case "]":
        stack.pop();
        break;
      case ",":
        if (top?.kind === "array") top.index++;
        else if (top?.kind === "object") top.expectName = true;
        break;
      case '"': {
        let end = i + 1;
        while (text[end] !== '"') end += text[end] === "\\" ? 2 : 1;
        if (top?.kind === "object" && top.expectName) {
          const name = JSON.parse(text.slice(i, end + 1)) as string;
          if (top.names.has(name)) {
            top.name = null;
            return { path: pathOf(), name };
          }
          top.names.add(name);
          top.name = name;
          top.expectName = false;
        }
        i = end;
        break;
      }
    }
  }
  return null;
}
