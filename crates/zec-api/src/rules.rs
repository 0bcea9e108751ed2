//! The ResetInstance rules, each written once. The browser form, the proxy and the emulator
//! all call these functions; each returns the API's own error code.
//!
//! Two levels:
//! - field checks (`check_password`, `check_instance_name`, ...) return one [`Violation`]
//!   tagged with the form field it concerns, so a form can show it next to that field;
//! - [`validate_reset`] runs every check that the known context allows and returns all
//!   violations in the order the API reports them; a server answers with the first.

use std::fmt;

use crate::errors::{ErrorCode, Refusal};
use crate::states::{ImageStatus, InstanceStatus, OsType};
use crate::wire::{Image, InstanceInfo, KeyPair, ResetOptions, Tag};

pub const PASSWORD_MIN_CHARS: usize = 8;
pub const PASSWORD_MAX_CHARS: usize = 16;
/// The special characters a password may contain (docs/wire.md, "Limits").
pub const PASSWORD_SPECIALS: &str = "`~!@$^*-_=+";
pub const INSTANCE_NAME_MIN_CHARS: usize = 2;
pub const INSTANCE_NAME_MAX_CHARS: usize = 63;
/// Decision (docs/wire.md, "Limits"): userData is limited to 32 KiB of UTF-8.
pub const USER_DATA_MAX_BYTES: usize = 32 * 1024;
/// The most instance ids one call may name.
pub const MAX_INSTANCE_IDS: usize = 100;
pub const MAX_PAGE_SIZE: u32 = 1000;
pub const DEFAULT_PAGE_SIZE: u32 = 20;
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

/// The part of a reinstall request (and of the form) a rule concerns.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Field {
    Instance,
    Image,
    /// The choice between a password and a key pair.
    Login,
    Password,
    KeyId,
    InstanceName,
    Timezone,
    EnableAgent,
    UserData,
    /// The name of the snapshot taken before a reinstall.
    SnapshotName,
}

impl Field {
    /// The field a ResetInstance error code concerns, so a server answer can be shown next
    /// to the control that caused it. `None` for codes about the request as a whole.
    pub fn for_code(code: &ErrorCode) -> Option<Field> {
        use ErrorCode::*;
        Some(match code {
            InvalidImageAgentNotSupport => Field::EnableAgent,
            InvalidImageKeyPairNotSupport | InvalidKeyPairNotFound | InvalidKeyPairNotSupport => {
                Field::KeyId
            }
            InvalidImageNotFound
            | InvalidImageSizeExceed
            | InvalidImageStatus
            | InvalidOsTypeNotSame => Field::Image,
            InvalidImagePasswordNotSupport | InvalidPasswordMalformed => Field::Password,
            InvalidParameterUserDataExceed => Field::UserData,
            InvalidInstanceNotFound | UnsupportedOperationInstanceStatus | ResourceProtected => {
                Field::Instance
            }
            InvalidLoginSettingConflict => Field::Login,
            _ => return None,
        })
    }
}

/// A broken rule: the field, the API's code and a message for the person filling the form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Violation {
    pub field: Field,
    pub code: ErrorCode,
    pub message: String,
}

impl Violation {
    fn new(field: Field, code: ErrorCode) -> Self {
        let message = code.message().to_owned();
        Violation {
            field,
            code,
            message,
        }
    }

    fn detailed(field: Field, code: ErrorCode, message: impl Into<String>) -> Self {
        Violation {
            field,
            code,
            message: message.into(),
        }
    }
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code, self.message)
    }
}

// ---- password -------------------------------------------------------------------------------

fn is_password_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || PASSWORD_SPECIALS.contains(c)
}

/// Each password rule on its own, for a checklist that ticks as the user types.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PasswordChecklist {
    pub length_ok: bool,
    pub charset_ok: bool,
    pub has_lower: bool,
    pub has_upper: bool,
    pub has_digit: bool,
    pub has_special: bool,
}

