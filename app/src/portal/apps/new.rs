//! Registering a new mini-program.

use crate::catalog::api::list_categories;
use crate::miniprograms::api::CreateMiniprogram;
use crate::orgs::api::my_orgs;
use crate::ui::{action_error, FieldError, FormError, Loading};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_navigate;

#[component]
pub fn NewApp() -> impl IntoView {
    let orgs = crate::ui::server_resource(|| (), |_| my_orgs());
    let cats = crate::ui::server_resource(|| (), |_| list_categories());
    let create = ServerAction::<CreateMiniprogram>::new();
    let error = action_error(create);
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(id)) = create.value().get() {
            navigate(&format!("/portal/apps/{id}"), Default::default());
        }
    });
    view! {
        <Title text="New mini-program" />
        <div class="page narrow">
            <p class="eyebrow">
                <a href="/portal">"Developer portal"</a>
            </p>
            <h1>"Register a mini-program"</h1>
            <div class="card">
                <FormError
                    error
                    fields=&[
                        "org_slug",
                        "name",
                        "kind",
                        "category",
                        "summary",
                        "description_md",
                        "tags",
                    ]
                />
                <ActionForm action=create attr:class="form">
                    <Transition fallback=|| {
                        view! { <Loading /> }
                    }>
                        {move || Suspend::new(async move {
                            let orgs = orgs.await.unwrap_or_default();
                            let cats = cats.await.unwrap_or_default();
                            view! {
                                <label class="field">
                                    <span>"Organization"</span>
                                    <select name="org_slug">
                                        {orgs
                                            .into_iter()
                                            .filter(|o| o.my_role.can_edit())
                                            .map(|o| {
                                                view! {
                                                    <option value=o.slug selected=o.current>
                                                        {o.name}
                                                    </option>
                                                }
                                            })
                                            .collect_view()}
                                    </select>
                                    <FieldError error field="org_slug" />
                                </label>
                                <label class="field">
                                    <span>"Category"</span>
                                    <select name="category">
                                        {cats
                                            .into_iter()
                                            .map(|c| {
                                                view! {
                                                    <option value=c
                                                        .slug>{format!("{} {}", c.icon, c.name)}</option>
                                                }
                                            })
                                            .collect_view()}
                                    </select>
                                    <FieldError error field="category" />
                                </label>
                            }
                        })}
                    </Transition>
                    <label class="field">
                        <span>"Name"</span>
                        <input type="text" name="name" maxlength="40" required />
                        <FieldError error field="name" />
                    </label>
                    <fieldset class="field segmented">
                        <legend>"Kind"</legend>
                        <label>
                            <input type="radio" name="kind" value="program" checked />
                            " Program"
                        </label>
                        <label>
                            <input type="radio" name="kind" value="game" />
                            " Game"
                        </label>
                    </fieldset>
                    <label class="field">
                        <span>"Summary"</span>
                        <input
                            type="text"
                            name="summary"
                            maxlength="90"
                            placeholder="One line for the store (90 characters)"
                        />
                        <FieldError error field="summary" />
                    </label>
                    <label class="field">
                        <span>"Description (Markdown)"</span>
                        <textarea name="description_md" rows="6"></textarea>
                        <FieldError error field="description_md" />
                    </label>
                    <label class="field">
                        <span>"Tags"</span>
                        <input type="text" name="tags" placeholder="comma, separated" />
                        <FieldError error field="tags" />
                    </label>
                    <button class="btn btn-primary" type="submit">
                        "Register"
                    </button>
                </ActionForm>
            </div>
        </div>
    }
}
