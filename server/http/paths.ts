/**
 * Every route path in one place: links, redirects, forms and tests use these, so a renamed route
 * cannot leave a dead link behind.
 */
export const paths = {
  home: "/",
  health: "/healthz",
  login: "/dang-nhap",
  logout: "/dang-xuat",
  changePassword: "/doi-mat-khau",
  board: {
    home: "/ban-to-chuc",
    audit: "/ban-to-chuc/nhat-ky",
  },
  officer: {
    home: "/to-cong-tac",
  },
  assets: {
    htmx: "/assets/htmx.min.js",
    css: "/assets/app.css",
    icon: "/assets/icon.svg",
    fontRegular: "/assets/fonts/be-vietnam-pro-400.ttf",
    fontSemiBold: "/assets/fonts/be-vietnam-pro-600.ttf",
    fontBold: "/assets/fonts/be-vietnam-pro-700.ttf",
  },
} as const;

/** Only same-site relative paths may be used as a post-login destination (no open redirect). */
export function safeNext(next: string | undefined | null): string | null {
  if (!next) return null;
  if (!next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")) return null;
  return next;
}