impl PasswordChecklist {
    pub fn of(password: &str) -> Self {
        let chars = password.chars().count();
        PasswordChecklist {
            length_ok: (PASSWORD_MIN_CHARS..=PASSWORD_MAX_CHARS).contains(&chars),
            charset_ok: password.chars().all(is_password_char),
            has_lower: password.chars().any(|c| c.is_ascii_lowercase()),
            has_upper: password.chars().any(|c| c.is_ascii_uppercase()),
            has_digit: password.chars().any(|c| c.is_ascii_digit()),
            has_special: password.chars().any(|c| PASSWORD_SPECIALS.contains(c)),
        }
    }

    pub fn is_satisfied(&self) -> bool {
        self.unmet().is_empty()
    }

    /// The rules not yet met, in words.
    pub fn unmet(&self) -> Vec<&'static str> {
        [
            (self.length_ok, "8–16 characters"),
            (
                self.charset_ok,
                "no characters other than letters, digits and `~!@$^*-_=+",
            ),
            (self.has_lower, "a lower-case letter"),
            (self.has_upper, "an upper-case letter"),
            (self.has_digit, "a digit"),
            (self.has_special, "one of `~!@$^*-_=+"),
        ]
        .into_iter()
        .filter(|(met, _)| !met)
        .map(|(_, rule)| rule)
        .collect()
    }
}

