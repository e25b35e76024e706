//! Curation (operators' collections on the home page, the banner picture), places in the
//! portal, a star chosen before signing in, and cards by id — against the real router and a
//! fresh database with the demo catalogue.

mod common;
mod fixtures;

use app::curation::api::{
    CreateCollection, DeleteCollection, EditCollectionItem, GetCollection, MoveCollection,
    UpdateCollection,
};
use app::discovery::home_api::StoreHome;
use common::*;
use fixtures::PNG;
use reqwest::StatusCode;
use serde_json::Value;
use sqlx::PgPool;

/// The server over the demo catalogue `make run` loads.
async fn store(pool: &PgPool) -> TestServer {
    let settings = fixtures::demo_data(pool).await;
    spawn_with(pool.clone(), settings).await
}

fn create(title: &str) -> CreateCollection {
    CreateCollection {
        title: title.into(),
        subtitle: "Picked by the team".into(),
        host_app_id: String::new(),
        visible_from: String::new(),
        visible_to: String::new(),
        featured: false,
    }
}

fn item(id: &str, mp: &str, op: &str) -> EditCollectionItem {
    EditCollectionItem {
        id: id.into(),
        mp_id: mp.into(),
        op: op.into(),
    }
}

/// The home page's rows as (key, card ids), and the banner's title.
async fn home(s: &TestServer, c: &reqwest::Client) -> (Vec<(String, Vec<String>)>, Option<Value>) {
    let (status, body) = s.rpc(c, &StoreHome {}).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let rows = body["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let ids = r["cards"]
                .as_array()
                .unwrap()
                .iter()
                .map(|c| c["id"].as_str().unwrap().to_string())
                .collect();
            (r["key"].as_str().unwrap().to_string(), ids)
        })
        .collect();
    (rows, body.get("banner").cloned().filter(|b| !b.is_null()))
}

async fn audit_actions(pool: &PgPool, target: &str) -> Vec<String> {
    sqlx::query_scalar("SELECT action FROM audit_log WHERE target_id = $1 ORDER BY id")
        .bind(target)
        .fetch_all(pool)
        .await
        .unwrap()
}

