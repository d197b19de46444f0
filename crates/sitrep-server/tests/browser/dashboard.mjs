// Drives the dashboard in headless Chromium: loads it over a served store,
// filters by country, opens an incident and checks the highlighted evidence.
// Usage: node dashboard.mjs BASE_URL SCREENSHOT_DIR
import { chromium } from "playwright-core";
import fs from "node:fs";
import path from "node:path";

const base = process.argv[2];
const shots = process.argv[3] || "screenshots";
fs.mkdirSync(shots, { recursive: true });
const fail = (msg) => { console.error("dashboard test: " + msg); process.exitCode = 1; };

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
});
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
  const outside = [];
  page.on("request", (r) => { if (!r.url().startsWith(base)) outside.push(r.url()); });
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));

  await page.goto(base + "/");
  await page.waitForSelector("body[data-loaded=overview]");
  await page.waitForSelector("#incidents tbody tr");
  const rowsAll = await page.locator("#incidents tbody tr").count();
  const circles = await page.locator("#map circle").count();
  const land = await page.locator("#map path.land").count();
  if (land < 150) fail(`map has ${land} country outlines`);
  if (circles < 1) fail("no incident circles on the map");
  if ((await page.locator("#timeline rect").count()) < 1) fail("empty timeline");
  await page.screenshot({ path: path.join(shots, "1-overview.png"), fullPage: true });

  // filter by the country of the first placed circle
  const cc = await page.locator("#map circle").first().getAttribute("data-country");
  await page.evaluate(() => { delete document.body.dataset.loaded; });
  await page.fill("#f-country", cc);
  await page.click("#f-apply");
  await page.waitForSelector("body[data-loaded=overview]");
  const countries = await page.locator("#incidents tbody td.cc").allTextContents();
  if (!countries.length) fail(`no rows after filtering by ${cc}`);
  if (countries.some((c) => c !== cc)) fail(`rows of other countries after filtering by ${cc}: ${countries}`);
  if (countries.length > rowsAll) fail("the filter added rows");
  await page.screenshot({ path: path.join(shots, "2-filtered-" + cc + ".png"), fullPage: true });

  // open the first incident
  await page.locator("#incidents tbody tr").first().click();
  await page.waitForSelector("body[data-loaded=incident]");
  const marks = page.locator("#incident-page .report mark.ev");
  const n = await marks.count();
  if (n < 1) fail("no highlighted evidence on the incident page");
  const first = (await marks.first().textContent()) || "";
  if (!first.trim()) fail("an empty highlight");
  if ((await page.locator("#revisions tbody tr").count()) < 1) fail("no count history rows");
  await page.screenshot({ path: path.join(shots, "3-incident.png"), fullPage: true });

  if (outside.length) fail("requests left the server: " + outside.join(" "));
  if (errors.length) fail("page errors: " + errors.join(" | "));
  console.log(`dashboard test: ${rowsAll} incidents, ${circles} circles, filtered to ${countries.length} in ${cc}, ${n} highlights ("${first}"); screenshots in ${shots}`);
} finally {
  await browser.close();
}
