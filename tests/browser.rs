//! Browser tests (wasm-bindgen-test in headless Chromium): the sign-in screen against the sandbox, and
//! components mounted alone.
#![cfg(target_arch = "wasm32")]

use leptos::prelude::*;
use migration_console::app::App;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{HtmlElement, HtmlFormElement, HtmlInputElement};

wasm_bindgen_test_configure!(run_in_browser);

/// The sandbox that scripts/test.sh starts for this suite.
const SANDBOX: &str = match option_env!("SANDBOX_URL") {
    Some(u) => u,
    None => "http://127.0.0.1:3210",
};

fn forget_everything() {
    let w = web_sys::window().unwrap();
    w.local_storage().unwrap().unwrap().clear().unwrap();
    w.session_storage().unwrap().unwrap().clear().unwrap();
}

fn mount() -> (HtmlElement, impl Drop) {
    forget_everything();
    let container: HtmlElement = document().create_element("div").unwrap().unchecked_into();
    document().body().unwrap().append_child(&container).unwrap();
    let handle = leptos::mount::mount_to(container.clone(), App);
    (container, handle)
}

async fn sleep(ms: i32) {
    gloo_timers::future::TimeoutFuture::new(ms as u32).await;
}

/// Polls until `predicate` holds on the container's text, for up to 10 s.
async fn wait_for_text(container: &HtmlElement, needle: &str) -> String {
    for _ in 0..200 {
        let text = container.text_content().unwrap_or_default();
        if text.contains(needle) {
            return text;
        }
        sleep(50).await;
    }
    panic!("'{needle}' never appeared; page text: {}", container.text_content().unwrap_or_default());
}

fn input(container: &HtmlElement, id: &str) -> HtmlInputElement {
    container.query_selector(&format!("#{id}")).unwrap().unwrap_or_else(|| panic!("#{id}")).unchecked_into()
}

fn type_into(container: &HtmlElement, id: &str, value: &str) {
    let el = input(container, id);
    el.set_value(value);
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    el.dispatch_event(&web_sys::Event::new_with_event_init_dict("input", &init).unwrap()).unwrap();
}

fn submit(container: &HtmlElement) {
    let form: HtmlFormElement = container.query_selector("form").unwrap().unwrap().unchecked_into();
    form.request_submit().unwrap();
}

#[wasm_bindgen_test]
async fn sign_in_screen_is_shown_to_a_newcomer() {
    let (c, _h) = mount();
    wait_for_text(&c, "Sign in to your GitLab instance").await;
    assert_eq!(input(&c, "token").type_(), "password", "the token is masked");
    assert!(!input(&c, "instance-url").value().is_empty(), "the instance defaults to this page's origin");
    assert!(!input(&c, "remember").checked(), "not remembered unless asked");
}

#[wasm_bindgen_test]
async fn signing_in_shows_who_and_where_and_keeps_the_token_in_memory_only() {
    let (c, _h) = mount();
    wait_for_text(&c, "Sign in to your GitLab instance").await;
    type_into(&c, "instance-url", SANDBOX);
    type_into(&c, "token", "sandbox-owner-token");
    submit(&c);
    let text = wait_for_text(&c, "Olivia Owner").await;
    assert!(text.contains("@olivia"));
    assert!(text.contains("GitLab 18.5.1-ee"), "{text}");
    let w = web_sys::window().unwrap();
    let session = w.session_storage().unwrap().unwrap();
    let local = w.local_storage().unwrap().unwrap();
    assert_eq!(session.get_item("gmc-token").unwrap(), None, "in no storage without 'remember'");
    assert_eq!(local.get_item("gmc-token").unwrap(), None, "in no storage without 'remember'");
    // Sign out forgets the token.
    let button = c.query_selector(".topbar .button-quiet:last-child").unwrap().unwrap();
    button.unchecked_into::<HtmlElement>().click();
    wait_for_text(&c, "Sign in to your GitLab instance").await;
    assert_eq!(session.get_item("gmc-token").unwrap(), None);
}

#[wasm_bindgen_test]
async fn a_wrong_token_shows_the_401_message_and_keeps_what_was_typed() {
    let (c, _h) = mount();
    wait_for_text(&c, "Sign in to your GitLab instance").await;
    type_into(&c, "instance-url", SANDBOX);
    type_into(&c, "token", "glpat-wrong-token");
    submit(&c);
    let text = wait_for_text(&c, "The token was refused (401)").await;
    assert!(!text.contains("glpat-wrong-token"), "the token is in no message");
    assert_eq!(input(&c, "instance-url").value(), SANDBOX);
    assert_eq!(input(&c, "token").value(), "glpat-wrong-token");
}

#[wasm_bindgen_test]
async fn an_unsafe_instance_url_is_refused_before_any_request() {
    let (c, _h) = mount();
    wait_for_text(&c, "Sign in to your GitLab instance").await;
    type_into(&c, "instance-url", "javascript:alert(1)");
    type_into(&c, "token", "x");
    submit(&c);
    wait_for_text(&c, "Only http:// and https:// URLs").await;
}

#[wasm_bindgen_test]
async fn a_14_1_failure_shows_the_relation_read_from_its_pipeline_and_the_step() {
    use migration_console::api::EntityFailure;
    use migration_console::components::failure_table::FailureTable;
    use migration_console::i18n::I18nContextProvider;
    // What a 14.1 server sends: no relation, only the pipeline and its step.
    let failure: EntityFailure = serde_json::from_str(
        r#"{"pipeline_class":"BulkImports::Common::Pipelines::MergeRequestsPipeline","pipeline_step":"loader",
            "exception_class":"NoMethodError","exception_message":"undefined method `id' for nil"}"#,
    )
    .unwrap();
    let container: HtmlElement = document().create_element("div").unwrap().unchecked_into();
    document().body().unwrap().append_child(&container).unwrap();
    let rows = vec![(0usize, failure)];
    let _handle = leptos::mount::mount_to(container.clone(), move || {
        let rows = rows.clone();
        view! {
            <I18nContextProvider>
                <FailureTable rows=rows />
            </I18nContextProvider>
        }
    });
    let text = wait_for_text(&container, "NoMethodError").await;
    let relation = container.query_selector("[data-testid=failures-table] tbody td").unwrap().unwrap();
    let relation = relation.text_content().unwrap_or_default();
    assert!(relation.contains("merge requests"), "relation from the pipeline, not '—': {relation}");
    let step = container.query_selector("[data-testid=failure-step]").unwrap().unwrap();
    let step = step.text_content().unwrap_or_default();
    assert!(step.contains("loader"), "the step that failed, in its own column: {step}");
    assert!(!text.contains("—merge"), "{text}");
}
