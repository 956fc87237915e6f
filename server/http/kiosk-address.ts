import { networkInterfaces } from "node:os";
import { renderSVG, renderUnicodeCompact } from "uqr";
import { paths } from "./paths.ts";

/**
 * Where a tablet in the hall must point its browser (issue #14): the officer's console and the
 * start-up output both say it, with a QR code, because "open /kiosk on the tablet" means nothing to
 * someone who does not know the server's address. Never 0.0.0.0 (where the server listens, not an
 * address one can open) and, for another device, never 127.0.0.1.
 */
export type KioskAddress = {
  /** Full URLs of the kiosk page, the likeliest first; empty when no other device can reach us. */
  urls: string[];
  /**
   * False when the server listens on loopback only (HOST=127.0.0.1, the default): a tablet cannot
   * reach it at any address, and the officer is told how to start it for the hall's network.
   */
  reachable: boolean;
  /** What to open on this same machine, always (a test or a kiosk window on the officer's laptop). */
  local: string;
};

const LOOPBACK = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\]|::1)$/i;
const EVERYWHERE = new Set(["0.0.0.0", "::", "[::]"]);

/**
 * This machine's IPv4 addresses another device on the LAN could open: not loopback, not link-local
 * (169.254.x.x, no DHCP answer), private ranges first (192.168 before 10 before 172.16–31: home and
 * office routers usually hand out 192.168), at most `max`. Read from the interfaces at the call.
 */
export function lanAddresses(
  interfaces: ReturnType<typeof networkInterfaces> = networkInterfaces(),
  max = 3,
): string[] {
  const rank = (a: string) =>
    a.startsWith("192.168.") ? 0 : a.startsWith("10.") ? 1 : /^172\.(1[6-9]|2\d|3[01])\./.test(a) ? 2 : 3;
  const all = Object.values(interfaces)
    .flat()
    .flatMap((i) =>
      i && i.family === "IPv4" && !i.internal && !i.address.startsWith("169.254.") ? [i.address] : [],
    );
  return [...new Set(all)].sort((a, b) => rank(a) - rank(b)).slice(0, max);
}

/** The app's address on this machine: 127.0.0.1 unless the server listens on one address only. */
export function localUrl(listenHost: string, port: number): string {
  const host = EVERYWHERE.has(listenHost) || LOOPBACK.test(listenHost) ? "127.0.0.1" : listenHost;
  return `http://${host.includes(":") && !host.startsWith("[") ? `[${host}]` : host}:${port}`;
}

/**
 * The kiosk address from what is known: PUBLIC_URL when set (behind a proxy, the only right one);
 * else the host the officer's browser used when it is not loopback (the tablet is on the same
 * network as the officer's laptop, so it reaches the same name); else, when the server listens on
 * every interface or on one LAN address, those addresses with the port. `port` is the port the
 * server listens on (the request's, or the bound one at start).
 */
export function kioskAddress(input: {
  publicUrl?: string | undefined;
  /** HOST: where the server listens. */
  listenHost: string;
  port: number;
  /** The URL the officer's browser asked for, when there is a request. */
  requestUrl?: string | undefined;
  /** This machine's LAN IPv4 addresses (lanAddresses()). */
  lan: readonly string[];
}): KioskAddress {
  const kioskPath = paths.kiosk.home;
  const local = `${localUrl(input.listenHost, input.port)}${kioskPath}`;
  if (input.publicUrl) {
    return { urls: [new URL(kioskPath, input.publicUrl).toString()], reachable: true, local };
  }
  if (LOOPBACK.test(input.listenHost)) return { urls: [], reachable: false, local };
  const urls: string[] = [];
  if (input.requestUrl) {
    const asked = new URL(input.requestUrl);
    if (!LOOPBACK.test(asked.hostname)) urls.push(new URL(kioskPath, asked.origin).toString());
  }
  const hosts = EVERYWHERE.has(input.listenHost) ? input.lan : [input.listenHost];
  for (const host of hosts)
    urls.push(`http://${host.includes(":") ? `[${host}]` : host}:${input.port}${kioskPath}`);
  return { urls: [...new Set(urls)], reachable: urls.length > 0, local };
}

/** The QR code of a URL as an inline SVG (dark modules on white, with the quiet zone), for the console. */
export const qrSvg = (url: string): string =>
  renderSVG(url, { border: 2, whiteColor: "#fff", blackColor: "#000", pixelSize: 4 });

/** The QR code of a URL in block characters, for a terminal (two modules per character row). */
export const qrTerminal = (url: string): string => renderUnicodeCompact(url, { border: 2 });
