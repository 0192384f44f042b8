"""python-gitlab (a GitLab client nobody here wrote) against the sandbox, without keep_base_url.

Run by sandbox/tests/python_gitlab.rs with DEST_URL and SOURCE_URL set (it kills the script after 120 s).
python-gitlab's warnings are errors: a Link header pointing anywhere but where the client came from makes
it warn (and then fail to connect). Other packages' warnings stay warnings, so that a new release of an
unpinned dependency cannot fail the test.
Prints one line per step: "ok <step>: <detail>" or "FAIL <step>: <error>";
exits 1 when a step failed.
"""

import os
import sys
import traceback
import warnings

# Warnings raised in python-gitlab's package are errors. Its own warnings (gitlab.utils.warn) name the first
# frame outside the package, this script, so they are attributed to __main__: errors too.
warnings.filterwarnings("error", module="gitlab")
warnings.filterwarnings("error", module="__main__")
# gql 4 deprecates execute(variable_values=...), which python-gitlab's GraphQL.execute passes through.
warnings.filterwarnings("ignore", message="Using variable_values", category=DeprecationWarning)

import gitlab  # noqa: E402

DEST = os.environ["DEST_URL"]
SOURCE = os.environ["SOURCE_URL"]
OWNER = "sandbox-owner-token"
SOURCE_TOKEN = "sandbox-source-token"

gl = gitlab.Gitlab(DEST, private_token=OWNER, per_page=2)
src = gitlab.Gitlab(SOURCE, private_token=SOURCE_TOKEN, per_page=2)
failed = []


def step(name):
    def run(fn):
        try:
            print(f"ok {name}: {fn()}", flush=True)
        except Exception as e:  # noqa: BLE001 - every failure is reported, the others still run
            failed.append(name)
            print(f"FAIL {name}: {type(e).__name__}: {e}", flush=True)
            traceback.print_exc()
        return fn

    return run


@step("auth")
def _():
    gl.auth()
    assert gl.user.username == "olivia", gl.user.username
    return gl.user.web_url


@step("list get_all per_page=2")
def _():
    imports = gl.bulk_imports.list(get_all=True)
    total = gl.bulk_imports.list(iterator=True).total
    assert len(imports) == total > 2, (len(imports), total)
    assert len({i.id for i in imports}) == len(imports), "no page twice"
    groups = src.groups.list(get_all=True)
    assert len(groups) > 2 and len(groups) == src.groups.list(iterator=True).total
    entities = gl.bulk_import_entities.list(get_all=True)
    assert len(entities) > 2
    return f"{len(imports)} migrations, {len(entities)} entities, {len(groups)} source groups"


@step("groups.get")
def _():
    by_path = gl.groups.get("migrated")
    by_id = gl.groups.get(by_path.id)
    assert by_id.full_path == "migrated" and by_id.id == 100, by_id.id
    sub = gl.groups.get("migrated/archive", with_projects=False)
    assert sub.parent_id == by_path.id
    acme = src.groups.get("acme")
    projects = by_path.attributes["projects"]
    return f"{by_path.full_name} ({len(projects)} projects), {sub.full_name}, source {acme.web_url}"


@step("group projects with subgroups")
def _():
    group = src.groups.get("acme", lazy=True)
    projects = group.projects.list(include_subgroups=True, statistics=True, get_all=True)
    own = group.projects.list(get_all=True)
    assert len(projects) == 4 and len(own) == 1, (len(projects), len(own))
    for p in projects:
        assert p.statistics["repository_size"] > 0
        assert src.projects.get(p.id).path_with_namespace == p.path_with_namespace
    dest = gl.groups.get("migrated", lazy=True).projects.list(include_subgroups=True, get_all=True)
    assert dest, "migrated holds the seeded migrations' projects"
    for p in dest:
        assert gl.projects.get(p.id).id == p.id
    return f"{len(projects)} source projects, {len(dest)} destination projects, every id resolves"


@step("projects.get")
def _():
    api = src.projects.get("acme/platform/api", statistics=True)
    assert api.namespace["full_path"] == "acme/platform" and "statistics" in api.attributes
    dest = gl.groups.get("migrated", lazy=True).projects.list(get_all=False)[0]
    again = gl.projects.get(dest.path_with_namespace)
    assert again.id == dest.id
    every = gl.projects.list(get_all=True, order_by="path", sort="asc")
    assert dest.id in {p.id for p in every}
    assert [p.path for p in every] == sorted(p.path for p in every)
    return f"{api.path_with_namespace}, {again.web_url}, {len(every)} destination projects"


@step("users.list(search=)")
def _():
    found = gl.users.list(search="otto")
    names = [u.username for u in found]
    assert "otto" in names and "olivia" not in names, names
    return ", ".join(names)


@step("bulk_imports.create")
def _():
    created = gl.bulk_imports.create(
        {
            "configuration": {"url": SOURCE, "access_token": SOURCE_TOKEN},
            "entities": [
                {
                    "source_type": "group_entity",
                    "source_full_path": "tools",
                    "destination_namespace": "migrated",
                    "destination_slug": "tools-by-python",
                }
            ],
        }
    )
    assert created.status == "created", created.status
    entities = created.entities.list(get_all=True)
    assert entities[0].destination_slug == "tools-by-python"
    created.refresh()
    return f"migration {created.id}, entity {entities[0].id}"


@step("an entity's failures")
def _():
    with_failures = [e for e in gl.bulk_import_entities.list(get_all=True) if e.failures]
    assert with_failures, "the seed has entities with failures"
    entity = max(with_failures, key=lambda e: len(e.failures))
    path = f"/bulk_imports/{entity.bulk_import_id}/entities/{entity.id}/failures"
    failures = gl.http_list(path, get_all=True)
    assert len(failures) == len(entity.failures), (len(failures), len(entity.failures))
    assert all("exception_class" in f for f in failures)
    return f"{len(failures)} failures of {entity.source_full_path}, {len(failures) // 2 + 1} pages of 2"


QUERY = """
query sourceUsers($fullPath: ID!, $first: Int, $after: String) {
  namespace(fullPath: $fullPath) {
    __typename
    id
    importSourceUsers(first: $first, after: $after, statuses: [PENDING_REASSIGNMENT]) {
      pageInfo { hasNextPage endCursor }
      edges { cursor node { ...SourceUser } }
      nodes { ...SourceUser }
    }
  }
}

fragment SourceUser on ImportSourceUser {
  __typename
  id
  sourceUsername
  sourceName
  status
}
"""


@step("importSourceUsers through gitlab.GraphQL")
def _():
    with gitlab.GraphQL(DEST, token=OWNER) as gq:
        seen, after = [], None
        while True:
            data = gq.execute(QUERY, variable_values={"fullPath": "migrated", "first": 2, "after": after})
            connection = data["namespace"]["importSourceUsers"]
            seen += [edge["node"]["id"] for edge in connection["edges"]]
            if not connection["pageInfo"]["hasNextPage"]:
                break
            after = connection["pageInfo"]["endCursor"]
    assert seen, "migrated has pending source users"
    return f"{len(seen)} pending source users, paged 2 at a time"


sys.exit(1 if failed else 0)
