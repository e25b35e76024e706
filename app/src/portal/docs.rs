//! The developer documentation page: the package format and the bridge.

use crate::ui::Loading;
use crate::versions::api::package_docs;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn DocsPage() -> impl IntoView {
    let docs = Resource::new(|| (), |_| package_docs());
    view! {
        <Title text="Package format"/>
        <div class="page narrow-wide">
            <p class="eyebrow"><a href="/portal">"Developer portal"</a></p>
            <Transition fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match docs.await {
                        Ok(html) => view! { <article class="card prose docs" data-testid="docs" inner_html=html></article> }.into_any(),
                        Err(e) => view! { <crate::ui::ErrorPanel error=e/> }.into_any(),
                    }
                })}
            </Transition>
        </div>
    }
}
