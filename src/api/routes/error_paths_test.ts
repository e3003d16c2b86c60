/**
 * Over real HTTP: a refused run or preset names the field at fault by its path from the
 * request's root, so a form can put the API's message beside that field.
 */
import assert from "node:assert/strict";
import { errorResponse } from "../schemas.ts";
import { serve, testApp } from "../testing/test_app.ts";

const BASE = { dataset_id: "TEST-x", strategy_id: "sma_crossover" };

Deno.test("a refused run names the field at fault by its path from the body's root", async (t) => {
  const app = await testApp();
  const srv = serve(app.deps);
  try {
    const post = async (path: string, body: unknown) => {
      const res = await fetch(srv.url + path, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      });
      assert.equal(res.status, 422);
      const parsed = errorResponse.parse(await res.json());
      return parsed.error;
    };
    const cases: [string, Record<string, unknown>, string, RegExp][] = [
      ["a strategy parameter", { params: { fast: -3 } }, "body.params.fast", /integer ≥ 1/],
      ["a parameter's type", { params: { fast: 6.5 } }, "body.params.fast", /integer/],
      [
        "a rule across parameters (their parent)",
        { params: { fast: 60, slow: 50 } },
        "body.params",
        /fast \(60\) must be less than slow \(50\)/,
      ],
      [
        "a risk parameter under risk.params",
        { risk: { model: "volatility_target", params: { target_vol: -1 } } },
        "body.risk.params.target_vol",
        /\(0, 10\]/,
      ],
      [
        "a risk parameter beside the model",
        { risk: { model: "kelly_fraction", lookback: 1 } },
        "body.risk.lookback",
        /integer in \[2, 1000000\] \(got 1\)/,
      ],
      ["an unknown risk model", { risk: { model: "yolo" } }, "body.risk", /not one of/],
      [
        "a validation test's field",
        { validation: { permutation: { trials: 0 } } },
        "body.validation.permutation.trials",
        />=1/,
      ],
      [
        "a walk-forward field",
        { validation: { walk_forward: { folds: 0 } } },
        "body.validation.walk_forward.folds",
        />=1/,
      ],
      ["a cost", { execution: { fees_bps: -1 } }, "body.execution.fees_bps", />=0/],
      ["the seed", { seed: -1 }, "body.seed", />=0/],
    ];
    for (const [what, extra, path, message] of cases) {
      await t.step(`POST /backtests: ${what} → ${path}`, async () => {
        const error = await post("/backtests", { ...BASE, ...extra });
        assert.equal(error.code, "VALIDATION_ERROR");
        const issue = error.details?.issues?.[0];
        assert.equal(issue?.path, path, JSON.stringify(error));
        assert.match(issue!.message, message);
        // The one-line message still says it all on its own.
        assert.match(error.message, message);
      });
    }
    await t.step("POST /presets names the field under body.config", async () => {
      const error = await post("/presets", {
        name: "bad",
        config: { ...BASE, params: { fast: 0 } },
      });
      assert.equal(error.details?.issues?.[0].path, "body.config.params.fast");
      assert.match(error.message, /^body\.config: /);
    });
  } finally {
    await srv.shutdown();
    app.close();
  }
});
