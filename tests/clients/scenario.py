"""The client scenario in Python (run by scripts/client-scenario with the package that
openapi-python-client generated from openapi/openapi.json on PYTHONPATH, against the server in
KINERJA_URL). Every request goes through a generated operation module's sync_detailed(), with the
generated models as bodies and answers."""

import os
import sys
from http import HTTPStatus
from uuid import UUID

from kinerja_client import AuthenticatedClient, Client
from kinerja_client.api.auth import issue_token
from kinerja_client.api.employees import list_employees
from kinerja_client.api.plans import add_plan_result, create_plan, submit_plan
from kinerja_client.api.units import create_unit, update_unit
from kinerja_client.models import (
    Aspect,
    Code,
    CreatePlan,
    CreateResult,
    CreateUnit,
    Direction,
    NewIndicator,
    PageEmployee,
    Plan,
    PlanStatus,
    Problem,
    ResultKind,
    TargetInput,
    TokenRequest,
    TokenResponse,
    UnitKind,
    UpdateUnit,
    WorkResult,
)
from kinerja_client.types import UNSET, Response


class StepFailed(Exception):
    pass


step = "setup"


def ok(line: str) -> None:
    print(f"python: {step} ok: {line}", flush=True)


def check(condition: bool, message: str) -> None:
    if not condition:
        raise StepFailed(message)


def env(name: str) -> str:
    value = os.environ.get(name)
    if not value:
        raise StepFailed(f"{name} is not set")
    return value


def describe(response: Response) -> str:
    parsed = response.parsed
    if isinstance(parsed, Problem):
        return f"{int(response.status_code)} {parsed.code.value}: {parsed.detail}"
    return f"{int(response.status_code)} {response.content[:200]!r}"


BASE_URL = env("KINERJA_URL").rstrip("/")


def login(username: str, password: str) -> AuthenticatedClient:
    # The generated module sends TokenRequest form-encoded, as the document says.
    response = issue_token.sync_detailed(
        client=Client(base_url=BASE_URL),
        body=TokenRequest(grant_type="password", username=username, password=password),
    )
    token = response.parsed
    check(isinstance(token, TokenResponse), f"token request for {username}: {describe(response)}")
    assert isinstance(token, TokenResponse)
    check(token.token_type.lower() == "bearer", f"token_type is {token.token_type}, not Bearer")
    ok(f'logged in as {username} ({token.token_type}, expires in {token.expires_in}s, scope "{token.scope}")')
    return AuthenticatedClient(base_url=BASE_URL, token=token.access_token)


