import * as z from "zod";

// zod's own messages (a missing field, a wrong type) in Vietnamese, for every schema: our schemas
// give their own Vietnamese messages; this covers what they leave to zod. Imported for its effect by
// each module that defines schemas, so scripts get Vietnamese messages as the server does.
z.config(z.locales.vi());
