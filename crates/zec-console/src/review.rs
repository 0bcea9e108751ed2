//! What a reinstall changes, what it keeps, and how the user gets in afterwards, computed
//! from the instance and the request before anything is erased. Pure: the plan freezes it
//! and the dialog shows it.

use crate::i18n::{msg, text, word, Id};
use zec_api::rules;
use zec_api::wire::{Image, InstanceInfo, KeyPair, ResetInstanceRequest};
use zec_api::OsType;

use crate::cloud_init::{sentences, Verdict};
use crate::user_data;

/// One setting before and after.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChangeRow {
    pub label: &'static str,
    pub before: String,
    pub after: String,
}

impl ChangeRow {
    pub fn changed(&self) -> bool {
        self.before != self.after
    }
}

/// How the user logs in once the reinstall is done.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LoginAfter {
    Password,
    KeyPair {
        name: String,
    },
    /// The image sets up its own login (Windows), with how.
    ImageSetup(String),
    /// What the user data sets up (images that take no password or key), with how.
    UserData(String),
    /// Nothing in the plan lets anyone in: the user must say they have another way.
    NoKnownWay(String),
    /// The user data decides at boot in a way that cannot be read here: the user must say
    /// it sets up a way in, or that they have another.
    Unchecked(String),
}

impl LoginAfter {
    pub fn needs_acknowledgement(&self) -> bool {
        self.acknowledgement().is_some()
    }

    /// What the user must tick before Confirm, when the plan may leave no way in.
    pub fn acknowledgement(&self) -> Option<String> {
        match self {
            LoginAfter::NoKnownWay(_) => Some(word(Id::AckOtherWayIn)),
            LoginAfter::Unchecked(_) => Some(word(Id::AckOtherWayInOrUserData)),
            _ => None,
        }
    }

    /// Follows "Log in with …".
    pub fn describe(&self) -> String {
        match self {
            LoginAfter::Password => word(Id::LoginWithPassword),
            LoginAfter::KeyPair { name } => text(msg::LoginWithKey { name: name.clone() }),
            LoginAfter::ImageSetup(how) | LoginAfter::UserData(how) => how.clone(),
            LoginAfter::NoKnownWay(_) => word(Id::LoginWithNoWay),
            LoginAfter::Unchecked(_) => word(Id::LoginWithUserData),
        }
    }
}

/// Everything the dialog says about the consequences.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Consequences {
    pub changes: Vec<ChangeRow>,
    pub kept: Vec<(&'static str, String)>,
    pub login: LoginAfter,
    /// Things that stop working or surprise, one sentence each.
    pub warnings: Vec<String>,
}

/// What the review needs to know about the world.
pub struct ReviewContext<'a> {
    pub instance: &'a InstanceInfo,
    pub current_image: Option<&'a Image>,
    pub new_image: Option<&'a Image>,
    pub key_pairs: &'a [KeyPair],
}

fn key_name(key_pairs: &[KeyPair], key_id: &str) -> String {
    key_pairs
        .iter()
        .find(|key| key.key_id == key_id)
        .map_or_else(|| key_id.to_owned(), |key| key.key_name.clone())
}

fn on_off(on: bool) -> String {
    if on {
        word(Id::On)
    } else {
        word(Id::Off)
    }
}

