// The review console in Debian's headless chromium, driven by Playwright as
// a person would use it (tests/cli/console.sh starts the server and says
// where: CONSOLE_URL, VERIFIER_KEY, SCREENSHOTS, RESULT).
import { chromium } from "playwright-core";
import { readFileSync, mkdirSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const url = process.env.CONSOLE_URL;
const shots = process.env.SCREENSHOTS;
mkdirSync(shots, { recursive: true });

let failures = 0;
function check(ok, what, detail = "") {
  if (ok) console.log("ok: " + what);
  else {
    failures++;
    console.error("FAIL: " + what + (detail ? ": " + detail : ""));
  }
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update",
         "--disable-sync"],
});

async function newPage() {
  // The test CA is not the system's: accept the server's certificate.
  const context = await browser.newContext({
    ignoreHTTPSErrors: true, viewport: { width: 1280, height: 900 } });
  // Generous: under ASan on a busy 2-core machine an Argon2id login and a
  // page's audit entry take seconds.
  context.setDefaultTimeout(90000);
  const page = await context.newPage();
  page.on("pageerror", (e) => check(false, "no script error on the page", e.message));
  await page.goto(url);
  return { context, page };
}

async function login(page, user, password) {
  await page.getByLabel("User name").fill(user);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Log in" }).click();
}

