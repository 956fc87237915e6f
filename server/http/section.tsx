/** @jsxImportSource hono/jsx */
import type { Context } from "hono";
import type { HtmlEscapedString } from "hono/utils/html";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { SetupNav, type SetupSection } from "../../views/setup-nav.tsx";
import type { AppEnv } from "./context.ts";
import { isHtmx } from "./htmx.ts";
import { page } from "./respond.tsx";

/**
 * One URL serves a full page or its fragment (DESIGN §7): htmx gets just the section to swap in
 * place, a plain browser request gets the whole board page around it.
 */
export function boardSection(
  c: Context<AppEnv>,
  title: string,
  current: SetupSection,
  section: HtmlEscapedString | Promise<HtmlEscapedString>,
  status: ContentfulStatusCode = 200,
) {
  if (isHtmx(c)) return c.html(section, status);
  return page(
    c,
    title,
    <>
      <SetupNav current={current} />
      {section}
    </>,
    status,
  );
}

/** After a successful change: htmx swaps the fresh section; a plain form is redirected (post/redirect/get). */
export function afterChange(c: Context<AppEnv>, to: string, render: () => Response | Promise<Response>) {
  return isHtmx(c) ? render() : c.redirect(to, 303);
}
