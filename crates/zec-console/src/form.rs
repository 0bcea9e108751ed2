//! The reinstall form as data: what the user chose, the request it becomes, and which rule
//! each field breaks. The rules themselves live in `zec_api::rules`.

use std::collections::{HashMap, HashSet};
use std::fmt;

use serde::{Deserialize, Serialize};

use zec_api::rules::{self, Field, ResetContext, Violation};
use zec_api::wire::{Image, InstanceInfo, KeyPair, ResetInstanceRequest, ResetOptions};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum LoginChoice {
    Password,
    KeyPair,
}

/// What the user entered. Empty text means "not given" (keep the current value). Kept for
/// the tab with a confirmed plan, so it serialises, but never with its password.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReinstallForm {
    /// `None`: keep the current image.
    pub image_id: Option<String>,
    pub login: LoginChoice,
    #[serde(skip)]
    pub password: String,
    pub key_id: Option<String>,
    pub instance_name: String,
    /// `None`: keep the current time zone.
    pub timezone: Option<String>,
    pub enable_agent: bool,
    pub user_data: String,
    /// The password came from the generator (so it is handed over after the reinstall).
    #[serde(skip)]
    pub password_generated: bool,
    /// Snapshot the boot disk before erasing it, so the reinstall can be undone.
    pub snapshot: SnapshotChoice,
}

/// "Snapshot the boot disk first": on by default, kept 7 days, a name made from the
/// instance and the date unless the user gives one.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SnapshotChoice {
    pub enabled: bool,
    /// `None`: kept until deleted.
    pub retention_days: Option<u32>,
    /// Empty: the default name (`default_snapshot_name`).
    pub name: String,
}

impl Default for SnapshotChoice {
    fn default() -> Self {
        SnapshotChoice {
            enabled: true,
            retention_days: Some(7),
            name: String::new(),
        }
    }
}

/// The retention choices offered, in days (`None`: until deleted).
pub const RETENTION_CHOICES: [Option<u32>; 4] = [Some(1), Some(7), Some(30), None];

/// `before-reinstall-web-01-20261127T0814Z`: a name the snapshot-name rule accepts (its
/// characters, at most its length). The time tells several snapshots of one day apart; it is
/// written the ISO 8601 way (`T` before the time, `Z` for UTC) so `2026` after the date can
/// only be a time, never a year.
pub fn default_snapshot_name(instance_label: &str, now_unix: i64) -> String {
    let stamp = zec_api::time::format_utc(now_unix);
    let digits = |range: std::ops::Range<usize>| -> String {
        stamp[range].chars().filter(char::is_ascii_digit).collect()
    };
    let date = format!("{}T{}Z", digits(0..10), digits(11..16));
    let label: String = instance_label
        .chars()
        .map(|c| if rules::is_name_char(c) { c } else { '-' })
        .take(rules::NAME_MAX_CHARS - "before-reinstall--".len() - date.len())
        .collect();
    format!("before-reinstall-{}-{date}", label.trim_matches(['-', '.']))
}

/// The password is never printed.
impl fmt::Debug for ReinstallForm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ReinstallForm")
            .field("image_id", &self.image_id)
            .field("login", &self.login)
            .field(
                "password",
                &if self.password.is_empty() { "" } else { "***" },
            )
            .field("key_id", &self.key_id)
            .field("instance_name", &self.instance_name)
            .field("timezone", &self.timezone)
            .field("enable_agent", &self.enable_agent)
            .field("user_data_bytes", &self.user_data.len())
            .field("snapshot", &self.snapshot)
            .finish()
    }
}

impl Default for ReinstallForm {
    fn default() -> Self {
        ReinstallForm {
            image_id: None,
            login: LoginChoice::Password,
            password: String::new(),
            key_id: None,
            instance_name: String::new(),
            timezone: None,
            enable_agent: false,
            user_data: String::new(),
            password_generated: false,
            snapshot: SnapshotChoice::default(),
        }
    }
}

/// What the API lists for a reinstall plan: images, key pairs and time zones (`None` when
/// they could not be read: then the API alone checks a time zone).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Catalog {
    pub images: Vec<Image>,
    pub key_pairs: Vec<KeyPair>,
    pub time_zones: Option<Vec<String>>,
}