async function axe(page, what) {
  await page.evaluate(axeSource);  // evaluated over CDP: the page's CSP stays on
  const result = await page.evaluate(() =>
    window.axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21aa"] } }));
  const v = result.violations.map((x) => x.id + " (" + x.nodes.length + ": " +
    x.nodes.slice(0, 2).map((n) => n.target.join(" ")).join(", ") + ")");
  check(v.length === 0, "axe-core finds no WCAG 2.1 AA violation on " + what, v.join("; "));
}

async function postFromPage(page, path, body, csrf) {
  return page.evaluate(async ([path, body, csrf]) => {
    const headers = { "Content-Type": "application/json" };
    if (csrf) headers["X-CSRF-Token"] = csrf;
    const r = await fetch(path, { method: "POST", headers, body: JSON.stringify(body) });
    return { status: r.status, body: await r.json() };
  }, [path, body, csrf]);
}

try {
  // ---- login, headers, lockout --------------------------------------------
  const { context: c0, page: p0 } = await newPage();
  const res = await p0.request.get(url);
  const csp = res.headers()["content-security-policy"] || "";
  check(csp.includes("script-src 'self'") && csp.includes("frame-ancestors 'none'"),
        "the console is served with a strict Content-Security-Policy", csp);
  await p0.screenshot({ path: shots + "/console-login.png" });
  await axe(p0, "the login page");
  for (let i = 1; i <= 2; i++) {
    await login(p0, "lou", "not-the-password-" + i);
    await p0.getByText("wrong user name or password").waitFor();
  }
  await login(p0, "lou", "not-the-password-3");
  await p0.getByText("too many failed logins").waitFor();
  check(true, "the third failed login locks the user");
  await login(p0, "lou", "lock-pass-phrase-4");
  await p0.getByText("this account is locked").waitFor();
  check(true, "a locked user cannot log in even with the right password");
  await c0.close();

  // ---- a reviewer: the queue, an item, a proposal ---------------------------
  const { context: c1, page: rita } = await newPage();
  await login(rita, "rita", "rev-pass-phrase-1");
  await rita.getByRole("heading", { name: "Review queue" }).waitFor();
  const cookies = await c1.cookies();
  const session = cookies.find((c) => c.name === "__Host-taxgate_session");
  check(session && session.httpOnly && session.secure && session.sameSite === "Strict",
        "the session cookie is HttpOnly, Secure and SameSite=Strict", JSON.stringify(session));
  const rows = rita.locator("#queue tbody tr");
  const total = await rows.count();
  check(total > 0, "the queue lists the items waiting (" + total + ")");
  await rita.screenshot({ path: shots + "/console-queue.png", fullPage: true });
  await axe(rita, "the queue");
  // Keyboard: the first row has focus; the arrow moves to the next.
  await rows.nth(0).focus();
  await rita.keyboard.press("ArrowDown");
  check(await rows.nth(1).evaluate((e) => e === document.activeElement),
        "↓ moves to the next item");
  // Filter to the matching reviews and open the first with Enter.
  const reasons = await rita.locator("#f-reason option").allTextContents();
  const matching = reasons.find((r) => r === "AMBIGUOUS" || r === "LOW_CONFIDENCE");
  check(!!matching, "the filter offers a matching reason code", reasons.join(","));
  await rita.getByLabel("Reason code").selectOption(matching);
  await rita.waitForFunction((m) =>
    [...document.querySelectorAll("#queue tbody tr")].every((tr) => tr.textContent.includes(m)), matching);
  check(true, "filtering by reason code leaves only that reason");
  await rita.locator("#queue tbody tr").first().focus();
  await rita.keyboard.press("Enter");
  await rita.getByRole("heading", { name: /^Request / }).waitFor();
  const itemHash = await rita.evaluate(() => location.hash);
  const [, , batch, position] = itemHash.split("/");
  const side = await rita.locator(".side").textContent();
  check(!side.includes("[object") && side.includes("Candidate ") && side.includes("→ "),
        "the item shows request and candidates side by side, raw and normalized", side.slice(0, 200));
  check(await rita.locator(".side [role=cell]").count() >= 20, "field by field");
  check(await rita.locator("svg.waterfall").count() >= 1, "each candidate has its weight waterfall");
  const bars = await rita.locator("svg.waterfall").first().locator("rect").count();
  check(bars >= 5, "the waterfall has the prior, the fields and the final bar (" + bars + ")");
  check(await rita.getByText(/26 U\.S\.C\. 6103/).count() >= 1, "the reason's citation is shown");
  await rita.screenshot({ path: shots + "/console-item.png", fullPage: true });
  await axe(rita, "an item");
  // A decision needs a justification.
  await rita.getByRole("button", { name: "Propose disclosure" }).click();
  await rita.locator("#result").getByText(/write a justification/).waitFor();
  check(true, "a decision without a written justification is refused");
  await rita.getByLabel("Written justification (required)").fill(
      "Name and date of birth agree; the address is a later move.");
  await rita.getByRole("button", { name: "Propose disclosure" }).click();
  await rita.locator("#result").getByText(/Disclosure proposed/).waitFor();
  check(true, "the reviewer's disclosure is only proposed (two-person rule)");
  // The proposer cannot confirm, even by calling the API directly.
  const me = await rita.evaluate(async () => (await fetch("/api/me")).json());
  const record = await rita.locator("#record").inputValue();
  const again = await postFromPage(rita, "/api/decide", { batch, position: Number(position),
    action: "disclose", record_id: record, reason: "identity_confirmed",
    justification: "confirming my own proposal" }, me.csrf);
  check(again.status === 403, "the proposer cannot confirm their own proposal (" + again.status + ")",
        JSON.stringify(again.body));
  const noCsrf = await postFromPage(rita, "/api/decide", { batch, position: Number(position),
    action: "reject", reason: "other", justification: "no token sent with this" }, null);
  check(noCsrf.status === 403, "a POST without the CSRF token is refused (" + noCsrf.status + ")");
  const forbidden = await rita.evaluate(async () => (await fetch("/api/supervisor")).status);
  check(forbidden === 403, "a reviewer does not see the supervisor's view");
  await c1.close();

  // ---- a supervisor confirms -------------------------------------------------
  const { context: c2, page: sam } = await newPage();
  await login(sam, "sam", "sup-pass-phrase-2");
  await sam.getByRole("heading", { name: "Review queue" }).waitFor();
  check(await sam.getByText("proposed by rita").count() >= 1, "the queue shows the open proposal");
  await sam.goto(url + "/" + itemHash);
  await sam.getByText(/Proposed by rita/).waitFor();
  await sam.getByLabel("Written justification (required)").fill(
      "Checked the evidence again: same person, confirmed.");
  await sam.getByRole("button", { name: "Confirm the proposed disclosure" }).click();
  await sam.locator("#result").getByText(/^Decided;/).waitFor();
  const confirmLeaf = Number(await sam.locator("#result").getAttribute("data-review-leaf"));
  check(confirmLeaf > 0, "the confirmation is an audit entry (" + confirmLeaf + ")");
  await sam.screenshot({ path: shots + "/console-decided.png", fullPage: true });
  await sam.getByRole("link", { name: "Supervisor" }).click();
  await sam.getByRole("heading", { name: "Supervisor" }).waitFor();
  const ritaRow = sam.locator("#reviewers tr", { hasText: "rita" });
  check((await ritaRow.textContent()).includes("100%"), "the supervisor sees rita's agreement rate");
  check(await sam.locator("#recent tr", { hasText: "propose_disclose" }).count() >= 1,
        "and who decided what");
  await sam.screenshot({ path: shots + "/console-supervisor.png", fullPage: true });
  await axe(sam, "the supervisor's view");
  // The item is settled: it left the queue, and cannot be decided twice.
  const twice = await sam.evaluate(async ([b, p]) =>
    (await fetch("/api/item?batch=" + b + "&position=" + p)).status, [batch, position]);
  check(twice === 409, "a settled item is no longer in review (" + twice + ")");
  await c2.close();

  // ---- an auditor checks the entry's inclusion proof in the browser -------------
  const { context: c3, page: audra } = await newPage();
  await login(audra, "audra", "aud-pass-phrase-3");
  await audra.getByRole("heading", { name: "Audit log" }).waitFor();
  const queueStatus = await audra.evaluate(async () => (await fetch("/api/queue")).status);
  check(queueStatus === 403, "an auditor sees no queue and no taxpayer data");
  await audra.getByLabel("The log's verifier key").fill("taxgate+deadbeef+AWJhZGtleWJhZGtleWJhZGtleWJhZGtleWJhZGtleWJh");
  await audra.getByLabel("Entry (leaf index)").fill(String(confirmLeaf));
  await audra.getByRole("button", { name: /Check inclusion/ }).click();
  await audra.locator("#inclusion-verdict").waitFor();
  check(!(await audra.locator("#inclusion-verdict").textContent()).startsWith("Verified"),
        "a wrong verifier key is not accepted");
  await audra.getByLabel("The log's verifier key").fill(process.env.VERIFIER_KEY);
  await audra.getByRole("button", { name: /Check inclusion/ }).click();
  const verdict = audra.locator("#inclusion-verdict");
  await verdict.waitFor();
  const text = await verdict.textContent();
  check(text.startsWith("Verified in this browser: entry " + confirmLeaf),
        "the confirmation's inclusion proof verifies in the browser", text);
  const options = await audra.locator("#from option").count();
  if (options > 1) {
    await audra.getByLabel("Earlier checkpoint").selectOption({ index: 0 });
    await audra.getByRole("button", { name: "Check consistency" }).click();
    await audra.getByText(/^Verified in this browser: the log of size/).waitFor();
    check(true, "two checkpoints' consistency verifies in the browser");
  }
  await audra.getByLabel("Entry (leaf index)").fill(String(confirmLeaf));
  await audra.getByRole("button", { name: /Check inclusion/ }).click();
  await audra.getByText(/^Verified in this browser: entry/).waitFor();
  await audra.screenshot({ path: shots + "/console-audit.png", fullPage: true });
  await axe(audra, "the audit view");
  await audra.getByRole("button", { name: "Log out" }).click();
  await audra.getByRole("heading", { name: "Log in" }).waitFor();
  const after = await audra.evaluate(async () => (await fetch("/api/me")).status);
  check(after === 401, "after logging out the session is gone");
  await c3.close();

  writeFileSync(process.env.RESULT, JSON.stringify({ confirm_leaf: confirmLeaf }));
} catch (e) {
  check(false, "the walk through the console", e.stack || String(e));
} finally {
  await browser.close();
}
if (failures > 0) {
  console.error(failures + " browser check(s) failed");
  process.exit(1);
}
console.log("all browser checks passed");