pub fn check_password(password: &str) -> Result<(), Violation> {
    let unmet = PasswordChecklist::of(password).unmet();
    if unmet.is_empty() {
        return Ok(());
    }
    // Name the characters that are not allowed, once each, so the user can find them.
    let mut refused: Vec<char> = password.chars().filter(|c| !is_password_char(*c)).collect();
    refused.dedup();
    refused.sort_unstable();
    refused.dedup();
    let named = match refused.as_slice() {
        [] => String::new(),
        [one] => format!("{} is not allowed. ", describe_char(*one)),
        many => format!(
            "{} are not allowed. ",
            many.iter()
                .map(|c| describe_char(*c))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    Err(Violation::detailed(
        Field::Password,
        ErrorCode::InvalidPasswordMalformed,
        format!("{named}The password needs: {}.", unmet.join("; ")),
    ))
}

/// "“#”", or a name for characters that do not show.
fn describe_char(c: char) -> String {
    match c {
        ' ' => "A space".to_owned(),
        c if c.is_whitespace() || c.is_control() => format!("The character U+{:04X}", u32::from(c)),
        c => format!("“{c}”"),
    }
}

/// Characters the generator never uses: look-alikes (I l 1 O 0) that are misread when a
/// password is copied by hand, and the backtick, which the API's SDK documentation leaves
/// out (a typed backtick is still accepted).
pub const GENERATOR_EXCLUDES: &str = "Il1O0`";

/// A password that always satisfies the rules: 16 characters with every class present.
/// `next_random_byte` must come from a cryptographic RNG (the browser passes
/// `crypto.getRandomValues`); the function itself is pure so it can be tested.
pub fn generate_password(mut next_random_byte: impl FnMut() -> u8) -> String {
    let class = |chars: &str| -> Vec<u8> {
        chars
            .bytes()
            .filter(|b| !GENERATOR_EXCLUDES.as_bytes().contains(b))
            .collect()
    };
    let (lower, upper) = (
        class("abcdefghijklmnopqrstuvwxyz"),
        class("ABCDEFGHIJKLMNOPQRSTUVWXYZ"),
    );
    let (digits, specials) = (class("0123456789"), class(PASSWORD_SPECIALS));
    let classes = [&lower[..], &upper[..], &digits[..], &specials[..]];
    let all: Vec<u8> = classes.concat();

    // Unbiased pick of an index below `n` by rejection sampling.
    let mut below = |n: usize| -> usize {
        let limit = 256 - 256 % n;
        loop {
            let byte = usize::from(next_random_byte());
            if byte < limit {
                return byte % n;
            }
        }
    };

    let mut chars: Vec<u8> = classes
        .iter()
        .map(|class| class[below(class.len())])
        .collect();
    while chars.len() < PASSWORD_MAX_CHARS {
        chars.push(all[below(all.len())]);
    }
    // Fisher–Yates, so the guaranteed classes are not always first.
    for i in (1..chars.len()).rev() {
        chars.swap(i, below(i + 1));
    }
    chars.into_iter().map(char::from).collect()
}

// ---- other fields ---------------------------------------------------------------------------

/// 2–63 letters, digits, `-` and `.`, starting with a letter or digit.
pub fn check_instance_name(name: &str) -> Result<(), Violation> {
    let chars = name.chars().count();
    let problem = if !(INSTANCE_NAME_MIN_CHARS..=INSTANCE_NAME_MAX_CHARS).contains(&chars) {
        Some(format!(
            "The instance name must be 2–63 characters long (it has {chars})."
        ))
    } else if !name
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.')
    {
        Some(
            "The instance name may only contain letters, digits, hyphens (-) and periods (.)."
                .to_owned(),
        )
    } else if !name.starts_with(|c: char| c.is_ascii_alphanumeric()) {
        Some("The instance name must start with a letter or a digit.".to_owned())
    } else {
        None
    };
    match problem {
        None => Ok(()),
        Some(message) => Err(Violation::detailed(
            Field::InstanceName,
            ErrorCode::InvalidParameter,
            message,
        )),
    }
}

pub fn check_user_data(user_data: &str) -> Result<(), Violation> {
    let bytes = user_data.len();
    if bytes <= USER_DATA_MAX_BYTES {
        return Ok(());
    }
    Err(Violation::detailed(
        Field::UserData,
        ErrorCode::InvalidParameterUserDataExceed,
        format!("The user data is {bytes} bytes; at most {USER_DATA_MAX_BYTES} bytes (32 KiB) are allowed."),
    ))
}

/// Password and key pair exclude each other.
pub fn check_login_exclusive(options: &ResetOptions) -> Result<(), Violation> {
    if options.password.is_some() && options.key_id.is_some() {
        return Err(Violation::detailed(
            Field::Login,
            ErrorCode::InvalidLoginSettingConflict,
            "Choose either a password or an SSH key pair, not both.",
        ));
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
            return Err(Violation::detailed(
                Field::Login,
                ErrorCode::InvalidLoginSettingConflict,
                "Choose a login method: a password or an SSH key pair.",
            ));
        }
        return Ok(());
    }
    if options.password.is_some() {
        return Err(Violation::new(
            Field::Password,
            ErrorCode::InvalidImagePasswordNotSupport,
        ));
    }
    if options.key_id.is_some() {
        return Err(Violation::new(
            Field::KeyId,
            ErrorCode::InvalidImageKeyPairNotSupport,
        ));
    }
    Ok(())
}

/// Whether a key pair's public key is of a type instances accept (DSA is not).
pub fn key_pair_supported(key_pair: &KeyPair) -> bool {
    let key_type = key_pair.public_key.split_whitespace().next().unwrap_or("");
    SUPPORTED_KEY_TYPES.contains(&key_type)
}

pub fn check_key_pair(key_pair: &KeyPair) -> Result<(), Violation> {
    if key_pair_supported(key_pair) {
        Ok(())
    } else {
        Err(Violation::new(
            Field::KeyId,
            ErrorCode::InvalidKeyPairNotSupport,
        ))
    }
}

/// Reinstalling needs a powered-off instance.
pub fn check_instance_status(status: &InstanceStatus) -> Result<(), Violation> {
    if *status == InstanceStatus::Stopped {
        return Ok(());
    }
    Err(Violation::detailed(
        Field::Instance,
        ErrorCode::UnsupportedOperationInstanceStatus,
        format!("The instance is {status}; power it off (STOPPED) before reinstalling."),
    ))
}

/// Why an image cannot be installed on this instance, if it cannot: not AVAILABLE, another
/// OS type than the current image (when known), or larger than the boot disk.
pub fn check_image(
    image: &Image,
    instance: &InstanceInfo,
    current_os: Option<&OsType>,
) -> Result<(), Violation> {
    if image.image_status != ImageStatus::Available {
        return Err(Violation::detailed(
            Field::Image,
            ErrorCode::InvalidImageStatus,
            format!(
                "The image is {}; only AVAILABLE images can be installed.",
                image.image_status
            ),
        ));
    }
    if let Some(current) = current_os {
        if *current != image.os_type {
            return Err(Violation::detailed(
                Field::Image,
                ErrorCode::InvalidOsTypeNotSame,
                format!(
                    "The image is {}, the instance runs {current}: the OS type must stay the same.",
                    image.os_type
                ),
            ));
        }
    }
    let disk = instance.system_disk.disk_size;
    let too_big = image.size_gib().is_some_and(|size| size > f64::from(disk))
        || image.min_disk_size.is_some_and(|min| min > disk);
    if too_big {
        let needed = image
            .min_disk_size
            .map_or(image.image_size.clone(), |min| min.to_string());
        return Err(Violation::detailed(
            Field::Image,
            ErrorCode::InvalidImageSizeExceed,
            format!("The image needs {needed} GiB; the boot disk has {disk} GiB."),
        ));
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
    Err(Violation::detailed(
        Field::Timezone,
        ErrorCode::InvalidParameter,
        format!("{timezone:?} is not a known time zone; pick one from the list (IANA names such as Europe/Berlin)."),
    ))
}

pub fn check_agent(enable_agent: bool, image_has_agent: bool) -> Result<(), Violation> {
    if enable_agent && !image_has_agent {
        return Err(Violation::new(
            Field::EnableAgent,
            ErrorCode::InvalidImageAgentNotSupport,
        ));
    }
    Ok(())
}

// ---- whole request --------------------------------------------------------------------------

/// What is known about the world when a reset is checked. Every part is optional: the proxy
/// knows nothing, the form knows what it loaded, the emulator knows everything.
#[derive(Clone, Copy, Debug, Default)]
pub struct ResetContext<'a> {
    pub instance: Option<&'a InstanceInfo>,
    /// The image installed now (the instance's imageId).
    pub current_image: Option<&'a Image>,
    /// The image asked for in `imageId`.
    pub requested_image: Option<&'a Image>,
    /// The key pair asked for in `keyId`.
    pub key_pair: Option<&'a KeyPair>,
    /// Whether the image to install has the QGA agent.
    pub image_has_agent: Option<bool>,
    /// The time zones DescribeTimeZones lists.
    pub time_zones: Option<&'a [String]>,
}

impl<'a> ResetContext<'a> {
    /// The image that will be installed: the requested one, else the current one.
    pub fn image_to_install(&self, options: &ResetOptions) -> Option<&'a Image> {
        if options.image_id.is_some() {
            self.requested_image
        } else {
            self.current_image
        }
    }
}

