// Creates a board (Ban Tổ chức) account in a database — how a real district starts, since the app
// offers no public sign-up. Prints a first password, which must be changed at first login.
//   bun scripts/add-board.ts --username NAME --name "Họ và tên" [--db PATH]
import { systemClock } from "../server/clock.ts";
import { Store } from "../server/db/store.ts";
import { SYSTEM_ACTOR } from "../server/domain/audit.ts";
import { UsernameSchema } from "../server/domain/users.ts";
import { createBoardAccount } from "../server/services/accounts.ts";
import { initialPassword } from "../server/services/officers.ts";
import { readCommandLine } from "./command-line.ts";

const USAGE = 'Cách dùng: bun scripts/add-board.ts --username TÊN --name "Họ và tên" [--db ĐƯỜNG_DẪN]';
const { values } = readCommandLine(
  {
    args: process.argv.slice(2),
    options: {
      username: { type: "string" },
      name: { type: "string" },
      db: { type: "string", default: "./data/tin-nhiem.sqlite" },
      password: { type: "string" },
    },
  },
  USAGE,
  "--username bt-admin",
);

const username = UsernameSchema.safeParse(values.username ?? "");
if (!username.success || !values.name) {
  process.stderr.write(`${USAGE}\n${username.success ? "" : `${username.error.issues[0]?.message}\n`}`);
  process.exit(1);
}
const store = Store.open(values.db ?? "./data/tin-nhiem.sqlite");
const password = values.password ?? initialPassword();
const created = await createBoardAccount({ store, clock: systemClock }, SYSTEM_ACTOR, {
  username: username.data,
  displayName: values.name,
  password,
});
store.close();
if (!created.ok) {
  process.stderr.write(`${created.error.message}\n`);
  process.exit(1);
}
process.stdout.write(`Đã tạo tài khoản Ban Tổ chức ${username.data}. Mật khẩu ban đầu: ${password}\n`);
