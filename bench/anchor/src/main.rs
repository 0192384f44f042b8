use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;
use serde::Deserialize;

#[derive(Clone, Deserialize)]
struct Import {
    id: u64,
    status: String,
    source_url: Option<String>,
    created_at: String,
    updated_at: String,
}

async fn load() -> Result<Vec<Import>, String> {
    let s = window().local_storage().ok().flatten().ok_or("no storage")?;
    let base = s.get_item("gmc-instance").ok().flatten().unwrap_or_default();
    let token = s.get_item("gmc-token").ok().flatten().unwrap_or_default();
    let r = gloo_net::http::Request::get(&format!("{base}/api/v4/bulk_imports?page=1&per_page=20&sort=desc"))
        .header("PRIVATE-TOKEN", &token)
        .send()
        .await
        .map_err(|e| e.to_string())?;
    let text = r.text().await.map_err(|e| e.to_string())?;
    serde_json::from_str(&text).map_err(|e| e.to_string())
}

#[component]
fn List() -> impl IntoView {
    let data = LocalResource::new(load);
    view! {
        <h1>"Migrations"</h1>
        <Transition fallback=|| view! { <p>"Loading"</p> }>
            {move || data.get().map(|r| match r {
                Ok(rows) => view! {
                    <table data-testid="migrations-table"><thead><tr><th>"ID"</th><th>"Source"</th><th>"Status"</th><th>"Created"</th><th>"Updated"</th></tr></thead>
                    <tbody><For each=move || rows.clone() key=|m| m.id let:m>
                        <tr><td><a href=format!("/migrations/{}", m.id)>{format!("#{}", m.id)}</a></td><td>{m.source_url.clone()}</td><td>{m.status.clone()}</td><td>{m.created_at.clone()}</td><td>{m.updated_at.clone()}</td></tr>
                    </For></tbody></table>
                }.into_any(),
                Err(e) => view! { <p>{e}</p> }.into_any(),
            })}
        </Transition>
    }
}

fn main() {
    leptos::mount::mount_to_body(|| {
        view! {
            <Router><Routes fallback=|| "Not found"><Route path=path!("migrations") view=List /></Routes></Router>
        }
    });
}
