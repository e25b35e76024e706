//! The portal's organization switch: it narrows the developer's mini-programs to one
//! organization, is kept in the session, and refuses organizations the developer is not in.

mod common;
mod fixtures;

use app::miniprograms::api::MyMiniprograms;
use app::orgs::api::{MyOrgs, SwitchOrg};
use common::*;
use reqwest::StatusCode;
use serde_json::Value;
use sqlx::PgPool;

fn names(list: &Value) -> Vec<String> {
    let mut v: Vec<String> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["id"].as_str().unwrap().to_string())
        .collect();
    v.sort();
    v
}

#[sqlx::test(migrations = "../migrations")]
async fn developers_switch_between_their_organizations(pool: PgPool) {
    let settings = fixtures::demo_data(&pool).await;
    let s = spawn_with(pool, settings).await;
    let dev = s.signed_in(DEVELOPER.0, DEVELOPER.1).await;

    let (status, all) = s.rpc(&dev, &MyMiniprograms {}).await;
    assert_eq!(status, StatusCode::OK, "{all}");
    let all_names = names(&all);
    for id in ["mp_billpay", "mp_calculator", "mp_currency", "mp_todo"] {
        assert!(all_names.iter().any(|n| n == id), "{id} in {all_names:?}");
    }
    let (_, orgs) = s.rpc(&dev, &MyOrgs {}).await;
    assert!(orgs
        .as_array()
        .unwrap()
        .iter()
        .all(|o| o["current"] == false));

    assert_eq!(
        s.rpc(
            &dev,
            &SwitchOrg {
                slug: "ministore-labs".into(),
            },
        )
        .await
        .0,
        StatusCode::OK
    );
    let (_, labs) = s.rpc(&dev, &MyMiniprograms {}).await;
    let labs = names(&labs);
    // Ministore Labs' apps only: no Acme Payments one.
    assert!(labs.iter().any(|n| n == "mp_calculator") && labs.iter().any(|n| n == "mp_todo"));
    assert!(
        !labs.iter().any(|n| n == "mp_billpay" || n == "mp_currency"),
        "{labs:?}"
    );
    assert!(labs.len() < all_names.len());
    let (_, orgs) = s.rpc(&dev, &MyOrgs {}).await;
    let current: Vec<&str> = orgs
        .as_array()
        .unwrap()
        .iter()
        .filter(|o| o["current"] == true)
        .map(|o| o["slug"].as_str().unwrap())
        .collect();
    assert_eq!(current, ["ministore-labs"]);

    // Not a member of Pixel Arcade: refused, and the switch stays where it was.
    let (status, body) = s
        .rpc(
            &dev,
            &SwitchOrg {
                slug: "pixel-arcade".into(),
            },
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{body}");
    assert_eq!(names(&s.rpc(&dev, &MyMiniprograms {}).await.1), labs);

    // Back to all of them.
    assert_eq!(
        s.rpc(
            &dev,
            &SwitchOrg {
                slug: String::new()
            }
        )
        .await
        .0,
        StatusCode::OK
    );
    assert_eq!(names(&s.rpc(&dev, &MyMiniprograms {}).await.1), all_names);

    // Consumers may not switch at all.
    let consumer = s.signed_in(CONSUMER.0, CONSUMER.1).await;
    assert_eq!(
        s.rpc(
            &consumer,
            &SwitchOrg {
                slug: "acme-payments".into(),
            },
        )
        .await
        .0,
        StatusCode::FORBIDDEN
    );
}