impl Catalog {
    pub fn image(&self, image_id: &str) -> Option<&Image> {
        self.images.iter().find(|image| image.image_id == image_id)
    }

    /// The form's view of the world for one instance.
    pub fn context<'a>(
        &'a self,
        instance: &'a InstanceInfo,
        images_without_agent: &'a HashSet<String>,
    ) -> FormContext<'a> {
        FormContext {
            instance,
            images: &self.images,
            key_pairs: &self.key_pairs,
            time_zones: self.time_zones.as_deref(),
            images_without_agent: Some(images_without_agent),
        }
    }
}

/// What the form knows about the world, from the API.
#[derive(Clone, Copy)]
pub struct FormContext<'a> {
    pub instance: &'a InstanceInfo,
    pub images: &'a [Image],
    pub key_pairs: &'a [KeyPair],
    pub time_zones: Option<&'a [String]>,
    /// Images the API said have no QGA agent (remembered for the page's life).
    pub images_without_agent: Option<&'a HashSet<String>>,
}

impl FormContext<'_> {
    pub fn current_image(&self) -> Option<&Image> {
        self.images
            .iter()
            .find(|image| image.image_id == self.instance.image_id)
    }

    pub fn image(&self, image_id: &str) -> Option<&Image> {
        self.images.iter().find(|image| image.image_id == image_id)
    }
}

impl ReinstallForm {
    /// The form as the instance is now, so that what is not changed is kept: its current
    /// image, its key pair when it has one (else a password), its QGA setting, name and time
    /// zone.
    pub fn for_instance(instance: &InstanceInfo) -> ReinstallForm {
        ReinstallForm {
            login: match instance.key_id {
                Some(_) => LoginChoice::KeyPair,
                None => LoginChoice::Password,
            },
            key_id: instance.key_id.clone(),
            instance_name: instance.instance_name.clone(),
            timezone: instance.time_zone.clone(),
            enable_agent: instance.enable_agent,
            ..ReinstallForm::default()
        }
    }