pub fn consequences(request: &ResetInstanceRequest, context: &ReviewContext<'_>) -> Consequences {
    let options = &request.options;
    let instance = context.instance;
    let current_login = match &instance.key_id {
        Some(key) => text(msg::LoginKey {
            name: key_name(context.key_pairs, key),
        }),
        None => word(Id::LoginPassword),
    };
    let login = login_after(request, context);
    let new_login = match &login {
        LoginAfter::Password => word(Id::LoginNewPassword),
        LoginAfter::KeyPair { name } => text(msg::LoginKey { name: name.clone() }),
        LoginAfter::ImageSetup(_) => word(Id::LoginByImage),
        LoginAfter::UserData(_) => word(Id::LoginByUserData),
        LoginAfter::NoKnownWay(_) => word(Id::NoneWord),
        LoginAfter::Unchecked(_) => word(Id::LoginUnchecked),
    };
    let user_data = match &options.user_data {
        None => word(Id::NoneWord),
        Some(data) => text(msg::UserDataSummary {
            bytes: data.len(),
            kind: user_data::detect(data).kind.label().to_owned(),
        }),
    };
    let image_name = |image: Option<&Image>, fallback: &str| {
        image.map_or_else(|| fallback.to_owned(), |image| image.image_name.clone())
    };
    let current_zone = instance
        .time_zone
        .clone()
        .unwrap_or_else(|| word(Id::Unknown));
    let changes = vec![
        ChangeRow {
            label: "Image",
            before: instance.image_name.clone(),
            after: image_name(context.new_image, &instance.image_name),
        },
        ChangeRow {
            label: "Login",
            before: current_login,
            after: new_login,
        },
        ChangeRow {
            label: "Name",
            before: instance.display_name().to_owned(),
            after: options
                .instance_name
                .clone()
                .unwrap_or_else(|| instance.display_name().to_owned()),
        },
        ChangeRow {
            label: "Time zone",
            before: current_zone.clone(),
            after: options.timezone.clone().unwrap_or(current_zone),
        },
        ChangeRow {
            label: "QEMU guest agent (QGA)",
            before: on_off(instance.enable_agent),
            after: on_off(options.enable_agent == Some(true)),
        },
        ChangeRow {
            label: "User data",
            before: word(Id::NoneWord),
            after: user_data,
        },
    ];

    let list = |items: &[String]| {
        if items.is_empty() {
            word(Id::NoneWord)
        } else {
            items.join(&word(Id::ListSeparator))
        }
    };
    let data_disks = instance
        .data_disks
        .iter()
        .map(|disk| {
            text(msg::DiskWithSize {
                disk: disk
                    .disk_name
                    .clone()
                    .unwrap_or_else(|| disk.disk_id.clone()),
                size: disk.disk_size,
            })
        })
        .collect::<Vec<_>>();
    let kept = vec![
        ("Instance id", instance.instance_id.clone()),
        ("Public IP addresses", list(&instance.public_ip_addresses)),
        ("Private IP addresses", list(&instance.private_ip_addresses)),
        ("Zone", instance.zone_id.clone()),
        ("Data disks", list(&data_disks)),
        (
            "Boot disk size",
            text(msg::GiB {
                size: instance.system_disk.disk_size.to_string(),
            }),
        ),
    ];

    let mut warnings = Vec::new();
    if let Some(old_key) = &instance.key_id {
        if options.key_id.as_ref() != Some(old_key) {
            warnings.push(text(msg::KeyStopsWorkingShort {
                key: key_name(context.key_pairs, old_key),
                instance: instance.display_name().to_owned(),
            }));
        }
    }
    if let LoginAfter::NoKnownWay(why) | LoginAfter::Unchecked(why) = &login {
        warnings.push(why.clone());
    }
    // cloud-init skips user data it cannot read: say so before the disk is erased.
    if let Some(problem) = options
        .user_data
        .as_deref()
        .and_then(|text| user_data::detect(text).problem)
    {
        warnings.push(problem);
    }
    Consequences {
        changes,
        kept,
        login,
        warnings,
    }
}

/// How anyone gets in afterwards: the password or key set now, or the image's own setup.
/// A Generic image without user data that sets credentials leaves no known way in.
pub fn login_after(request: &ResetInstanceRequest, context: &ReviewContext<'_>) -> LoginAfter {
    let options = &request.options;
    if options.password.is_some() {
        return LoginAfter::Password;
    }
    if let Some(key) = &options.key_id {
        return LoginAfter::KeyPair {
            name: key_name(context.key_pairs, key),
        };
    }
    let image = context.new_image.or(context.current_image);
    if image.is_some_and(|image| image.os_type == OsType::Windows) {
        return LoginAfter::ImageSetup(word(Id::LoginWindows));
    }
    let image_name = image.map_or("this image", |image| image.image_name.as_str());
    let Some(text) = options.user_data.as_deref() else {
        return LoginAfter::NoKnownWay(text(msg::NoWayIn {
            image: image_name.to_owned(),
        }));
    };
    let verdict = user_data::detect(text).verdict;
    match (&verdict, sentences::warning(&verdict, image_name)) {
        (Verdict::Ways(ways), _) => LoginAfter::UserData(sentences::ways(ways)),
        (Verdict::CannotTell(_), Some(why)) => LoginAfter::Unchecked(why),
        (_, why) => LoginAfter::NoKnownWay(why.unwrap_or_default()),
    }
}

/// The user name people log in with, and whether that is a guess.
pub fn likely_user(image: Option<&Image>) -> (&'static str, bool) {
    match image {
        Some(image) if image.os_type == OsType::Windows => ("Administrator", false),
        Some(image) if rules::image_accepts_login(image) => ("root", true),
        _ => ("root", true),
    }
}
