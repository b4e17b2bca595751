// The client scenario in TypeScript (run by scripts/client-scenario, which generates ./schema.d.ts
// from openapi/openapi.json with openapi-typescript, compiles this file with tsc --strict and
// runs it with node against the server in KINERJA_URL). Every request goes through openapi-fetch's
// createClient<paths>, so paths, parameters, bodies and answers are the document's types.
import createClient from "openapi-fetch";
import type { components, paths } from "./schema";

// Node's globals, without @types/node (not among the pinned packages).
declare const process: {
  env: Record<string, string | undefined>;
  exit(code: number): never;
};

type Schemas = components["schemas"];
type Problem = Schemas["Problem"];
type Client = ReturnType<typeof createClient<paths>>;

class StepFailed extends Error {}

function env(name: string): string {
  const value = process.env[name];
  if (!value) throw new StepFailed(`${name} is not set`);
  return value;
}

let step = "setup";
function ok(line: string): void {
  console.log(`typescript: ${step} ok: ${line}`);
}
function check(condition: boolean, message: string): asserts condition {
  if (!condition) throw new StepFailed(message);
}
function describe(status: number, problem: Problem | undefined): string {
  return problem ? `${status} ${problem.code}: ${problem.detail}` : `${status} (no problem document)`;
}

const baseUrl = env("KINERJA_URL").replace(/\/+$/, "");

async function login(username: string, password: string): Promise<Client> {
  const { data, error, response } = await createClient<paths>({ baseUrl }).POST("/api/v1/auth/token", {
    body: { grant_type: "password", username, password },
    // openapi-fetch serializes a form only when told the content type (it does not read it from the
    // document, which names only application/x-www-form-urlencoded).
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
  });
  const problem: Problem | undefined = error;
  check(data !== undefined, `token request for ${username}: ${describe(response.status, problem)}`);
  const token: Schemas["TokenResponse"] = data;
  check(token.token_type.toLowerCase() === "bearer", `token_type is ${token.token_type}, not Bearer`);
  ok(`logged in as ${username} (${token.token_type}, expires in ${token.expires_in}s, scope "${token.scope}")`);
  return createClient<paths>({ baseUrl, headers: { Authorization: `Bearer ${token.access_token}` } });
}