    /// The image that will be installed, when known.
    pub fn image_to_install<'a>(&self, context: &FormContext<'a>) -> Option<&'a Image> {
        match &self.image_id {
            Some(id) => context.images.iter().find(|image| &image.image_id == id),
            None => context
                .images
                .iter()
                .find(|image| image.image_id == context.instance.image_id),
        }
    }

    /// The name of the image that will be installed.
    pub fn image_name_to_install(&self, context: &FormContext<'_>) -> String {
        self.image_to_install(context).map_or_else(
            || context.instance.image_name.clone(),
            |image| image.image_name.clone(),
        )
    }

    /// How the user logs in afterwards, to follow "Log in with …".
    pub fn login_description(&self, context: &FormContext<'_>) -> String {
        if !self.takes_login(context) {
            return "the image's own setup (no password or key is set)".to_owned();
        }
        match self.login {
            LoginChoice::Password => "the password you set".to_owned(),
            LoginChoice::KeyPair => {
                let key = self
                    .key_id
                    .as_ref()
                    .and_then(|id| context.key_pairs.iter().find(|key| &key.key_id == id));
                format!(
                    "the SSH key pair {}",
                    key.map_or("", |key| key.key_name.as_str())
                )
            }
        }
    }

    /// Whether the login section applies (not for Windows and Generic images).
    pub fn takes_login(&self, context: &FormContext<'_>) -> bool {
        self.image_to_install(context)
            .is_none_or(rules::image_accepts_login)
    }

    /// The parameters the form sends. Windows and Generic images get neither password nor
    /// key; a chosen password is sent even when empty so its rule is reported on it.
    pub fn to_options(&self, context: &FormContext<'_>) -> ResetOptions {
        let takes_login = self.takes_login(context);
        let instance = context.instance;
        // A name or time zone equal to the current one is a "keep": not sent.
        let name = Some(self.instance_name.trim())
            .filter(|name| !name.is_empty() && *name != instance.instance_name)
            .map(str::to_owned);
        let timezone = self
            .timezone
            .as_deref()
            .map(|typed| {
                context
                    .time_zones
                    .and_then(|known| rules::canonical_timezone(typed, known))
                    .unwrap_or(typed)
                    .to_owned()
            })
            .filter(|zone| Some(zone) != instance.time_zone.as_ref());
        ResetOptions {
            password: (takes_login && self.login == LoginChoice::Password)
                .then(|| self.password.clone()),
            key_id: if takes_login && self.login == LoginChoice::KeyPair {
                self.key_id.clone()
            } else {
                None
            },
            image_id: self.image_id.clone(),
            timezone,
            // Absent means "off" to the API, so the choice is always sent.
            enable_agent: Some(self.enable_agent),
            instance_name: name,
            user_data: (!self.user_data.is_empty()).then(|| self.user_data.clone()),
        }
    }

    pub fn to_request(&self, context: &FormContext<'_>) -> ResetInstanceRequest {
        ResetInstanceRequest {
            instance_id: context.instance.instance_id.clone(),
            options: self.to_options(context),
        }
    }

    /// Every rule the form breaks, by field (the first per field). The instance's power
    /// state is reported separately by the panel, so it is left out here.
    pub fn violations(&self, context: &FormContext<'_>) -> HashMap<Field, Violation> {
        let options = self.to_options(context);
        let key_pair = options
            .key_id
            .as_ref()
            .and_then(|id| context.key_pairs.iter().find(|key| &key.key_id == id));
        let rule_context = ResetContext {
            instance: None,
            current_image: context.current_image(),
            requested_image: options.image_id.as_ref().and_then(|id| context.image(id)),
            key_pair,
            image_has_agent: self.image_to_install(context).and_then(|image| {
                let known = context.images_without_agent?;
                known.contains(&image.image_id).then_some(false)
            }),
            time_zones: context.time_zones,
        };
        let mut by_field = HashMap::new();
        for violation in rules::validate_reset(&options, &rule_context) {
            by_field.entry(violation.field()).or_insert(violation);
        }
        let snapshot_name = self.snapshot.name.trim();
        if self.snapshot.enabled && !snapshot_name.is_empty() {
            if let Err(violation) = rules::check_snapshot_name(snapshot_name) {
                by_field.entry(violation.field()).or_insert(violation);
            }
        }
        if let Some(image) = rule_context.requested_image {
            let current_os = rule_context.current_image.map(|current| &current.os_type);
            if let Err(violation) = rules::check_image(image, context.instance, current_os) {
                by_field.entry(Field::Image).or_insert(violation);
            }
        }
        by_field
    }
}

/// How a field is named to the user, in the submit button's "what is missing" list.
pub fn field_label(field: Field) -> String {
    use crate::i18n::{word, Id};
    word(match field {
        Field::Instance => Id::FieldInstance,
        Field::Request => Id::FieldRequest,
        Field::Image => Id::Image,
        Field::Login => Id::LoginMethod,
        Field::Password => Id::Password,
        Field::KeyId => Id::SshKeyPair,
        Field::InstanceName => Id::InstanceName,
        Field::Timezone => Id::TimeZone,
        Field::EnableAgent => Id::FieldAgent,
        Field::UserData => Id::UserData,
        Field::SnapshotName => Id::SnapshotName,
    })
}

/// Fields in the order they appear on the form, for focus and summaries.
pub const FIELD_ORDER: [Field; 9] = [
    Field::Image,
    Field::Login,
    Field::Password,
    Field::KeyId,
    Field::InstanceName,
    Field::Timezone,
    Field::EnableAgent,
    Field::UserData,
    Field::SnapshotName,
];

/// The element id of a field's control, so messages can point at it.
pub fn field_id(prefix: &str, field: Field) -> String {
    let name = match field {
        Field::Instance => "instance",
        Field::Request => "request",
        Field::Image => "image",
        Field::Login => "login",
        Field::Password => "password",
        Field::KeyId => "key",
        Field::InstanceName => "name",
        Field::Timezone => "timezone",
        Field::EnableAgent => "agent",
        Field::UserData => "userdata",
        Field::SnapshotName => "snapshot-name",
    };
    format!("{prefix}-{name}")
}
