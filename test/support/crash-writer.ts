// Child process for the crash test: appends audit entries as fast as it can and prints each
// committed sequence number, until it is killed with SIGKILL.
import { Store } from "../../server/db/store.ts";

const path = process.argv[2];
if (!path) throw new Error("usage: crash-writer.ts DB_PATH");
const store = Store.open(path);
for (let i = 0; ; i++) {
  const entry = store.audit.append({
    at: new Date().toISOString(),
    actor: "crash-test",
    action: "test.write",
    subject: `mục ${i}`,
    details: { i },
  });
  // Printed only after the commit returned: this is the "acknowledged" line.
  process.stdout.write(`${entry.seq}\n`);
}
