//! `cargo run -p sandbox -- --help`

use clap::Parser;
use sandbox::seed::{build_world, SeedOptions};
use sandbox::world::Settings;
use sandbox::{routes, FaultMode, Faults, Sandbox};
use std::net::SocketAddr;
use std::path::PathBuf;

/// A local GitLab stand-in for the migration console: a destination instance with the Bulk Imports API
/// and a source instance to migrate from, simulating migrations in memory. Listens on 127.0.0.1 only.
///
/// Tokens (destination): sandbox-owner-token (a group owner), sandbox-admin-token (an administrator),
/// sandbox-other-token (another user), sandbox-readonly-token (the owner, scope read_api),
/// sandbox-second-owner-token (Sam, a second owner of `migrated`), sandbox-developer-token (Devon, a
/// Developer of `migrated`: may create projects there, refused on their protected default branch).
/// Tokens (source): sandbox-source-token (scope api), sandbox-source-readonly-token (scope read_api),
/// sandbox-source-maintainer-token (another user, a Maintainer of everything there, scope api).
#[derive(Parser, Debug)]
#[command(version)]
struct Args {
    /// Port of the destination instance (and of the console, served at /).
    #[arg(long, default_value_t = 3000)]
    port: u16,
    /// Port of the source instance.
    #[arg(long, default_value_t = 3001)]
    source_port: u16,
    /// The console's built dist/ to serve at / (deep links fall back to index.html).
    #[arg(long)]
    dist: Option<PathBuf>,
    /// Seed of the simulation: the same seed gives the same run.
    #[arg(long, default_value_t = 42)]
    seed: u64,
    /// Simulated seconds per real second (0 freezes time; tests then use POST /-/sandbox/advance).
    #[arg(long, default_value_t = 1.0)]
    speed: f64,
    /// Seconds without progress after which an entity times out (GitLab: 24 hours).
    #[arg(long, default_value_t = 120)]
    stale_after: u64,
    /// Start with direct transfer disabled (404 on every Bulk Imports route).
    #[arg(long)]
    disabled: bool,
    /// GitLab version the source instance reports.
    #[arg(long, default_value = "17.11.3-ee")]
    source_version: String,
    /// Seed a finished migration with this many entities (scale tests; up to 20000).
    #[arg(long, default_value_t = 0)]
    scale_entities: usize,
    /// Give one entity this many failures (scale tests; up to 20000).
    #[arg(long, default_value_t = 0)]
    scale_failures: usize,
    /// Give the `migrated` group this many more pending source users, and as many assignable users
    /// (contributions scale tests; up to 20000).
    #[arg(long, default_value_t = 0)]
    scale_source_users: usize,
    /// Add this many projects to the source, in groups of 40 (campaign planning at scale; up to 20000).
    #[arg(long, default_value_t = 0)]
    scale_source: usize,
    /// Spread --scale-source's projects over this many groups (none personal) instead of groups of 40.
    #[arg(long)]
    scale_source_groups: Option<usize>,
    /// Seed a finished migration of this many projects whose CI/CD variables, webhooks and deploy keys differ
    /// between the instances ("Complete the move" bench; up to 20000).
    #[arg(long, default_value_t = 0)]
    scale_settings: usize,
    /// Variables of each --scale-settings project already on the destination (of 20; 0: all missing).
    #[arg(long, default_value_t = 10)]
    scale_settings_copied: usize,
    /// Fault to inject into a share of API answers.
    #[arg(long, value_enum)]
    fault: Option<FaultMode>,
    /// Share of API requests hit by --fault, from 0 to 1.
    #[arg(long, default_value_t = 0.0)]
    fault_rate: f64,
    /// Adds the hostile-string corpus (scripts, broken markup, javascript: URLs...) to every shown field, and a
    /// finished migration whose CI/CD variables, webhooks, deploy keys, schedules and tokens carry it.
    #[arg(long)]
    hostile: bool,
    /// Latency added to every API answer, in milliseconds.
    #[arg(long, default_value_t = 0)]
    latency_ms: u64,
    /// Serve config.json with the sandbox's OAuth application (`sandbox-console`): "Sign in with GitLab".
    #[arg(long)]
    oauth_app: bool,
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let args = Args::parse();
    let source_url = format!("http://127.0.0.1:{}", args.source_port);
    let settings = Settings {
        bulk_import_enabled: !args.disabled,
        speed: args.speed.max(0.0),
        stale_after_s: args.stale_after,
        source_version: args.source_version.clone(),
        ..Settings::default()
    };
    let mut world = build_world(SeedOptions {
        seed: args.seed,
        start_ms: now_ms(),
        source_url: source_url.clone(),
        settings,
        scale_entities: args.scale_entities.min(20_000),
        scale_failures: args.scale_failures.min(20_000),
    });
    if args.scale_source_users > 0 {
        sandbox::contributions::seed::seed_many(&mut world, "migrated", args.scale_source_users.min(20_000));
    }
    let groups = args.scale_source_groups.map(|g| g.clamp(1, 1_000));
    sandbox::source::campaign::seed_scale_in(&mut world, args.scale_source.min(20_000), groups);
    sandbox::settings::scale::seed_copied(&mut world, args.scale_settings.min(20_000), args.scale_settings_copied);
    if args.hostile {
        sandbox::hostile::seed(&mut world);
        sandbox::settings::hostile::seed(&mut world);
    }
    world.oauth.config_application = args.oauth_app;
    let state = Sandbox::new(world, args.dist.clone());
    *state.faults.lock().unwrap_or_else(|p| p.into_inner()) = Faults {
        mode: args.fault,
        rate: args.fault_rate.clamp(0.0, 1.0),
        latency_ms: args.latency_ms,
        ..Faults::default()
    };

    let dest = tokio::net::TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], args.port))).await?;
    let source = tokio::net::TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], args.source_port))).await?;
    println!("GitLab sandbox");
    println!("  console and destination API: http://127.0.0.1:{}/", args.port);
    println!("  source instance:             {source_url}");
    println!("  sign in with token:          sandbox-owner-token");
    println!("  source token (for imports):  sandbox-source-token");
    let source_app = routes::source(state.clone());
    tokio::spawn(async move { axum::serve(source, source_app).await });
    axum::serve(dest, routes::destination(state)).with_graceful_shutdown(shutdown()).await
}

async fn shutdown() {
    let _ = tokio::signal::ctrl_c().await;
}

fn now_ms() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_millis() as i64).unwrap_or(0)
}
