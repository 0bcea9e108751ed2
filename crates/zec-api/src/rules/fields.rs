//! The rules of ResetInstance's other fields: names, user data, login, key pair, time zone,
//! QGA, and whether the image and the instance allow the reinstall.

use crate::states::{ImageStatus, InstanceStatus, OsType};
use crate::violation::{Operation, Violation};
use crate::wire::{Image, InstanceInfo, KeyPair, ResetOptions};

use super::Field;

/// Instance and snapshot names: 2–63 characters (docs/wire.md, "Limits").
pub const NAME_MIN_CHARS: usize = 2;
pub const NAME_MAX_CHARS: usize = 63;
/// Decision (docs/wire.md, "Limits"): userData is limited to 32 KiB of UTF-8.
pub const USER_DATA_MAX_BYTES: usize = 32 * 1024;
/// Image categories installed without any login setting, like Windows.
pub const GENERIC_CATEGORY: &str = "Generic";
/// Public key types a key pair may have; anything else is INVALID_KEY_PAIR_NOT_SUPPORT.
pub const SUPPORTED_KEY_TYPES: &[&str] = &[
    "ssh-rsa",
    "ssh-ed25519",
    "ecdsa-sha2-nistp256",
    "ecdsa-sha2-nistp384",
    "ecdsa-sha2-nistp521",
    "sk-ssh-ed25519@openssh.com",
    "sk-ecdsa-sha2-nistp256@openssh.com",
];

/// What a name names: the two share one rule, except that a snapshot name must also end
/// with a letter or digit (docs/wire.md, "Disk snapshots").
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Named {
    Instance,
    Snapshot,
}

impl Named {
    pub fn field(self) -> Field {
        match self {
            Named::Instance => Field::InstanceName,
            Named::Snapshot => Field::SnapshotName,
        }
    }
}

/// The characters a name may contain: letters, digits, `-` and `.`.
pub fn is_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '-' || c == '.'
}

/// 2–63 letters, digits, `-` and `.`, starting (a snapshot's also ending) with a letter or
/// digit. Refused as `INVALID_PARAMETER`.
pub fn check_name(named: Named, name: &str) -> Result<(), Violation> {
    let chars = name.chars().count();
    let alphanumeric = |c: char| c.is_ascii_alphanumeric();
    if !(NAME_MIN_CHARS..=NAME_MAX_CHARS).contains(&chars) {
        Err(Violation::NameLength { named, chars })
    } else if !name.chars().all(is_name_char) {
        Err(Violation::NameCharacters { named })
    } else if !name.starts_with(alphanumeric)
        || (named == Named::Snapshot && !name.ends_with(alphanumeric))
    {
        Err(Violation::NameEnds { named })
    } else {
        Ok(())
    }
}

pub fn check_instance_name(name: &str) -> Result<(), Violation> {
    check_name(Named::Instance, name)
}

pub fn check_snapshot_name(name: &str) -> Result<(), Violation> {
    check_name(Named::Snapshot, name)
}

pub fn check_user_data(user_data: &str) -> Result<(), Violation> {
    let bytes = user_data.len();
    if bytes <= USER_DATA_MAX_BYTES {
        return Ok(());
    }
    Err(Violation::UserDataTooLong { bytes })
}

/// Password and key pair exclude each other.
pub fn check_login_exclusive(options: &ResetOptions) -> Result<(), Violation> {
    if options.password.is_some() && options.key_id.is_some() {
        return Err(Violation::LoginConflict);
    }
    Ok(())
}

/// Windows and Generic images are installed without a password or key pair.
pub fn image_accepts_login(image: &Image) -> bool {
    !(image.os_type == OsType::Windows || image.category.eq_ignore_ascii_case(GENERIC_CATEGORY))
}

/// Which login settings the image to install accepts.
pub fn check_login_for_image(options: &ResetOptions, image: &Image) -> Result<(), Violation> {
    if image_accepts_login(image) {
        if options.password.is_none() && options.key_id.is_none() {
            return Err(Violation::LoginMissing);
        }
        return Ok(());
    }
    if options.password.is_some() {
        return Err(Violation::ImageTakesNoPassword);
    }
    if options.key_id.is_some() {
        return Err(Violation::ImageTakesNoKeyPair);
    }
    Ok(())
}

/// Whether a key pair's public key is of a type instances accept (DSA is not).
pub fn key_pair_supported(key_pair: &KeyPair) -> bool {
    let key_type = key_pair.public_key.split_whitespace().next().unwrap_or("");
    SUPPORTED_KEY_TYPES.contains(&key_type)
}

pub fn check_key_pair(key_pair: &KeyPair) -> Result<(), Violation> {
    match key_pair_supported(key_pair) {
        true => Ok(()),
        false => Err(Violation::KeyTypeNotSupported),
    }
}

/// Reinstalling needs a powered-off instance.
pub fn check_instance_status(status: &InstanceStatus) -> Result<(), Violation> {
    if *status == InstanceStatus::Stopped {
        return Ok(());
    }
    Err(Violation::NotStopped {
        status: status.clone(),
        to: Operation::Reinstall,
    })
}

/// Why an image cannot be installed on this instance, if it cannot: not AVAILABLE, another
/// OS type than the current image (when known), or larger than the boot disk.
pub fn check_image(
    image: &Image,
    instance: &InstanceInfo,
    current_os: Option<&OsType>,
) -> Result<(), Violation> {
    if image.image_status != ImageStatus::Available {
        return Err(Violation::ImageNotAvailable {
            status: image.image_status.clone(),
        });
    }
    if let Some(current) = current_os {
        if *current != image.os_type {
            return Err(Violation::OsTypeChanges {
                image: image.os_type.clone(),
                current: current.clone(),
            });
        }
    }
    let disk = instance.system_disk.disk_size;
    let too_big = image.size_gib().is_some_and(|size| size > f64::from(disk))
        || image.min_disk_size.is_some_and(|min| min > disk);
    if too_big {
        let needed_gib = image
            .min_disk_size
            .map_or(image.image_size.clone(), |min| min.to_string());
        return Err(Violation::ImageTooLarge {
            needed_gib,
            disk_gib: disk,
        });
    }
    Ok(())
}

/// The listed spelling of a time zone typed in any case ("europe/berlin" → "Europe/Berlin").
pub fn canonical_timezone<'a>(typed: &str, known: &'a [String]) -> Option<&'a str> {
    let typed = typed.trim();
    known
        .iter()
        .find(|zone| zone.eq_ignore_ascii_case(typed))
        .map(String::as_str)
}

/// A time zone must be one of the IANA names DescribeTimeZones lists.
pub fn check_timezone(timezone: &str, known: &[String]) -> Result<(), Violation> {
    if known.iter().any(|zone| zone == timezone) {
        return Ok(());
    }
    Err(Violation::UnknownTimezone {
        timezone: timezone.to_owned(),
    })
}

pub fn check_agent(enable_agent: bool, image_has_agent: bool) -> Result<(), Violation> {
    if enable_agent && !image_has_agent {
        return Err(Violation::AgentNotSupported);
    }
    Ok(())
}