/// Every violation of the reset rules that the context allows to check, in the order the API
/// reports them: the parameters on their own first, then the instance, image, login, key
/// pair and agent.
pub fn validate_reset(options: &ResetOptions, context: &ResetContext<'_>) -> Vec<Violation> {
    let mut checks: Vec<Result<(), Violation>> = vec![check_login_exclusive(options)];
    if let Some(password) = &options.password {
        checks.push(check_password(password));
    }
    if let Some(name) = &options.instance_name {
        checks.push(check_instance_name(name));
    }
    if let Some(user_data) = &options.user_data {
        checks.push(check_user_data(user_data));
    }
    if let (Some(timezone), Some(known)) = (&options.timezone, context.time_zones) {
        checks.push(check_timezone(timezone, known));
    }
    if let Some(instance) = context.instance {
        checks.push(check_instance_status(&instance.status));
        if let Some(image) = context.requested_image {
            let current_os = context.current_image.map(|current| &current.os_type);
            checks.push(check_image(image, instance, current_os));
        }
    }
    if let Some(image) = context.image_to_install(options) {
        checks.push(check_login_for_image(options, image));
    }
    if let Some(key_pair) = context.key_pair {
        checks.push(check_key_pair(key_pair));
    }
    if let Some(has_agent) = context.image_has_agent {
        checks.push(check_agent(
            options.enable_agent.unwrap_or(false),
            has_agent,
        ));
    }
    let mut violations: Vec<Violation> = checks.into_iter().filter_map(Result::err).collect();
    // The conflict is reported once even when two checks see it.
    violations.dedup_by(|a, b| a.code == b.code && a.field == b.field);
    violations
}

