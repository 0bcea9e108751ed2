//! A throwaway PostgreSQL cluster for one test: `initdb` in a temporary directory, started on
//! a Unix socket there (no TCP port to collide with anything), stopped and removed when
//! dropped. `initdb` and `pg_ctl` refuse to run as root, so as root they run as the
//! unprivileged `postgres` user (or `nobody`) through `runuser`.
//!
//! A missing PostgreSQL fails the test with how to install it. `ZEC_TEST_SKIP_POSTGRES=1`
//! skips these tests knowingly (for a developer without it; `make test` never sets it).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicU32, Ordering};

pub struct Postgres {
    dir: PathBuf,
    bin: PathBuf,
    /// The unprivileged user the cluster runs as when the tests run as root.
    user: Option<String>,
    /// `postgres://…` for the proxy's `--database`.
    pub url: String,
}

/// Where Debian puts the server's programs (`/usr/lib/postgresql/15/bin`), else `pg_config`.
fn bin_dir() -> Option<PathBuf> {
    let mut versions: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|entry| {
            let version = entry.file_name().to_str()?.parse::<u32>().ok()?;
            let bin = entry.path().join("bin");
            bin.join("initdb").exists().then_some((version, bin))
        })
        .collect();
    versions.sort();
    if let Some((_, bin)) = versions.pop() {
        return Some(bin);
    }
    let output = Command::new("pg_config").arg("--bindir").output().ok()?;
    let bin = PathBuf::from(String::from_utf8(output.stdout).ok()?.trim());
    bin.join("initdb").exists().then_some(bin)
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|out| String::from_utf8_lossy(&out.stdout).trim() == "0")
}

fn user_exists(name: &str) -> bool {
    Command::new("id")
        .arg(name)
        .output()
        .is_ok_and(|out| out.status.success())
}

impl Postgres {
    /// A running cluster, or `None` when skipped with `ZEC_TEST_SKIP_POSTGRES=1`.
    pub fn start() -> Option<Postgres> {
        if std::env::var("ZEC_TEST_SKIP_POSTGRES").is_ok_and(|v| v == "1") {
            eprintln!(
                "\n*** SKIPPED: a PostgreSQL test (ZEC_TEST_SKIP_POSTGRES=1). `make test` runs it. ***\n"
            );
            return None;
        }
        let bin = bin_dir().unwrap_or_else(|| {
            panic!(
                "PostgreSQL is not installed (no initdb under /usr/lib/postgresql/*/bin or from \
                 pg_config): run scripts/install-tools.sh (Debian's postgresql), or set \
                 ZEC_TEST_SKIP_POSTGRES=1 to skip the PostgreSQL tests knowingly"
            )
        });
        static CLUSTERS: AtomicU32 = AtomicU32::new(0);
        let dir = std::env::temp_dir().join(format!(
            "zec-test-pg-{}-{}",
            std::process::id(),
            CLUSTERS.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let user = is_root().then(|| {
            let user = ["postgres", "nobody"]
                .into_iter()
                .find(|name| user_exists(name))
                .expect("running as root, and neither postgres nor nobody exists to run initdb");
            let chown = Command::new("chown").arg(user).arg(&dir).status().unwrap();
            assert!(chown.success(), "chown {user} {}", dir.display());
            user.to_owned()
        });
        let url = format!(
            "postgres://zec@localhost/postgres?host={}&port=5432",
            dir.display()
        );
        let postgres = Postgres {
            dir,
            bin,
            user,
            url,
        };
        let data = postgres.dir.join("data");
        postgres.run(
            "initdb",
            &[
                "-D",
                &data.display().to_string(),
                "-U",
                "zec",
                "--auth=trust",
                "-E",
                "UTF8",
                "--no-sync",
                "--no-instructions",
            ],
        );
        postgres.start_again();
        Some(postgres)
    }

    /// Runs one of the server's programs (as the unprivileged user when root); panics with
    /// its output when it fails.
    fn run(&self, program: &str, args: &[&str]) {
        let output = self
            .command(program)
            .args(args)
            .output()
            .unwrap_or_else(|error| panic!("cannot run {program}: {error}"));
        assert!(
            output.status.success(),
            "{program} failed: {}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
    }

    fn command(&self, program: &str) -> Command {
        let path = self.bin.join(program);
        let mut command = match &self.user {
            Some(user) => {
                let mut command = Command::new("runuser");
                command.args(["-u", user, "--"]).arg(&path);
                command
            }
            None => Command::new(&path),
        };
        command.current_dir(&self.dir);
        command
    }

    fn data(&self) -> String {
        self.dir.join("data").display().to_string()
    }

    /// Starts the cluster (again, after [`Postgres::stop`]): a socket in its directory, no
    /// TCP, no fsync (a test cluster: what it commits survives its own crash, in the page
    /// cache, not the machine's).
    pub fn start_again(&self) {
        let options = format!(
            "-k {} -c listen_addresses='' -c fsync=off -c full_page_writes=off \
             -c max_connections=60",
            self.dir.display()
        );
        let log = self.dir.join("log").display().to_string();
        self.run(
            "pg_ctl",
            &[
                "-D",
                &self.data(),
                "-o",
                &options,
                "-l",
                &log,
                "-w",
                "start",
            ],
        );
    }

    /// Stops the cluster at once, as an outage would.
    pub fn stop(&self) {
        self.run(
            "pg_ctl",
            &["-D", &self.data(), "-m", "immediate", "-w", "stop"],
        );
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }
}

impl Drop for Postgres {
    fn drop(&mut self) {
        let _ = self
            .command("pg_ctl")
            .args(["-D", &self.data(), "-m", "immediate", "-w", "stop"])
            .output();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
