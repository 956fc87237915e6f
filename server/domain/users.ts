import * as z from "zod";
import "./zod-vi.ts";

export const ROLES = ["board", "officer"] as const;
export type AccountRole = (typeof ROLES)[number];

export type User = {
  id: number;
  username: string;
  displayName: string;
  role: AccountRole;
  mustChangePassword: boolean;
  disabled: boolean;
};

export const ROLE_LABELS: Record<AccountRole, string> = {
  board: "Ban Tổ chức",
  officer: "Tổ công tác",
};

/** Login names: short, ASCII, easy to read aloud over the phone to a commune officer. */
export const UsernameSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(
    /^[a-z0-9][a-z0-9._-]{1,39}$/,
    "Tên đăng nhập chỉ gồm chữ không dấu, số, dấu chấm hoặc gạch (2–40 ký tự).",
  );

export const PasswordSchema = z
  .string()
  .min(8, "Mật khẩu cần ít nhất 8 ký tự.")
  .max(200, "Mật khẩu quá dài.");