/// The first violation, as a server answers it.
pub fn check_reset(options: &ResetOptions, context: &ResetContext<'_>) -> Result<(), Violation> {
    match validate_reset(options, context).into_iter().next() {
        Some(violation) => Err(violation),
        None => Ok(()),
    }
}

// ---- request shape --------------------------------------------------------------------------

/// A list of instance ids: at most [`MAX_INSTANCE_IDS`], none empty, and present when the
/// action needs one.
pub fn check_instance_ids(ids: &[String], required: bool) -> Result<(), Violation> {
    if required && ids.is_empty() {
        return Err(Violation::detailed(
            Field::Instance,
            ErrorCode::MissingParameter,
            "instanceIds is required.",
        ));
    }
    if ids.len() > MAX_INSTANCE_IDS {
        return Err(Violation::detailed(
            Field::Instance,
            ErrorCode::InvalidParameter,
            format!(
                "instanceIds names {} instances; at most {MAX_INSTANCE_IDS} are allowed.",
                ids.len()
            ),
        ));
    }
    if ids.iter().any(|id| id.trim().is_empty()) {
        return Err(Violation::detailed(
            Field::Instance,
            ErrorCode::InvalidParameter,
            "instanceIds contains an empty id.",
        ));
    }
    Ok(())
}

/// Page size 1–1000 (default 20) and page number from 1 (default 1).
pub fn check_paging(
    page_size: Option<u32>,
    page_num: Option<u32>,
) -> Result<(u32, u32), Violation> {
    let size = page_size.unwrap_or(DEFAULT_PAGE_SIZE);
    let num = page_num.unwrap_or(1);
    if size == 0 || size > MAX_PAGE_SIZE {
        return Err(Violation::detailed(
            Field::Instance,
            ErrorCode::InvalidParameter,
            format!("pageSize must be between 1 and {MAX_PAGE_SIZE}."),
        ));
    }
    if num == 0 {
        return Err(Violation::detailed(
            Field::Instance,
            ErrorCode::InvalidParameter,
            "pageNum starts at 1.",
        ));
    }
    Ok((size, num))
}

// ---- tags and protection --------------------------------------------------------------------

pub const TAG_MIN_CHARS: usize = 1;
pub const TAG_MAX_CHARS: usize = 64;
/// The tag that protects an instance unless the deployment names another
/// (docs/wire.md, "Protection").
pub const DEFAULT_PROTECT_TAG_KEY: &str = "zec-reinstall:protected";
pub const DEFAULT_PROTECT_TAG_VALUE: &str = "true";
/// `GET` here returns the proxy's [`ProtectionPolicy`] as JSON, so the browser shows the same
/// locks the proxy enforces.
pub const PROTECTION_POLICY_PATH: &str = "/api/v2/zec/protection";

/// A tag's key and value are each 1–64 characters.
pub fn check_tag(tag: &Tag) -> Result<(), Violation> {
    for (part, text) in [("key", &tag.key), ("value", &tag.value)] {
        let chars = text.chars().count();
        if !(TAG_MIN_CHARS..=TAG_MAX_CHARS).contains(&chars) {
            return Err(Violation::detailed(
                Field::Instance,
                ErrorCode::InvalidParameter,
                format!("A tag {part} must be {TAG_MIN_CHARS}–{TAG_MAX_CHARS} characters long (it has {chars})."),
            ));
        }
    }
    Ok(())
}

/// Reads `KEY=VALUE` (split at the first `=`) into a valid tag.
pub fn parse_tag(assignment: &str) -> Result<Tag, Violation> {
    let Some((key, value)) = assignment.split_once('=') else {
        return Err(Violation::detailed(
            Field::Instance,
            ErrorCode::InvalidParameter,
            "A tag is written KEY=VALUE.",
        ));
    };
    let tag = Tag::new(key, value);
    check_tag(&tag)?;
    Ok(tag)
}

/// Which instances must never be reinstalled, rolled back or powered off from this product:
/// those carrying `tag`, and those listed by id. The proxy holds it (`--protect-tag`,
/// `--protect-instances`) and serves it to the browser.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ProtectionPolicy {
    pub tag: Tag,
    #[serde(default)]
    pub instance_ids: Vec<String>,
}

