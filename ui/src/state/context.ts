/**
 * @module
 * What the root provides to every container: the REST client and the router.
 */
import { createContext } from "preact";
import { useContext } from "preact/hooks";
import type { ApiClient } from "../api/client.ts";
import type { Router } from "./router.ts";

/** The app's shared services. */
export interface AppServices {
  api: ApiClient;
  router: Router;
}

/** Context carrying {@link AppServices}. */
export const AppContext = createContext<AppServices | null>(null);

/** The app's services (inside the root provider). */
export function useServices(): AppServices {
  const s = useContext(AppContext);
  if (!s) throw new Error("useServices() outside <AppContext.Provider>");
  return s;
}
