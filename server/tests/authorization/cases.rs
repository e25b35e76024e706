//! The table of form-encoded server functions: who may call each, and what they get.

use reqwest::StatusCode;

#[derive(Clone, Copy, Debug, PartialEq, PartialOrd)]
pub enum Who {
    Anonymous,
    Consumer,
    Developer,
    Operator,
    Admin,
}

/// (endpoint, form fields, minimum role, status for those allowed).
pub type Case<'a> = (&'a str, Vec<(&'a str, &'a str)>, Who, StatusCode);

/// Every form-encoded server function with a form that changes nothing: the status for those
/// allowed is 200, or 422 / 404 where the form is deliberately incomplete or names nothing.
pub fn table(consumer_id: &str) -> Vec<Case<'_>> {
    let ok = StatusCode::OK;
    let bad = StatusCode::UNPROCESSABLE_ENTITY;
    let nf = StatusCode::NOT_FOUND;
    let no_collection = "00000000-0000-0000-0000-000000000000";
    vec![
        ("catalog/categories", vec![], Who::Anonymous, ok),
        (
            "catalog/detail",
            vec![("id", "mp_nope")],
            Who::Anonymous,
            nf,
        ),
        (
            "catalog/launch",
            vec![("id", "mp_nope"), ("trial", "false")],
            Who::Anonymous,
            nf,
        ),
        (
            "accounts/sign_up",
            vec![
                ("email", "not-an-email"),
                ("display_name", "X"),
                ("password", "x"),
                ("next", "/"),
            ],
            Who::Anonymous,
            bad,
        ),
        (
            "accounts/change_password",
            vec![("current_password", "not-it"), ("new_password", "x")],
            Who::Consumer,
            bad,
        ),
        (
            "orgs/accept",
            vec![("invitation_id", "not-a-uuid")],
            Who::Consumer,
            bad,
        ),
        (
            "orgs/get",
            vec![("slug", "no-such-org")],
            Who::Developer,
            nf,
        ),
        (
            "orgs/invite",
            vec![
                ("slug", "no-such-org"),
                ("email", "a@example.com"),
                ("role", "tester"),
            ],
            Who::Developer,
            nf,
        ),
        (
            "orgs/remove_member",
            vec![("slug", "no-such-org"), ("account_id", "not-a-uuid")],
            Who::Developer,
            nf,
        ),
        ("portal/docs", vec![], Who::Developer, ok),
        ("portal/mp/get", vec![("id", "mp_nope")], Who::Developer, nf),
        (
            "portal/mp/update",
            vec![
                ("id", "mp_nope"),
                ("name", "Nope"),
                ("kind", "program"),
                ("category", ""),
                ("summary", ""),
                ("description_md", ""),
                ("tags", ""),
            ],
            Who::Developer,
            nf,
        ),
        (
            "portal/mp/remove_screenshot",
            vec![("id", "mp_nope"), ("url", "/blobs/x")],
            Who::Developer,
            nf,
        ),
        (
            "versions/start_trial",
            vec![("version_id", "not-a-uuid")],
            Who::Developer,
            bad,
        ),
        (
            "versions/cancel_submission",
            vec![("version_id", "not-a-uuid")],
            Who::Developer,
            bad,
        ),
        (
            "versions/report",
            vec![("version_id", "not-a-uuid")],
            Who::Developer,
            bad,
        ),
        (
            "review/get",
            vec![("version_id", "not-a-uuid")],
            Who::Operator,
            bad,
        ),
        (
            "review/launch",
            vec![("version_id", "not-a-uuid")],
            Who::Operator,
            bad,
        ),
        (
            "releases/overview",
            vec![("mp_id", "mp_nope")],
            Who::Operator,
            nf,
        ),
        (
            "releases/withdraw",
            vec![("mp_id", "mp_nope"), ("app_key", "ha_nope")],
            Who::Operator,
            nf,
        ),
        (
            "releases/rollback",
            vec![("mp_id", "mp_nope"), ("version_id", "not-a-uuid")],
            Who::Operator,
            bad,
        ),
        (
            "hostapps/set_disabled",
            vec![("app_key", "ha_nope"), ("disabled", "true")],
            Who::Admin,
            nf,
        ),
        ("catalog/released", vec![], Who::Anonymous, ok),
        (
            "discovery/search",
            vec![
                ("params[q]", "calc"),
                ("params[sort]", "relevance"),
                ("params[page]", "1"),
            ],
            Who::Anonymous,
            ok,
        ),
        ("discovery/suggest", vec![("q", "calc")], Who::Anonymous, ok),
        ("discovery/home", vec![], Who::Anonymous, ok),
        (
            "discovery/nearby",
            vec![("params[place]", "Nowhere"), ("params[radius_km]", "5")],
            Who::Anonymous,
            ok,
        ),
        (
            "discovery/is-favourite",
            vec![("id", "mp_x")],
            Who::Anonymous,
            ok,
        ),
        (
            "discovery/favourite",
            vec![("id", "mp_x"), ("on", "false")],
            Who::Consumer,
            ok,
        ),
        ("discovery/favourites", vec![], Who::Consumer, ok),
        ("accounts/current_user", vec![], Who::Anonymous, ok),
        ("accounts/become_developer", vec![], Who::Consumer, bad),
        ("orgs/my_invitations", vec![], Who::Consumer, ok),
        ("orgs/mine", vec![], Who::Developer, ok),
        (
            "orgs/switch",
            vec![("slug", "no-such-org")],
            Who::Developer,
            StatusCode::NOT_FOUND,
        ),
        (
            "orgs/create",
            vec![("name", ""), ("kind", "partner")],
            Who::Developer,
            bad,
        ),
        ("portal/mp/list", vec![], Who::Developer, ok),
        (
            "portal/mp/create",
            vec![
                ("org_slug", "nope"),
                ("name", ""),
                ("kind", "program"),
                ("category", ""),
                ("summary", ""),
                ("description_md", ""),
                ("tags", ""),
            ],
            Who::Developer,
            bad,
        ),
        (
            "versions/submit",
            vec![("version_id", "not-a-uuid"), ("release_notes", "x")],
            Who::Developer,
            bad,
        ),
        ("analytics/platform_stats", vec![], Who::Operator, ok),
        (
            "analytics/overview",
            vec![
                ("from", ""),
                ("to", ""),
                ("host", ""),
                ("platform", ""),
                ("region", ""),
            ],
            Who::Operator,
            ok,
        ),
        (
            "analytics/portal_overview",
            vec![
                ("from", ""),
                ("to", ""),
                ("host", ""),
                ("platform", ""),
                ("region", ""),
            ],
            Who::Developer,
            ok,
        ),
        (
            "analytics/mini_program",
            vec![
                ("mp_id", "mp_nope"),
                ("from", ""),
                ("to", ""),
                ("host", ""),
                ("platform", ""),
                ("region", ""),
            ],
            Who::Developer,
            nf,
        ),
        (
            "analytics/overview",
            vec![
                ("from", "2026-13-01"),
                ("to", ""),
                ("host", ""),
                ("platform", ""),
                ("region", ""),
            ],
            Who::Operator,
            bad,
        ),
        ("review/queue", vec![], Who::Operator, ok),
        (
            "review/decide",
            vec![
                ("version_id", "not-a-uuid"),
                ("approve", "true"),
                ("reason", ""),
            ],
            Who::Operator,
            bad,
        ),
        ("releases/list", vec![], Who::Operator, ok),
        (
            "releases/suspend",
            vec![("mp_id", "mp_x"), ("suspended", "true"), ("reason", "")],
            Who::Operator,
            bad,
        ),
        (
            "releases/release",
            vec![("version_id", "not-a-uuid")],
            Who::Operator,
            bad,
        ),
        (
            "plans/get",
            vec![("mp_id", "mp_x"), ("app_key", "ha_nope")],
            Who::Operator,
            StatusCode::NOT_FOUND,
        ),
        (
            "plans/action",
            vec![("plan_id", "not-a-uuid"), ("action", "start")],
            Who::Operator,
            bad,
        ),
        (
            "plans/discard",
            vec![("plan_id", "not-a-uuid")],
            Who::Operator,
            bad,
        ),
        ("hostapps/list", vec![], Who::Operator, ok),
        (
            "audit/list",
            vec![("action", ""), ("target", ""), ("actor", ""), ("page", "1")],
            Who::Operator,
            ok,
        ),
        ("hostapps/create", vec![("name", "")], Who::Admin, bad),
        (
            "hostapps/rotate",
            vec![("app_key", "ha_nope")],
            Who::Admin,
            StatusCode::NOT_FOUND,
        ),
        (
            "admin/users/list",
            vec![("query", ""), ("page", "1")],
            Who::Admin,
            ok,
        ),
        (
            "admin/users/set_role",
            vec![("account_id", consumer_id), ("role", "consumer")],
            Who::Admin,
            ok,
        ),
        (
            "admin/users/set_disabled",
            vec![("account_id", consumer_id), ("disabled", "false")],
            Who::Admin,
            ok,
        ),
        ("curation/list", vec![], Who::Operator, ok),
        (
            "curation/get",
            vec![("id", no_collection)],
            Who::Operator,
            nf,
        ),
        ("curation/create", vec![("title", "")], Who::Operator, bad),
        (
            "curation/update",
            vec![("id", no_collection), ("title", "")],
            Who::Operator,
            bad,
        ),
        (
            "curation/delete",
            vec![("id", no_collection)],
            Who::Operator,
            nf,
        ),
        (
            "curation/move",
            vec![("id", no_collection), ("up", "true")],
            Who::Operator,
            nf,
        ),
        (
            "curation/item",
            vec![("id", no_collection), ("mp_id", ""), ("op", "add")],
            Who::Operator,
            bad,
        ),
        (
            "curation/remove_banner",
            vec![("id", no_collection)],
            Who::Operator,
            nf,
        ),
        (
            "portal/mp/places",
            vec![("id", "mp_nope")],
            Who::Developer,
            nf,
        ),
        (
            "portal/mp/add_place",
            vec![("id", "mp_nope"), ("name", ""), ("lat", "1"), ("lon", "1")],
            Who::Developer,
            nf,
        ),
        (
            "portal/mp/remove_place",
            vec![("id", "mp_nope"), ("position", "0")],
            Who::Developer,
            nf,
        ),
        (
            "discovery/cards",
            vec![("ids[0]", "mp_x")],
            Who::Anonymous,
            ok,
        ),
    ]
}
