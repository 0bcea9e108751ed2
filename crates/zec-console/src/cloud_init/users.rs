//! The users a cloud-config asks for, in cloud-init's normal form: `users` (a list, a
//! comma-separated string or the older mapping), `- default`, and the older `user:` that
//! configures the default user. Without `users` the image's own `users: [default]` applies.

use super::logins::Account;
use super::yaml::Value;

/// One user cloud-init creates, with its settings (the first that names a key wins).
pub struct Entry {
    pub account: Account,
    settings: Vec<Value>,
}

impl Entry {
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.settings.iter().find_map(|settings| settings.get(key))
    }
}

fn names(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(',')
        .map(str::trim)
        .filter(|name| !name.is_empty())
        .map(str::to_owned)
}

/// The users `users` (and the older `user`) ask for, in cloud-init's normal form.
pub fn users(config: &Value) -> Vec<Entry> {
    let old_user = match config.get("user") {
        Some(Value::Str(name)) if !name.is_empty() => Some(Value::Map(vec![(
            Value::Str("name".into()),
            Value::Str(name.clone()),
        )])),
        Some(user @ Value::Map(_)) => Some(user.clone()),
        _ => None,
    };
    // Without `users` the image's configuration applies: `users: [default]`.
    let listed = config
        .get("users")
        .cloned()
        .unwrap_or_else(|| Value::Seq(vec![Value::Str("default".into())]));
    let mut found: Vec<(String, Value)> = Vec::new();
    let mut add = |name: String, settings: Value| found.push((name, settings));
    let empty = || Value::Map(vec![]);
    match &listed {
        Value::Str(text) => names(text).for_each(|name| add(name, empty())),
        Value::Seq(items) => {
            for item in items {
                match item {
                    Value::Str(text) => names(text).for_each(|name| add(name, empty())),
                    Value::Map(_) => {
                        let name = item.get("name").and_then(Value::text);
                        add(name.unwrap_or_else(|| "default".into()), item.clone());
                    }
                    _ => {}
                }
            }
        }
        Value::Map(pairs) => {
            for (name, settings) in pairs {
                let Some(name) = name.text() else { continue };
                match settings {
                    Value::Map(_) => add(name, settings.clone()),
                    other if other.truthy() => add(name, empty()),
                    _ => {}
                }
            }
        }
        // `users:` with nothing (or a flag): no users at all, not even the default one.
        _ => {}
    }
    if old_user.is_some() {
        add("default".into(), empty());
    }
    let default_name = old_user
        .as_ref()
        .and_then(|user| user.get("name"))
        .and_then(Value::text);
    let mut entries: Vec<Entry> = Vec::new();
    for (name, settings) in found {
        let is_default = name == "default" || Some(&name) == default_name.as_ref();
        let account = match (is_default, name.as_str()) {
            (true, _) => Account::Default(default_name.clone()),
            (false, "root") => Account::Root,
            (false, _) => Account::User(name),
        };
        match entries.iter_mut().find(|entry| entry.account == account) {
            // Listed twice: the later settings are merged over the earlier ones.
            Some(entry) => entry.settings.insert(0, settings),
            None => entries.push(Entry {
                account,
                settings: vec![settings],
            }),
        }
    }
    if let (Some(user), Some(entry)) = (
        old_user,
        entries
            .iter_mut()
            .find(|entry| matches!(entry.account, Account::Default(_))),
    ) {
        entry.settings.push(user);
    }
    entries
}
