//! A real GitLab client nobody here wrote, python-gitlab 8.6, against both instances without
//! `keep_base_url`: `tests/python/gitlab_client.py` lists every page at `per_page=2`, gets groups and
//! projects, a group's projects with subgroups, searches users, creates a migration, reads an entity's
//! failures and pages `importSourceUsers` through its GraphQL client. `scripts/setup.sh` installs it; when it
//! is missing this test fails and says so.

use crate::support;

use std::io::Read;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The python-gitlab `scripts/setup.sh` pins (8.6.*).
const WANTED: &str = "8.6.";

/// The script gets this long; then it is killed and the test fails with what it printed.
const SCRIPT_TIMEOUT: Duration = Duration::from_secs(120);

/// What the script printed on stdout and stderr, and whether it exited successfully (`None`: killed at
/// [`SCRIPT_TIMEOUT`]).
fn run_script(script: &str, dest: &str, source: &str) -> (String, String, Option<bool>) {
    let mut child = Command::new("python3")
        .arg(script)
        .env("DEST_URL", dest)
        .env("SOURCE_URL", source)
        // Both instances listen on 127.0.0.1: a proxy from the environment must not be asked for them.
        .env("NO_PROXY", "127.0.0.1,localhost")
        .env("no_proxy", "127.0.0.1,localhost")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("python3 runs");
    let drain = |mut pipe: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut text = Vec::new();
            let _ = pipe.read_to_end(&mut text);
            String::from_utf8_lossy(&text).into_owned()
        })
    };
    let stdout = drain(Box::new(child.stdout.take().expect("piped stdout")));
    let stderr = drain(Box::new(child.stderr.take().expect("piped stderr")));
    let started = Instant::now();
    let success = loop {
        if let Some(status) = child.try_wait().expect("the script's status") {
            break Some(status.success());
        }
        if started.elapsed() >= SCRIPT_TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    (stdout.join().unwrap_or_default(), stderr.join().unwrap_or_default(), success)
}

/// python-gitlab's version, or why it cannot be used.
fn python_gitlab() -> Result<String, String> {
    let out = Command::new("python3")
        .args(["-c", "import gitlab, gql; print(gitlab.__version__)"])
        .output()
        .map_err(|e| format!("python3 cannot be run: {e}"))?;
    if !out.status.success() {
        return Err(String::from_utf8_lossy(&out.stderr).trim().to_string());
    }
    Ok(String::from_utf8_lossy(&out.stdout).trim().to_string())
}

#[tokio::test]
async fn python_gitlab_works_against_the_sandbox() {
    let version = python_gitlab().unwrap_or_else(|why| {
        panic!(
            "python-gitlab (with its [graphql] extra) is not installed, so the sandbox's REST conformance \
             cannot be checked with it: run `bash scripts/setup.sh` (it installs python-gitlab[graphql]==8.6.*). \
             Python said: {why}"
        )
    });
    assert!(version.starts_with(WANTED), "python-gitlab {version} found, 8.6 wanted: run `bash scripts/setup.sh`");

    let peer = support::start().await;
    let script = format!("{}/tests/python/gitlab_client.py", env!("CARGO_MANIFEST_DIR"));
    let (dest, source) = (peer.dest.clone(), peer.source.clone());
    // The sandbox keeps answering on this runtime while the script runs on a blocking thread.
    let (stdout, stderr, success) =
        tokio::task::spawn_blocking(move || run_script(&script, &dest, &source)).await.expect("the script's thread");
    println!("{stdout}");
    let Some(success) = success else {
        panic!("python-gitlab's script was killed after {SCRIPT_TIMEOUT:?}:\n{stdout}\n{stderr}");
    };
    assert!(success, "python-gitlab failed against the sandbox:\n{stdout}\n{stderr}");
    for step in [
        "auth",
        "list get_all per_page=2",
        "groups.get",
        "group projects with subgroups",
        "projects.get",
        "users.list(search=)",
        "bulk_imports.create",
        "an entity's failures",
        "importSourceUsers through gitlab.GraphQL",
    ] {
        assert!(stdout.contains(&format!("ok {step}:")), "step {step:?} did not pass:\n{stdout}\n{stderr}");
    }
}
