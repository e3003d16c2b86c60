/**
 * @module
 * The Sweeps page (container): the launch form over the strategy's parameters with the member
 * count before launch, and the live list of sweeps (the API's and the CLI's alike). Launching
 * opens the sweep's page.
 */
import { useEffect, useMemo } from "preact/hooks";
import { useSignal } from "@preact/signals";
import { watchCatalogEvents } from "../api/catalog_events.ts";
import { ListPage } from "../components/ListPage.tsx";
import { SweepLaunchForm } from "../components/SweepLaunchForm.tsx";
import { SweepsTable } from "../components/SweepsTable.tsx";
import { useServices } from "../state/context.ts";
import {
  chooseStrategy,
  createSweepsState,
  editAxis,
  HEATMAP_METRICS,
  launchSweep,
  loadLaunchOptions,
  loadSweeps,
  previewSweep,
  watchSweeps,
} from "../state/create_sweeps_state.ts";
import { sweepPath } from "../state/router.ts";

/** The Sweeps page. */
export function SweepsView() {
  const { api, router } = useServices();
  const s = useMemo(() => createSweepsState(), []);
  const confirmDelete = useSignal<string | null>(null);

  useEffect(() => {
    void loadLaunchOptions(s, api).catch((e) => (s.error.value = (e as Error).message));
    return watchSweeps(s, api, (h) => watchCatalogEvents(api, h));
  }, []);

  // The exact member count comes from the server once the form rests for a moment.
  useEffect(() => {
    const t = setTimeout(() => void previewSweep(s, api), 200);
    return () => clearTimeout(t);
  }, [s.axes.value, s.strategyId.value, s.datasetId.value, s.feesBps.value]);

  return (
    <ListPage
      title="Sweeps"
      total={s.total.value}
      noun="sweep"
      error={s.error.value}
      confirmDelete={confirmDelete.value}
      onConfirmDelete={async (id) => {
        confirmDelete.value = null;
        await api.deleteSweep(id).catch((e) => (s.error.value = (e as Error).message));
        await loadSweeps(s, api);
      }}
      onKeep={() => (confirmDelete.value = null)}
      tools={
        <>
          {s.datasets.value.length === 0 && s.strategies.value.length > 0
            ? <p class="dim">No READY dataset yet: build one first.</p>
            : null}
          <SweepLaunchForm
            datasets={s.datasets}
            strategies={s.strategies}
            datasetId={s.datasetId}
            strategyId={s.strategyId}
            axes={s.axes}
            feesBps={s.feesBps}
            metric={s.metric}
            metrics={HEATMAP_METRICS}
            count={s.count}
            preview={s.preview}
            fieldErrors={s.fieldErrors}
            canLaunch={s.canLaunch}
            submitting={s.submitting}
            onDataset={(id) => (s.datasetId.value = id)}
            onStrategy={(id) => chooseStrategy(s, id)}
            onAxis={(name, patch) => editAxis(s, name, patch)}
            onFees={(v) => (s.feesBps.value = v)}
            onMetric={(v) => (s.metric.value = v)}
            onLaunch={async () => {
              const id = await launchSweep(s, api);
              if (id) router.navigate(sweepPath(id));
            }}
          />
        </>
      }
    >
      <SweepsTable
        items={s.items}
        sweepHref={(id) => sweepPath(id)}
        onNavigate={(href) => router.navigate(href)}
        onCancel={async (id) => {
          await api.cancelSweep(id).catch((e) => (s.error.value = (e as Error).message));
          await loadSweeps(s, api);
        }}
        onDelete={(id) => (confirmDelete.value = id)}
      />
    </ListPage>
  );
}