#[sqlx::test(migrations = "../migrations")]
async fn an_operators_collection_shows_on_the_home_page_in_its_order(pool: PgPool) {
    let s = store(&pool).await;
    let op = s.signed_in(OPERATOR.0, OPERATOR.1).await;
    let visitor = client();
    let (status, id) = s.rpc(&op, &create("Rainy day picks")).await;
    assert!(status.is_success() || status.is_redirection(), "{id}");
    let id = id.as_str().unwrap().to_string();
    let key = format!("collection-{id}");
    assert!(!home(&s, &visitor).await.0.iter().any(|r| r.0 == key));
    for mp in ["mp_huilv", "mp_parking", "mp_tip"] {
        let (st, b) = s.rpc(&op, &item(&id, mp, "add")).await;
        assert_eq!(st, StatusCode::OK, "{b}");
    }
    let (st, b) = s.rpc(&op, &item(&id, "mp_huilv", "add")).await; // a second time
    assert_eq!(st, StatusCode::CONFLICT, "{b}");
    let (st, b) = s.rpc(&op, &item(&id, "mp_no_such", "add")).await;
    assert_eq!(
        (st, b["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("mp_id"))
    );
    s.rpc(&op, &item(&id, "mp_tip", "up")).await;
    s.rpc(&op, &item(&id, "mp_parking", "remove")).await;
    let (rows, _) = home(&s, &visitor).await;
    let row = rows
        .iter()
        .find(|r| r.0 == key)
        .expect("the collection's row");
    assert_eq!(row.1, vec!["mp_huilv", "mp_tip"]);
    // Reordered above the demo's collections.
    for _ in 0..5 {
        let (st, b) = s
            .rpc(
                &op,
                &MoveCollection {
                    id: id.clone(),
                    up: true,
                },
            )
            .await;
        assert_eq!(st, StatusCode::OK, "{b}");
    }
    let (rows, _) = home(&s, &visitor).await;
    let first_collection = rows
        .iter()
        .find(|r| r.0.starts_with("collection-"))
        .unwrap();
    assert_eq!(first_collection.0, key);
    // Scheduled for tomorrow: gone until then.
    let tomorrow = (time::OffsetDateTime::now_utc() + time::Duration::days(1))
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap();
    let update = |from: &str, to: &str, featured: bool| UpdateCollection {
        id: id.clone(),
        title: "Rainy day picks".into(),
        subtitle: String::new(),
        host_app_id: String::new(),
        visible_from: from.into(),
        visible_to: to.into(),
        featured,
    };
    let (st, b) = s.rpc(&op, &update(&tomorrow, "", false)).await;
    assert_eq!(st, StatusCode::OK, "{b}");
    assert!(!home(&s, &visitor).await.0.iter().any(|r| r.0 == key));
    let (st, b) = s
        .rpc(&op, &update(&tomorrow, "2020-01-01T00:00", false))
        .await;
    assert_eq!(
        (st, b["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("visible_to"))
    );
    // Featured: it becomes the banner (the demo's banner gives up the slot).
    let (st, b) = s.rpc(&op, &update("", "", true)).await;
    assert_eq!(st, StatusCode::OK, "{b}");
    let (rows, banner) = home(&s, &visitor).await;
    let banner = banner.expect("a banner");
    assert_eq!(banner["title"], "Rainy day picks");
    assert!(banner["image_url"].is_null());
    assert!(
        !rows.iter().any(|r| r.0 == key),
        "the banner is not also a row"
    );
    let featured: i64 = sqlx::query_scalar("SELECT count(*) FROM collections WHERE featured")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(featured, 1);
    // Its banner picture: operators only, real images only.
    let put = |c: &reqwest::Client, body: Vec<u8>| {
        c.put(format!("{}/admin/media/collections/{id}/banner", s.base))
            .body(body)
            .send()
    };
    let dev = s.signed_in(DEVELOPER.0, DEVELOPER.1).await;
    assert_eq!(
        put(&dev, PNG.to_vec()).await.unwrap().status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        put(&visitor, PNG.to_vec()).await.unwrap().status(),
        StatusCode::UNAUTHORIZED
    );
    let r = put(&op, b"<svg/>".to_vec()).await.unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let r = put(&op, PNG.to_vec()).await.unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
    let url = r.json::<Value>().await.unwrap()["url"]
        .as_str()
        .unwrap()
        .to_string();
    let (_, banner) = home(&s, &visitor).await;
    assert_eq!(banner.unwrap()["image_url"].as_str(), Some(url.as_str()));
    let picture = visitor
        .get(format!("{}{url}", s.base))
        .send()
        .await
        .unwrap();
    assert_eq!(
        picture.status(),
        StatusCode::OK,
        "the banner picture is public"
    );
    // The editor shows items, candidates and the preview.
    let (st, edit) = s.rpc(&op, &GetCollection { id: id.clone() }).await;
    assert_eq!(st, StatusCode::OK, "{edit}");
    assert_eq!(edit["items"].as_array().unwrap().len(), 2);
    assert_eq!(edit["preview"]["cards"].as_array().unwrap().len(), 2);
    assert!(!edit["candidates"]
        .as_array()
        .unwrap()
        .iter()
        .any(|c| c["id"] == "mp_huilv"));
    // Deleted: gone, and the whole story is in the audit log.
    let (st, b) = s.rpc(&op, &DeleteCollection { id: id.clone() }).await;
    assert!(st.is_success() || st.is_redirection(), "{st} {b}");
    let (rows, banner) = home(&s, &visitor).await;
    assert!(!rows.iter().any(|r| r.0 == key));
    assert!(banner.is_none_or(|b| b["title"] != "Rainy day picks"));
    let actions = audit_actions(&pool, &id).await;
    for a in [
        "collection.created",
        "collection.item_added",
        "collection.item_moved",
        "collection.item_removed",
        "collection.reordered",
        "collection.updated",
        "collection.banner_uploaded",
        "collection.deleted",
    ] {
        assert!(
            actions.iter().any(|x| x == a),
            "{a} missing from {actions:?}"
        );
    }
}

#[sqlx::test(migrations = "../migrations")]
async fn a_collection_for_one_host_app_stays_off_the_storefront(pool: PgPool) {
    let s = store(&pool).await;
    let op = s.signed_in(OPERATOR.0, OPERATOR.1).await;
    let host: uuid::Uuid = sqlx::query_scalar("SELECT id FROM host_apps ORDER BY name LIMIT 1")
        .fetch_one(&pool)
        .await
        .unwrap();
    let mut c = create("Only in one app");
    c.host_app_id = host.to_string();
    let (_, id) = s.rpc(&op, &c).await;
    let id = id.as_str().unwrap().to_string();
    s.rpc(&op, &item(&id, "mp_huilv", "add")).await;
    let (rows, _) = home(&s, &client()).await;
    assert!(!rows.iter().any(|r| r.0 == format!("collection-{id}")));
    let mut c = create("");
    c.host_app_id = "not-an-id".into();
    let (st, b) = s.rpc(&op, &c).await;
    assert_eq!(
        (st, b["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("title"))
    );
}

#[sqlx::test(migrations = "../migrations")]
async fn developers_list_places_that_are_checked_and_found_nearby(pool: PgPool) {
    use app::miniprograms::places::{AddPlace, ListPlaces, RemovePlace};
    let s = store(&pool).await;
    let dev = s.signed_in(DEVELOPER.0, DEVELOPER.1).await;
    let add = |name: &str, lat: &str, hours: &str| AddPlace {
        id: "mp_tip".into(),
        name: name.into(),
        address: "1 Harbour Road".into(),
        lat: lat.into(),
        lon: "151.2093".into(),
        opening_hours: hours.into(),
    };
    let (st, b) = s.rpc(&dev, &add("Tip desk", "95", "")).await;
    assert_eq!(
        (st, b["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("lat"))
    );
    let (st, b) = s.rpc(&dev, &add("Tip desk", "31.2", "Mon-Fri 9-5")).await;
    assert_eq!(
        (st, b["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("opening_hours"))
    );
    let (st, b) = s
        .rpc(&dev, &add("Tip desk", "-33.8688", "Mo-Fr 09:00-18:00"))
        .await;
    assert_eq!(st, StatusCode::OK, "{b}");
    // Not a member of the owning organization: refused.
    let (st, _) = s
        .rpc(
            &dev,
            &AddPlace {
                id: "mp_jisuanqi".into(),
                ..add("X", "1", "")
            },
        )
        .await;
    assert_eq!(st, StatusCode::FORBIDDEN);
    let (_, list) = s
        .rpc(
            &dev,
            &ListPlaces {
                id: "mp_tip".into(),
            },
        )
        .await;
    let list = list.as_array().unwrap().clone();
    let (position, place) = (&list.last().unwrap()[0], &list.last().unwrap()[1]);
    assert_eq!(place["name"], "Tip desk");
    // Found by "Nearby" once the index has the change (far from the demo's city).
    s.refresh().await;
    let near = app::discovery::api::NearbyStore {
        params: app::discovery::nearby::NearbyParams {
            lat: Some(-33.8688),
            lon: Some(151.2093),
            place: None,
            radius_km: 1.0,
        },
    };
    let (st, found) = s.rpc(&client(), &near).await;
    assert_eq!(st, StatusCode::OK, "{found}");
    let ids: Vec<&str> = found["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["card"]["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, vec!["mp_tip"]);
    let (st, b) = s
        .rpc(
            &dev,
            &RemovePlace {
                id: "mp_tip".into(),
                position: position.as_i64().unwrap() as i32,
            },
        )
        .await;
    assert_eq!(st, StatusCode::OK, "{b}");
    let actions = audit_actions(&pool, "mp_tip").await;
    assert!(
        actions.contains(&"mp.place_added".to_string()),
        "{actions:?}"
    );
    assert!(
        actions.contains(&"mp.place_removed".to_string()),
        "{actions:?}"
    );
}

#[sqlx::test(migrations = "../migrations")]
async fn a_star_chosen_before_signing_in_is_kept(pool: PgPool) {
    use app::accounts::api::SignIn;
    let s = store(&pool).await;
    let c = client();
    let (st, b) = s
        .rpc(
            &c,
            &SignIn {
                email: CONSUMER.0.into(),
                password: CONSUMER.1.into(),
                next: Some("/app/mp_parking".into()),
                favourite: Some("mp_parking".into()),
            },
        )
        .await;
    assert!(st.is_success() || st.is_redirection(), "{st} {b}");
    let (_, favs) = s.rpc(&c, &app::discovery::home_api::MyFavourites {}).await;
    let ids: Vec<&str> = favs
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids.first(), Some(&"mp_parking"), "{ids:?}");
    // A star on something not in the store does not stop the sign-in.
    let c = client();
    let (st, b) = s
        .rpc(
            &c,
            &SignIn {
                email: CONSUMER.0.into(),
                password: CONSUMER.1.into(),
                next: None,
                favourite: Some("mp_gone".into()),
            },
        )
        .await;
    assert!(st.is_success() || st.is_redirection(), "{st} {b}");
}

#[sqlx::test(migrations = "../migrations")]
async fn cards_by_id_keep_their_order_and_leave_out_what_is_not_in_the_store(pool: PgPool) {
    use app::discovery::device::StoreCards;
    let s = store(&pool).await;
    let ids = vec!["mp_tip".to_string(), "mp_gone".into(), "mp_huilv".into()];
    let (st, cards) = s.rpc(&client(), &StoreCards { ids }).await;
    assert_eq!(st, StatusCode::OK, "{cards}");
    let got: Vec<&str> = cards
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert_eq!(got, vec!["mp_tip", "mp_huilv"]);
    let many: Vec<String> = (0..13).map(|i| format!("mp_{i}")).collect();
    let (st, _) = s.rpc(&client(), &StoreCards { ids: many }).await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY);
}