impl Default for ProtectionPolicy {
    fn default() -> Self {
        ProtectionPolicy {
            tag: Tag::new(DEFAULT_PROTECT_TAG_KEY, DEFAULT_PROTECT_TAG_VALUE),
            instance_ids: Vec::new(),
        }
    }
}

impl ProtectionPolicy {
    /// Whether the id is listed (no lookup needed).
    pub fn lists(&self, instance_id: &str) -> bool {
        self.instance_ids.iter().any(|id| id == instance_id)
    }
}

/// Why an instance is protected.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ProtectedBy {
    /// Listed by id in the deployment's configuration.
    List,
    /// It carries the protecting tag.
    Tag(Tag),
}

impl ProtectedBy {
    /// A sentence for a person, naming the instance.
    pub fn describe(&self, instance_id: &str) -> String {
        match self {
            ProtectedBy::List => {
                format!("Instance {instance_id} is protected by this console's configuration.")
            }
            ProtectedBy::Tag(tag) => {
                format!("Instance {instance_id} is protected by its tag {tag}.")
            }
        }
    }
}

/// The one protection rule: an instance is protected when the policy lists its id or it
/// carries the policy's tag (key and value equal, case-sensitive).
pub fn protection(instance: &InstanceInfo, policy: &ProtectionPolicy) -> Option<ProtectedBy> {
    if policy.lists(&instance.instance_id) {
        return Some(ProtectedBy::List);
    }
    if instance.tags.contains(&policy.tag) {
        return Some(ProtectedBy::Tag(policy.tag.clone()));
    }
    None
}

/// Refuses a change that names protected instances, naming every one of them
/// (`RESOURCE_PROTECTED`). `protected` pairs each instance id with why it is protected.
pub fn check_not_protected(protected: &[(String, ProtectedBy)]) -> Result<(), Violation> {
    if protected.is_empty() {
        return Ok(());
    }
    let reasons: Vec<String> = protected.iter().map(|(id, by)| by.describe(id)).collect();
    Err(Violation::detailed(
        Field::Instance,
        ErrorCode::ResourceProtected,
        format!(
            "{} Protected instances cannot be reinstalled, rolled back or powered off here; \
             nothing was sent.",
            reasons.join(" ")
        ),
    ))
}

// ---- disk snapshots -------------------------------------------------------------------------
//
// These rules concern no field of the reinstall form, so they answer with a `Refusal` (code
// and message) rather than a field-tagged `Violation`.

pub const SNAPSHOT_NAME_MIN_CHARS: usize = 2;
pub const SNAPSHOT_NAME_MAX_CHARS: usize = 63;
/// A retention time must be at least this far ahead of now.
pub const MIN_RETENTION_SECONDS: i64 = 24 * 60 * 60;
/// The most snapshot ids one call may name.
pub const MAX_SNAPSHOT_IDS: usize = 100;

/// 2–63 letters, digits, `-` and `.`, starting and ending with a letter or digit.
/// Decision (docs/wire.md, "Disk snapshots"): refused as `INVALID_PARAMETER`.
pub fn check_snapshot_name(name: &str) -> Result<(), Refusal> {
    let chars = name.chars().count();
    let problem = if !(SNAPSHOT_NAME_MIN_CHARS..=SNAPSHOT_NAME_MAX_CHARS).contains(&chars) {
        Some(format!(
            "The snapshot name must be 2–63 characters long (it has {chars})."
        ))
    } else if !name
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.')
    {
        Some(
            "The snapshot name may only contain letters, digits, hyphens (-) and periods (.)."
                .to_owned(),
        )
    } else if !name.starts_with(|c: char| c.is_ascii_alphanumeric())
        || !name.ends_with(|c: char| c.is_ascii_alphanumeric())
    {
        Some("The snapshot name must start and end with a letter or a digit.".to_owned())
    } else {
        None
    };
    match problem {
        None => Ok(()),
        Some(message) => Err(Refusal::with(ErrorCode::InvalidParameter, message)),
    }
}

