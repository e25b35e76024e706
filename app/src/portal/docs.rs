//! The developer documentation page: the package format and the bridge.

use crate::ui::Loaded;
use crate::versions::api::package_docs;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn DocsPage() -> impl IntoView {
    let docs = crate::ui::server_resource(|| (), |_| package_docs());
    view! {
        <Title text="Package format" />
        <div class="page narrow-wide">
            <p class="eyebrow">
                <a href="/portal">"Developer portal"</a>
            </p>
            <Loaded resource=docs let:html>
                <article class="card prose docs" data-testid="docs" inner_html=html></article>
            </Loaded>
        </div>
    }
}
