//! "Show N more" under a long list that renders its first `shown` items (a list of 1,000 rows drawn at once is a
//! main-thread task of hundreds of milliseconds): each click adds `step`.

use crate::i18n::{t_string, use_i18n};
use leptos::prelude::*;

#[component]
pub fn ShowMore(
    shown: RwSignal<usize>,
    #[prop(into)] total: Signal<usize>,
    step: usize,
    testid: &'static str,
) -> impl IntoView {
    let i18n = use_i18n();
    let left = move || total.get().saturating_sub(shown.get());
    view! {
        <Show when=move || left().gt(&0)>
            <p>
                <button type="button" class="button" data-testid=testid on:click=move |_| shown.update(|n| *n += step)>
                    {move || t_string!(i18n, verify_show_more, count = step.min(left()))}
                </button>
            </p>
        </Show>
    }
}
