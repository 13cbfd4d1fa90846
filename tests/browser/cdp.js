// cdp.js BROWSER URL WIDTH EXPR [SCRIPT...]: opens URL in headless
// Chromium at WIDTH x 900 CSS pixels, driven over the DevTools protocol on
// a pipe (--remote-debugging-pipe: no port, no network, no npm package),
// waits for the load event, runs each SCRIPT file in the page (axe-core,
// for one; the page's Content-Security-Policy does not apply to the
// DevTools), then evaluates EXPR (awaited) and prints one JSON line:
// {"load_ms": time from navigation to the load event, "value": EXPR's}.
// Exits 1 on any error or after 60 s.
"use strict";
const { spawn } = require("child_process");
const fs = require("fs");
const os = require("os");
const path = require("path");

const [browser, url, width, expr, ...scripts] = process.argv.slice(2);
const prof = fs.mkdtempSync(path.join(os.tmpdir(), "cdp."));
const chrome = spawn(browser, [
	"--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
	"--disable-background-networking", "--disable-component-update", "--disable-sync",
	"--hide-scrollbars", "--remote-debugging-pipe", "--user-data-dir=" + prof,
	"about:blank",
], { stdio: ["ignore", "ignore", "ignore", "pipe", "pipe"] });
const toChrome = chrome.stdio[3], fromChrome = chrome.stdio[4];

let next = 0, buf = "";
const waiting = new Map(), listeners = [];
function send(method, params, sessionId) {
	const id = ++next;
	const msg = { id, method, params: params || {} };
	if (sessionId) msg.sessionId = sessionId;
	toChrome.write(JSON.stringify(msg) + "\0");
	return new Promise((ok, fail) => waiting.set(id, { ok, fail, method }));
}
fromChrome.on("data", (d) => {
	buf += d.toString("utf8");
	let i;
	while ((i = buf.indexOf("\0")) >= 0) {
		const msg = JSON.parse(buf.slice(0, i));
		buf = buf.slice(i + 1);
		if (msg.id && waiting.has(msg.id)) {
			const w = waiting.get(msg.id);
			waiting.delete(msg.id);
			if (msg.error) w.fail(new Error(w.method + ": " + msg.error.message));
			else w.ok(msg.result);
		} else if (msg.method) {
			listeners.slice().forEach((l) => l(msg));
		}
	}
});
function once(method) {
	return new Promise((ok) => {
		const l = (msg) => {
			if (msg.method !== method) return;
			listeners.splice(listeners.indexOf(l), 1);
			ok(msg);
		};
		listeners.push(l);
	});
}
let done = false;
function finish(code, line) {
	if (done) return;
	done = true;
	if (line) process[code ? "stderr" : "stdout"].write(line + "\n");
	// the profile is removed once Chromium has stopped writing to it
	const rm = () => {
		try { fs.rmSync(prof, { recursive: true, force: true }); } catch (e) { /* left in tmp */ }
		process.exit(code);
	};
	if (chrome.exitCode !== null || chrome.signalCode !== null) return rm();
	chrome.on("exit", rm);
	chrome.kill("SIGKILL");
}
setTimeout(() => finish(1, "cdp: timed out after 60 s"), 60000).unref();

async function evaluate(s, expression) {
	const r = await send("Runtime.evaluate",
		{ expression, awaitPromise: true, returnByValue: true }, s);
	if (r.exceptionDetails) {
		const e = r.exceptionDetails;
		throw new Error("in the page: " + (e.exception && e.exception.description || e.text));
	}
	return r.result.value;
}

(async () => {
	const { targetId } = await send("Target.createTarget", { url: "about:blank" });
	const { sessionId: s } = await send("Target.attachToTarget", { targetId, flatten: true });
	await send("Page.enable", {}, s);
	await send("Runtime.enable", {}, s);
	await send("Emulation.setDeviceMetricsOverride",
		{ width: Number(width), height: 900, deviceScaleFactor: 1, mobile: false }, s);
	const loaded = once("Page.loadEventFired");
	const t0 = process.hrtime.bigint();
	await send("Page.navigate", { url }, s);
	await loaded;
	const loadMs = Number(process.hrtime.bigint() - t0) / 1e6;
	for (const f of scripts)
		await evaluate(s, fs.readFileSync(f, "utf8"));
	const value = await evaluate(s, "(async () => (" + expr + "))()");
	finish(0, JSON.stringify({ load_ms: Math.round(loadMs), value }));
})().catch((e) => finish(1, "cdp: " + e.message));
