import type { Context } from "hono";

/** htmx sends HX-Request on its requests: such requests get a fragment, others a full page. */
export const isHtmx = (c: Context): boolean => c.req.header("HX-Request") === "true";
