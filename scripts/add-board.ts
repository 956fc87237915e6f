// Creates a board (Ban Tổ chức) account in a database — how a real district starts, since the app
// offers no public sign-up. Prints a first password, which must be changed at first login.
//   bun scripts/add-board.ts --username NAME --name "Họ và tên" [--db PATH]
import { parseArgs } from "node:util";
import { systemClock } from "../server/clock.ts";
import { hashPassword } from "../server/crypto/password.ts";
import { Store } from "../server/db/store.ts";
import { SYSTEM_ACTOR } from "../server/domain/audit.ts";
import { UsernameSchema } from "../server/domain/users.ts";
import { record } from "../server/services/deps.ts";
import { initialPassword } from "../server/services/officers.ts";

const { values } = parseArgs({
  args: process.argv.slice(2),
  options: {
    username: { type: "string" },
    name: { type: "string" },
    db: { type: "string", default: "./data/tin-nhiem.sqlite" },
    password: { type: "string" },
  },
});

const username = UsernameSchema.safeParse(values.username ?? "");
if (!username.success || !values.name) {
  process.stderr.write(
    `Cách dùng: bun scripts/add-board.ts --username TÊN --name "Họ và tên" [--db ĐƯỜNG_DẪN]\n${username.success ? "" : `${username.error.issues[0]?.message}\n`}`,
  );
  process.exit(1);
}
const store = Store.open(values.db ?? "./data/tin-nhiem.sqlite");
if (store.users.credentials(username.data)) {
  process.stderr.write(`Đã có tài khoản ${username.data}.\n`);
  process.exit(1);
}
const password = values.password ?? initialPassword();
const at = systemClock.now().toISOString();
const hash = await hashPassword(password);
store.withTransaction(() => {
  store.users.create({
    username: username.data,
    displayName: values.name?.normalize("NFC") ?? "",
    role: "board",
    passwordHash: hash,
    mustChangePassword: true,
    createdAt: at,
  });
  record({ store, clock: systemClock }, SYSTEM_ACTOR, "board.create", username.data);
});
store.close();
process.stdout.write(`Đã tạo tài khoản Ban Tổ chức ${username.data}. Mật khẩu ban đầu: ${password}\n`);
