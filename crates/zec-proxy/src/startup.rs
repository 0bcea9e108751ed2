//! What the binary reads at start besides its flags: secrets from files and the environment
//! (never from a flag value, which `ps` shows to every user), and the access settings checked
//! against each other. The binary (`main.rs`) only wires these together.

use std::path::Path;

use ipnet::IpNet;
use zec_api::grant::Permission;

use crate::ids::check_canonical;
use crate::secret::Secret;
use crate::session::SessionKeys;
use crate::upstream::UpstreamCredentials;

pub fn env_var(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|value| !value.is_empty())
}

/// A file's content without its final line break; an empty file is refused.
fn read_secret_file(flag: &str, path: &Path) -> anyhow::Result<String> {
    let text = std::fs::read_to_string(path)
        .map_err(|error| anyhow::anyhow!("cannot read {flag} {}: {error}", path.display()))?;
    let secret = text.trim_end_matches(['\r', '\n']).to_owned();
    anyhow::ensure!(!secret.is_empty(), "{flag} {} is empty", path.display());
    Ok(secret)
}

/// A secret from `--<flag> FILE` or the environment variable `env`, not both.
fn file_or_env(flag: &str, path: Option<&Path>, env: &str) -> anyhow::Result<Option<String>> {
    let from_file = path.map(|path| read_secret_file(flag, path)).transpose()?;
    match (from_file, env_var(env)) {
        (Some(_), Some(_)) => anyhow::bail!("set {flag} or {env}, not both"),
        (Some(secret), None) | (None, Some(secret)) => Ok(Some(secret)),
        (None, None) => Ok(None),
    }
}

/// Credentials come from the environment only, never from flags.
pub fn credentials_from_env() -> anyhow::Result<Option<UpstreamCredentials>> {
    match (
        env_var("ZENLAYER_ACCESS_KEY_ID"),
        env_var("ZENLAYER_ACCESS_KEY_PASSWORD"),
        env_var("ZENLAYER_ACCESS_TOKEN"),
    ) {
        (Some(id), Some(password), _) => Ok(Some(UpstreamCredentials::AccessKey { id, password })),
        (Some(_), None, _) | (None, Some(_), _) => {
            anyhow::bail!(
                "set both ZENLAYER_ACCESS_KEY_ID and ZENLAYER_ACCESS_KEY_PASSWORD, or neither"
            )
        }
        (None, None, Some(token)) => Ok(Some(UpstreamCredentials::Token(token))),
        (None, None, None) => Ok(None),
    }
}

/// The browsers' shared token: `--token-file` or `ZEC_PROXY_TOKEN`.
pub fn browser_token(token_file: Option<&Path>) -> anyhow::Result<Option<Secret>> {
    Ok(file_or_env("--token-file", token_file, "ZEC_PROXY_TOKEN")?.map(Secret::new))
}

/// The session keys: an HS256 secret (`--session-secret-file` or `ZEC_SESSION_SECRET`) or the
/// portal's Ed25519 public key (`--session-public-key`, PEM), not both.
pub fn session_keys(
    secret_file: Option<&Path>,
    public_key: Option<&Path>,
) -> anyhow::Result<Option<SessionKeys>> {
    let secret = file_or_env("--session-secret-file", secret_file, "ZEC_SESSION_SECRET")?;
    match (secret, public_key) {
        (Some(_), Some(_)) => anyhow::bail!(
            "give either a shared secret (--session-secret-file / ZEC_SESSION_SECRET) or the \
             portal's public key (--session-public-key), not both"
        ),
        (Some(secret), None) => Ok(Some(SessionKeys::hs256(secret.as_bytes())?)),
        (None, Some(path)) => {
            let pem = std::fs::read(path).map_err(|error| {
                anyhow::anyhow!(
                    "cannot read --session-public-key {}: {error}",
                    path.display()
                )
            })?;
            let keys = SessionKeys::ed25519_public_pem(&pem).map_err(|error| {
                anyhow::anyhow!("--session-public-key {}: {error}", path.display())
            })?;
            Ok(Some(keys))
        }
        (None, None) => Ok(None),
    }
}

