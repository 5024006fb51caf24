// cargo-leptos starts the server and the tests at once: wait until it answers.
export default async function waitForServer(): Promise<void> {
  const base = process.env.PAVILION_BASE_URL ?? "http://127.0.0.1:3100";
  const deadline = Date.now() + 120_000;
  let last = "";
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`${base}/healthz`);
      if (res.ok) return;
      last = `status ${res.status}`;
    } catch (err) {
      last = String(err);
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`server at ${base} did not become healthy: ${last}`);
}
