/**
 * The frontend dev server answers before the backend has finished starting;
 * wait for the backend's readiness endpoint too.
 */
export default async function globalSetup() {
  const url = 'http://localhost:7007/.backstage/health/v1/readiness';
  const deadline = Date.now() + 300_000;
  for (;;) {
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // backend not listening yet
    }
    if (Date.now() > deadline) {
      throw new Error(`backend never became ready at ${url}`);
    }
    await new Promise(resolve => setTimeout(resolve, 1000));
  }
}