/// `--trusted-proxy` values: addresses (`10.0.0.5`) or networks (`10.0.0.0/8`).
pub fn trusted_proxies(values: &[String]) -> anyhow::Result<Vec<IpNet>> {
    values
        .iter()
        .map(|value| value.trim())
        .filter(|value| !value.is_empty())
        .map(|value| {
            value
                .parse::<IpNet>()
                .or_else(|_| value.parse::<std::net::IpAddr>().map(IpNet::from))
                .map_err(|_| {
                    anyhow::anyhow!("--trusted-proxy {value:?} is not an address or network")
                })
        })
        .collect()
}

/// Ids given in a flag, each in canonical form (`ids.rs`).
pub fn canonical_ids(flag: &str, values: &[String]) -> anyhow::Result<Vec<String>> {
    let mut ids: Vec<String> = values
        .iter()
        .map(|id| id.trim().to_owned())
        .filter(|id| !id.is_empty())
        .collect();
    for id in &ids {
        check_canonical(flag, id).map_err(|refusal| anyhow::anyhow!(refusal.message))?;
    }
    ids.sort();
    ids.dedup();
    Ok(ids)
}

/// `--actions reinstall,power`: permission names.
pub fn permissions(values: &[String]) -> anyhow::Result<Vec<Permission>> {
    values
        .iter()
        .map(|name| name.trim())
        .filter(|name| !name.is_empty())
        .map(|name| {
            Permission::from_name(name).ok_or_else(|| {
                anyhow::anyhow!(
                    "--actions {name:?}: the actions are {}",
                    Permission::ALL.map(Permission::as_str).join(", ")
                )
            })
        })
        .collect()
}

/// The activity database's address: `--database` or `ZEC_DATABASE_URL`, not both; neither
/// means an SQLite file in the data directory, which must exist (`make run` creates it). A
/// password in `--database` is refused: `ps` shows a flag to every user of the machine.
pub fn database_url(flag: Option<&str>, data_dir: &Path) -> anyhow::Result<String> {
    match (flag, env_var("ZEC_DATABASE_URL")) {
        (Some(_), Some(_)) => anyhow::bail!("set --database or ZEC_DATABASE_URL, not both"),
        (None, Some(url)) => Ok(url),
        (Some(url), None) => {
            let with_password = url::Url::parse(url).is_ok_and(|parsed| {
                parsed.password().is_some()
                    || parsed.query_pairs().any(|(key, _)| key == "password")
            });
            anyhow::ensure!(
                !with_password || url.starts_with("sqlite:"),
                "--database must not hold a password: every user of this machine can read the \
                 command line (ps). Put it in PGPASSWORD or ~/.pgpass, or pass the whole address \
                 in ZEC_DATABASE_URL."
            );
            Ok(url.to_owned())
        }
        (None, None) => {
            anyhow::ensure!(
                data_dir.is_dir(),
                "the data directory {} does not exist: create it (make run does), pass \
                 --data-dir DIR, or --database sqlite:PATH / postgres://…",
                data_dir.display()
            );
            Ok(format!(
                "sqlite:{}",
                data_dir.join("activity.sqlite3").display()
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_database_flag_takes_no_password() {
        let data = std::env::temp_dir();
        let url = database_url(Some("postgres://zec@db.internal/zec"), &data).unwrap();
        assert_eq!(url, "postgres://zec@db.internal/zec");
        for leaky in [
            "postgres://zec:hunter2@db.internal/zec",
            "postgresql://db.internal/zec?user=zec&password=hunter2",
        ] {
            let error = database_url(Some(leaky), &data).unwrap_err().to_string();
            assert!(
                error.contains("PGPASSWORD") && !error.contains("hunter2"),
                "{error}"
            );
        }
        let default = database_url(None, &data).unwrap();
        assert!(default.starts_with("sqlite:") && default.ends_with("activity.sqlite3"));
        let missing = database_url(None, &data.join("no-such-dir-zec")).unwrap_err();
        assert!(missing.to_string().contains("does not exist"), "{missing}");
    }
}