/// `yyyy-MM-ddTHH:mm:ssZ` (UTC), at least 24 hours after `now_unix` (the caller reads the
/// clock). Returns the time as Unix seconds. Decision: refused as `INVALID_PARAMETER`.
pub fn check_retention_time(retention_time: &str, now_unix: i64) -> Result<i64, Refusal> {
    let Some(until) = crate::time::parse_utc(retention_time) else {
        return Err(Refusal::with(
            ErrorCode::InvalidParameter,
            "retentionTime must be a UTC time written yyyy-MM-ddTHH:mm:ssZ, e.g. 2026-12-04T09:30:00Z.",
        ));
    };
    if until - now_unix < MIN_RETENTION_SECONDS {
        return Err(Refusal::with(
            ErrorCode::InvalidParameter,
            format!(
                "retentionTime must be at least 24 hours from now (after {}); leave it out to keep the snapshot until it is deleted.",
                crate::time::format_utc(now_unix + MIN_RETENTION_SECONDS)
            ),
        ));
    }
    Ok(until)
}

/// A list of snapshot ids: at most [`MAX_SNAPSHOT_IDS`], none empty, present when needed.
pub fn check_snapshot_ids(ids: &[String], required: bool) -> Result<(), Refusal> {
    if required && ids.is_empty() {
        return Err(Refusal::with(
            ErrorCode::MissingParameter,
            "snapshotIds is required.",
        ));
    }
    if ids.len() > MAX_SNAPSHOT_IDS {
        return Err(Refusal::with(
            ErrorCode::InvalidParameter,
            format!(
                "snapshotIds names {} snapshots; at most {MAX_SNAPSHOT_IDS} are allowed.",
                ids.len()
            ),
        ));
    }
    if ids.iter().any(|id| id.trim().is_empty()) {
        return Err(Refusal::with(
            ErrorCode::InvalidParameter,
            "snapshotIds contains an empty id.",
        ));
    }
    Ok(())
}

/// The request's own shape: a disk id and a valid name, and a valid retention time if given.
pub fn check_create_snapshot(
    request: &crate::wire::CreateSnapshotRequest,
    now_unix: i64,
) -> Result<(), Refusal> {
    if request.disk_id.trim().is_empty() {
        return Err(Refusal::with(
            ErrorCode::MissingParameter,
            "diskId is required.",
        ));
    }
    check_snapshot_name(&request.snapshot_name)?;
    if let Some(retention_time) = &request.retention_time {
        check_retention_time(retention_time, now_unix)?;
    }
    Ok(())
}

/// ApplySnapshot names a snapshot and a disk.
pub fn check_apply_snapshot_request(
    request: &crate::wire::ApplySnapshotRequest,
) -> Result<(), Refusal> {
    for (name, value) in [
        ("snapshotId", &request.snapshot_id),
        ("diskId", &request.disk_id),
    ] {
        if value.trim().is_empty() {
            return Err(Refusal::with(
                ErrorCode::MissingParameter,
                format!("{name} is required."),
            ));
        }
    }
    Ok(())
}

/// Whether a disk can be rolled back to this snapshot now: the snapshot must have been taken
/// from that disk and be AVAILABLE, and the disk's instance must be STOPPED
/// (docs/wire.md, "Disk snapshots").
pub fn check_apply_snapshot(
    snapshot: &crate::wire::SnapshotInfo,
    disk_id: &str,
    instance_status: &InstanceStatus,
) -> Result<(), Refusal> {
    if snapshot.disk_id != disk_id {
        return Err(Refusal::with(
            ErrorCode::InvalidSnapshotDiskMismatch,
            format!(
                "Snapshot {} was taken from disk {}, not {disk_id}.",
                snapshot.snapshot_id, snapshot.disk_id
            ),
        ));
    }
    if *instance_status != InstanceStatus::Stopped {
        return Err(Refusal::with(
            ErrorCode::UnsupportedOperationInstanceStatus,
            format!("The instance is {instance_status}; power it off (STOPPED) before rolling back its disk."),
        ));
    }
    if snapshot.status != crate::states::SnapshotStatus::Available {
        return Err(Refusal::with(
            ErrorCode::InvalidSnapshotStatus,
            format!(
                "Snapshot {} is {}; only an AVAILABLE snapshot can be rolled back to.",
                snapshot.snapshot_id, snapshot.status
            ),
        ));
    }
    Ok(())
}
