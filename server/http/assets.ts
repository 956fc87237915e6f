import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { paths } from "./paths.ts";

/**
 * Static files, resolved from this module rather than the working directory so the server starts
 * from any folder. htmx and the Be Vietnam Pro font come from node_modules (no CDN: polling points
 * may have a poor connection, and the CSP allows only this origin).
 */
const require = createRequire(import.meta.url);
const fromViews = (file: string) => fileURLToPath(new URL(`../../views/assets/${file}`, import.meta.url));
const fromKiosk = (file: string) => fileURLToPath(new URL(`../../kiosk/assets/${file}`, import.meta.url));
const fromPackage = (spec: string) => require.resolve(spec);

type Asset = { file: string; type: string };

const ASSETS: Record<string, Asset> = {
  [paths.assets.htmx]: {
    file: fromPackage("htmx.org/dist/htmx.min.js"),
    type: "text/javascript; charset=utf-8",
  },
  [paths.assets.css]: { file: fromViews("app.css"), type: "text/css; charset=utf-8" },
  [paths.assets.icon]: { file: fromViews("icon.svg"), type: "image/svg+xml" },
  [paths.assets.consoleJs]: { file: fromViews("console.js"), type: "text/javascript; charset=utf-8" },
  [paths.assets.consoleCss]: { file: fromViews("console.css"), type: "text/css; charset=utf-8" },
  [paths.assets.kioskCss]: { file: fromKiosk("kiosk.css"), type: "text/css; charset=utf-8" },
  [paths.assets.kioskJs]: { file: fromKiosk("kiosk.js"), type: "text/javascript; charset=utf-8" },
  [paths.assets.speechJs]: { file: fromKiosk("speech.js"), type: "text/javascript; charset=utf-8" },
  [paths.assets.fontRegular]: {
    file: fromPackage("@expo-google-fonts/be-vietnam-pro/400Regular/BeVietnamPro_400Regular.ttf"),
    type: "font/ttf",
  },
  [paths.assets.fontSemiBold]: {
    file: fromPackage("@expo-google-fonts/be-vietnam-pro/600SemiBold/BeVietnamPro_600SemiBold.ttf"),
    type: "font/ttf",
  },
  [paths.assets.fontBold]: {
    file: fromPackage("@expo-google-fonts/be-vietnam-pro/700Bold/BeVietnamPro_700Bold.ttf"),
    type: "font/ttf",
  },
};

export type LoadedAsset = { body: Uint8Array; type: string; etag: string };

/** Reads every asset once; a missing file stops start-up instead of failing a resident's kiosk later. */
export function loadAssets(): Map<string, LoadedAsset> {
  const loaded = new Map<string, LoadedAsset>();
  for (const [path, asset] of Object.entries(ASSETS)) {
    const body = new Uint8Array(readFileSync(asset.file));
    const hasher = new Bun.CryptoHasher("sha1");
    hasher.update(body);
    loaded.set(path, { body, type: asset.type, etag: `"${hasher.digest("hex").slice(0, 16)}"` });
  }
  return loaded;
}