def main() -> None:
    global step
    unit_id = UUID(env("KINERJA_UNIT_ID"))

    step = "1 admin login"
    admin = login(env("KINERJA_ADMIN_USERNAME"), env("KINERJA_ADMIN_PASSWORD"))

    step = "2 employees by cursor"
    seen: set[UUID] = set()
    count = pages = 0
    cursor: str | None = None
    while True:
        response = list_employees.sync_detailed(
            client=admin, limit=2, cursor=UNSET if cursor is None else cursor
        )
        page = response.parsed
        check(isinstance(page, PageEmployee), f"page {pages + 1}: {describe(response)}")
        assert isinstance(page, PageEmployee)
        check(len(page.items) <= 2, f"page {pages + 1} has {len(page.items)} items with limit=2")
        count += len(page.items)
        seen.update(employee.id for employee in page.items)
        pages += 1
        check(pages <= 1000, "more than 1000 pages: the cursor does not advance")
        # next_cursor is None | str | Unset: null on the last page (Unset if it were left out).
        cursor = page.next_cursor if isinstance(page.next_cursor, str) else None
        if cursor is None:
            break
    check(count == len(seen), f"{count} employees listed but {len(seen)} distinct ids")
    check(len(seen) >= 4, f"only {len(seen)} employees listed, expected at least 4")
    ok(f"{len(seen)} distinct employees on {pages} pages")

    step = "3 stale If-Match"
    response = update_unit.sync_detailed(
        unit_id, client=admin, body=UpdateUnit(name="Renamed"), if_match='"999"'
    )
    problem = response.parsed
    check(response.status_code == HTTPStatus.PRECONDITION_FAILED, f"expected 412, got {describe(response)}")
    check(isinstance(problem, Problem), f"412 whose body is not a Problem: {type(problem).__name__}")
    assert isinstance(problem, Problem)
    check(problem.code == Code.STALE_VERSION, f"412 with code {problem.code.value}, expected stale_version")
    ok(f"412 {problem.code.value}")

    step = "4 invalid unit kind"

    # The generated UnitKind enum refuses "castle" (as it should), and CreateUnit.to_dict() reads
    # kind.value: the only way to send the invalid body through create_unit is a model whose
    # to_dict() puts the bad value in.
    class CastleUnit(CreateUnit):
        def to_dict(self) -> dict:
            body = super().to_dict()
            body["kind"] = "castle"
            return body

    response = create_unit.sync_detailed(
        client=admin, body=CastleUnit(code="X-1", name="x", kind=UnitKind.OTHER)
    )
    problem = response.parsed
    check(response.status_code == HTTPStatus.UNPROCESSABLE_ENTITY, f"expected 422, got {describe(response)}")
    check(isinstance(problem, Problem), f"422 whose body is not a Problem: {type(problem).__name__}")
    assert isinstance(problem, Problem)
    errors = problem.errors if isinstance(problem.errors, list) else []
    pointers = [error.pointer for error in errors]
    check("/kind" in pointers, f"422 {problem.code.value} whose errors point at {pointers}, not /kind")
    ok(f"422 {problem.code.value} with an error at /kind")

    step = "5 staff plan"
    staff = login(env("KINERJA_STAFF_USERNAME"), env("KINERJA_STAFF_PASSWORD"))
    response = create_plan.sync_detailed(
        client=staff,
        body=CreatePlan(
            employee_id=UUID(env("KINERJA_STAFF_EMPLOYEE_ID")), period_id=UUID(env("KINERJA_PERIOD_ID"))
        ),
    )
    plan = response.parsed
    check(
        response.status_code == HTTPStatus.CREATED and isinstance(plan, Plan),
        f"create plan: expected 201, got {describe(response)}",
    )
    assert isinstance(plan, Plan)
    check(plan.status == PlanStatus.DRAFT, f"the new plan is {plan.status.value}, not draft")
    ok(f"201 plan {plan.id} ({plan.status.value}, {plan.regime.value})")

    response = add_plan_result.sync_detailed(
        plan.id,
        client=staff,
        body=CreateResult(
            kind=ResultKind.MAIN,
            title="Penyaluran BPNT",
            weight=100,
            indicators=[
                NewIndicator(
                    aspect=Aspect.KUANTITAS,
                    description="KPM menerima BPNT",
                    target=TargetInput(value=8220),
                    unit="KPM",
                    direction=Direction.HIGHER_IS_BETTER,
                )
            ],
        ),
    )
    result = response.parsed
    check(
        response.status_code == HTTPStatus.CREATED and isinstance(result, WorkResult),
        f"add result: expected 201, got {describe(response)}",
    )
    assert isinstance(result, WorkResult)
    ok(f'201 result {result.id} "{result.title}"')

    response = submit_plan.sync_detailed(plan.id, client=staff)
    submitted = response.parsed
    check(
        response.status_code == HTTPStatus.OK and isinstance(submitted, Plan),
        f"submit: expected 200, got {describe(response)}",
    )
    assert isinstance(submitted, Plan)
    check(
        submitted.status == PlanStatus.SUBMITTED,
        f"the submitted plan is {submitted.status.value}, not submitted",
    )
    ok(f"200 plan {submitted.status.value}")


if __name__ == "__main__":
    try:
        main()
    except StepFailed as failure:
        print(f"python: step {step} FAILED: {failure}", file=sys.stderr)
        sys.exit(1)
    except Exception as failure:  # noqa: BLE001 (a generated model that cannot read an answer, say)
        import traceback

        traceback.print_exc()
        print(f"python: step {step} FAILED: {type(failure).__name__}: {failure}", file=sys.stderr)
        sys.exit(1)
    print("python: every step passed")