async function main(): Promise<void> {
  const unitId = env("KINERJA_UNIT_ID");

  step = "1 admin login";
  const admin = await login(env("KINERJA_ADMIN_USERNAME"), env("KINERJA_ADMIN_PASSWORD"));

  step = "2 employees by cursor";
  const seen = new Set<string>();
  let count = 0;
  let pages = 0;
  let cursor: string | undefined;
  do {
    const { data, error, response } = await admin.GET("/api/v1/employees", {
      params: { query: { limit: 2, cursor } },
    });
    check(data !== undefined, `page ${pages + 1}: ${describe(response.status, error)}`);
    const page: Schemas["Page_Employee"] = data;
    check(page.items.length <= 2, `page ${pages + 1} has ${page.items.length} items with limit=2`);
    for (const employee of page.items) {
      count += 1;
      seen.add(employee.id);
    }
    pages += 1;
    check(pages <= 1000, "more than 1000 pages: the cursor does not advance");
    cursor = page.next_cursor ?? undefined;
  } while (cursor !== undefined);
  check(count === seen.size, `${count} employees listed but ${seen.size} distinct ids`);
  check(seen.size >= 4, `only ${seen.size} employees listed, expected at least 4`);
  ok(`${seen.size} distinct employees on ${pages} pages`);

  step = "3 stale If-Match";
  {
    const { data, error, response } = await admin.PATCH("/api/v1/units/{id}", {
      params: { path: { id: unitId }, header: { "If-Match": '"999"' } },
      body: { name: "Renamed" },
      headers: { "Content-Type": "application/merge-patch+json" },
    });
    const problem: Problem | undefined = error; // the error is typed as the Problem schema
    check(data === undefined && response.status === 412, `expected 412, got ${describe(response.status, problem)}`);
    check(problem !== undefined, "412 without a problem document");
    check(problem.code === "stale_version", `412 with code ${problem.code}, expected stale_version`);
    ok(`412 ${problem.code}`);
  }

  step = "4 invalid unit kind";
  {
    // The generated UnitKind union refuses "castle" (as it should), so the invalid body needs a cast.
    const kind = "castle" as string as Schemas["UnitKind"];
    const { data, error, response } = await admin.POST("/api/v1/units", {
      body: { code: "X-1", name: "x", kind },
    });
    const problem: Problem | undefined = error;
    check(data === undefined && response.status === 422, `expected 422, got ${describe(response.status, problem)}`);
    check(problem !== undefined, "422 without a problem document");
    const fieldErrors: Schemas["FieldError"][] = problem.errors ?? [];
    const pointers = fieldErrors.map((e) => e.pointer);
    check(pointers.includes("/kind"), `422 ${problem.code} whose errors point at ${JSON.stringify(pointers)}, not /kind`);
    ok(`422 ${problem.code} with an error at /kind`);
  }

  step = "5 staff plan";
  const staff = await login(env("KINERJA_STAFF_USERNAME"), env("KINERJA_STAFF_PASSWORD"));
  let planId: string;
  {
    const { data, error, response } = await staff.POST("/api/v1/plans", {
      body: { employee_id: env("KINERJA_STAFF_EMPLOYEE_ID"), period_id: env("KINERJA_PERIOD_ID") },
    });
    check(data !== undefined && response.status === 201, `create plan: expected 201, got ${describe(response.status, error)}`);
    const plan: Schemas["Plan"] = data;
    check(plan.status === "draft", `the new plan is ${plan.status}, not draft`);
    planId = plan.id;
    ok(`201 plan ${planId} (${plan.status}, ${plan.regime})`);
  }
  {
    const result: Schemas["CreateResult"] = {
      kind: "main",
      title: "Penyaluran BPNT",
      weight: 100,
      indicators: [
        {
          aspect: "kuantitas",
          description: "KPM menerima BPNT",
          target: { value: 8220 },
          unit: "KPM",
          direction: "higher_is_better",
        },
      ],
    };
    const { data, error, response } = await staff.POST("/api/v1/plans/{id}/results", {
      params: { path: { id: planId } },
      body: result,
    });
    check(data !== undefined && response.status === 201, `add result: expected 201, got ${describe(response.status, error)}`);
    const added: Schemas["WorkResult"] = data;
    ok(`201 result ${added.id} "${added.title}"`);
  }
  {
    const { data, error, response } = await staff.POST("/api/v1/plans/{id}/submit", {
      params: { path: { id: planId } },
    });
    check(data !== undefined && response.status === 200, `submit: expected 200, got ${describe(response.status, error)}`);
    const plan: Schemas["Plan"] = data;
    check(plan.status === "submitted", `the submitted plan is ${plan.status}, not submitted`);
    ok(`200 plan ${plan.status}`);
  }
}

// Not run: proves the types are real (an unknown path, a wrong enum value and a missing body
// field are refused at compile time).
export async function refused(client: Client): Promise<void> {
  // @ts-expect-error no such path
  await client.GET("/api/v1/no-such-path");
  // @ts-expect-error "castle" is not a UnitKind
  await client.POST("/api/v1/units", { body: { code: "X-1", name: "x", kind: "castle" } });
  // @ts-expect-error period_id is required
  await client.POST("/api/v1/plans", { body: { employee_id: "x" } });
}

main().then(
  () => console.log("typescript: every step passed"),
  (err: unknown) => {
    // A StepFailed says what was wrong; anything else (the server unreachable, an answer that is
    // not JSON) shows its stack and cause.
    const cause = err instanceof Error && err.cause !== undefined ? ` (cause: ${String(err.cause)})` : "";
    const message =
      err instanceof StepFailed ? err.message : err instanceof Error ? `${err.stack ?? err.message}${cause}` : String(err);
    console.error(`typescript: step ${step} FAILED: ${message}`);
    process.exit(1);
  },
);
