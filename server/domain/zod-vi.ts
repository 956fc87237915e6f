import * as z from "zod";

// zod's own messages (a missing field, a wrong type) in Vietnamese, for every schema: our schemas
// give their own Vietnamese messages; this covers what they leave to zod. Imported for its effect by
// each module that defines schemas, so scripts get Vietnamese messages as the server does.
z.config(z.locales.vi());

/**
 * A field the form did not send at all reads as a person would say it, not as zod's type error
 * ("Đầu vào không hợp lệ: mong đợi string, nhận được undefined"): a form of ours always sends its
 * fields, so this is a form from elsewhere or a field left out. Other issues fall to the locale.
 */
export const MISSING_FIELD = "Thiếu thông tin này.";

z.config({
  customError: (issue) =>
    issue.code === "invalid_type" && issue.input === undefined ? MISSING_FIELD : undefined,
});
