//! "Show API request": a state-changing request as the user may send it themselves — its
//! body as JSON with the password masked, the same call with curl through this console's
//! server, and with Zenlayer's Python SDK (zenlayercloud-sdk-python). Shared by the single
//! reinstall (ResetInstance) and the fleet (ResetInstances).

use serde::Serialize;

/// What stands for the password wherever a request is shown.
pub const MASK: &str = "********";

/// The body as JSON, pretty-printed, the password masked.
pub fn body_shown(request: &impl Serialize) -> String {
    let mut body = serde_json::to_value(request).expect("requests serialise");
    if let Some(password) = body.get_mut("password") {
        *password = serde_json::Value::from(MASK);
    }
    serde_json::to_string_pretty(&body).expect("values serialise")
}

/// The same call with curl, against the proxy at `origin`.
pub fn curl(action: &str, request: &impl Serialize, origin: &str) -> String {
    let body = body_shown(request).replace('\'', "'\\''");
    format!(
        "curl -s {origin}/api/v2/zec -H 'X-ZC-Action: {action}' -H 'Content-Type: application/json' \\\n  -d '{body}'"
    )
}

/// The same call with Zenlayer's Python SDK.
pub fn python(action: &str, request: &impl Serialize) -> String {
    let value = serde_json::to_value(request).expect("requests serialise");
    let fields = value
        .as_object()
        .into_iter()
        .flatten()
        .map(|(name, value)| {
            let shown = match (name.as_str(), value) {
                ("password", _) => format!("\"{MASK}\""),
                (_, serde_json::Value::Bool(flag)) => {
                    if *flag { "True" } else { "False" }.to_owned()
                }
                (_, other) => other.to_string(),
            };
            format!("request.{name} = {shown}")
        });
    let mut lines = vec![
        "from zenlayercloud.common.credential import Credential".to_owned(),
        "from zenlayercloud.zec.v20250901 import zec_client, models".to_owned(),
        String::new(),
        "client = zec_client.ZecClient(Credential(\"<AccessKeyId>\", \"<AccessKeyPassword>\"))"
            .to_owned(),
        format!("request = models.{action}Request()"),
    ];
    lines.extend(fields);
    lines.push(format!("response = client.{action}(request)"));
    lines.join("\n")
}
