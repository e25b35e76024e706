//! The store listing form: name, category, summary, description and tags.

use crate::miniprograms::api::UpdateListing;
use crate::ui::{action_error, FieldError, FormError};
use leptos::prelude::*;

#[component]
pub(super) fn ListingForm(
    d: crate::miniprograms::MpDetail,
    cats: Vec<crate::catalog::Category>,
    update: ServerAction<UpdateListing>,
) -> impl IntoView {
    let error = action_error(update);
    let saved = move || matches!(update.value().get(), Some(Ok(())));
    let category = d.category.clone().unwrap_or_default();
    view! {
        <div class="card">
            <h2>"Store listing"</h2>
            {move || {
                saved()
                    .then(|| {
                        view! {
                            <div class="alert alert-ok" role="status">
                                "Listing saved."
                            </div>
                        }
                    })
            }}
            <FormError
                error
                fields=&["name", "kind", "category", "summary", "description_md", "tags"]
            />
            <ActionForm action=update attr:class="form">
                <input type="hidden" name="id" value=d.id.clone() />
                <label class="field">
                    <span>"Name"</span>
                    <input type="text" name="name" value=d.name.clone() maxlength="40" />
                    <FieldError error field="name" />
                </label>
                <input type="hidden" name="kind" value=d.kind.clone() />
                <label class="field">
                    <span>"Category"</span>
                    <select name="category">
                        {cats
                            .into_iter()
                            .map(|c| {
                                let sel = c.slug == category;
                                view! {
                                    <option value=c.slug selected=sel>
                                        {c.name}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                </label>
                <label class="field">
                    <span>"Summary"</span>
                    <input type="text" name="summary" value=d.summary.clone() maxlength="90" />
                    <FieldError error field="summary" />
                </label>
                <label class="field">
                    <span>"Description (Markdown)"</span>
                    <textarea name="description_md" rows="6">
                        {d.description_md.clone()}
                    </textarea>
                </label>
                <label class="field">
                    <span>"Tags"</span>
                    <input type="text" name="tags" value=d.tags.join(", ") />
                    <span class="hint">
                        {format!(
                            "Up to {} words people search for, separated by commas.",
                            crate::miniprograms::MAX_TAGS,
                        )}
                    </span>
                    <FieldError error field="tags" />
                </label>
                <button class="btn btn-primary" type="submit">
                    "Save listing"
                </button>
            </ActionForm>
        </div>
    }
}
