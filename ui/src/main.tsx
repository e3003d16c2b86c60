/**
 * @module
 * The browser app's entry: reads the optional API token (`#token=…` once, then the session),
 * creates the REST client and the router, and renders the shell (navigation + the page of
 * the current route). Pages load lazily-free: the bundle is one file.
 */
import { render } from "preact";
import { createApiClient } from "./api/client.ts";
import { AppContext, type AppServices, useServices } from "./state/context.ts";
import { createRouter } from "./state/router.ts";
import { Link } from "./components/Link.tsx";
import { RunsView } from "./views/RunsView.tsx";
import { RunDetailView } from "./views/RunDetailView.tsx";
import { CompareView } from "./views/CompareView.tsx";
import { NewRunView } from "./views/NewRunView.tsx";
import { DatasetsView } from "./views/DatasetsView.tsx";
import { SweepsView } from "./views/SweepsView.tsx";
import { SweepDetailView } from "./views/SweepDetailView.tsx";

function readToken(): string | undefined {
  const m = location.hash.match(/token=([^&]+)/);
  if (m) {
    sessionStorage.setItem("hewston-token", decodeURIComponent(m[1]));
    history.replaceState(null, "", location.pathname + location.search);
  }
  return sessionStorage.getItem("hewston-token") ?? undefined;
}

function Shell() {
  const { router } = useServices();
  const route = router.route.value;
  const nav = (href: string, label: string, current: boolean) => (
    <li>
      <Link
        href={href}
        onNavigate={(h) => router.navigate(h)}
        class={current ? "current" : undefined}
      >
        <span aria-current={current ? "page" : undefined}>{label}</span>
      </Link>
    </li>
  );
  return (
    <>
      <header class="top">
        <span class="brand">Hewston</span>
        <nav aria-label="Main">
          <ul>
            {nav("/ui/runs", "Runs", route.view === "runs" || route.view === "run")}
            {nav("/ui/new-run", "New run", route.view === "new-run")}
            {nav("/ui/datasets", "Datasets", route.view === "datasets")}
            {nav("/ui/sweeps", "Sweeps", route.view === "sweeps" || route.view === "sweep")}
            {route.view === "compare"
              ? nav(location.pathname + location.search, "Compare", true)
              : null}
          </ul>
        </nav>
        <span class="spacer" />
        <span class="dim tz" title="Times are shown in New York time; the API speaks UTC">
          Times: New York (ET)
        </span>
      </header>
      <main>
        {route.view === "runs" ? <RunsView /> : null}
        {route.view === "run" ? <RunDetailView key={route.id} runId={route.id} /> : null}
        {route.view === "compare" ? <CompareView key={route.ids.join()} ids={route.ids} /> : null}
        {route.view === "datasets" ? <DatasetsView previewId={route.id} /> : null}
        {route.view === "new-run"
          ? <NewRunView key={route.from ?? ""} fromRun={route.from} />
          : null}
        {route.view === "sweeps" ? <SweepsView /> : null}
        {route.view === "sweep"
          ? (
            <SweepDetailView
              key={route.id}
              sweepId={route.id}
              metric={route.metric}
              x={route.x}
              y={route.y}
            />
          )
          : null}
        {route.view === "missing"
          ? (
            <section class="page">
              <h1>Not found</h1>
              <p>
                No page at <code>{route.path}</code>.{" "}
                <Link href="/ui/runs" onNavigate={(h) => router.navigate(h)}>Back to runs</Link>
              </p>
            </section>
          )
          : null}
      </main>
    </>
  );
}

const services: AppServices = {
  api: createApiClient("", readToken()),
  router: createRouter(window),
};
render(
  <AppContext.Provider value={services}>
    <Shell />
  </AppContext.Provider>,
  document.getElementById("app")!,
);
