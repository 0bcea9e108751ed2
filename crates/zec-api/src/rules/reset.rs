//! A whole reinstall request: every rule the known context allows to check, in the order the
//! API reports them.

use crate::violation::Violation;
use crate::wire::{Image, InstanceInfo, KeyPair, ResetOptions};

use super::{
    check_agent, check_image, check_instance_name, check_instance_status, check_key_pair,
    check_login_exclusive, check_login_for_image, check_password, check_timezone, check_user_data,
};

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
    violations.dedup_by(|a, b| a.code() == b.code() && a.field() == b.field());
    violations
}

/// The first violation, as a server answers it.
pub fn check_reset(options: &ResetOptions, context: &ResetContext<'_>) -> Result<(), Violation> {
    match validate_reset(options, context).into_iter().next() {
        Some(violation) => Err(violation),
        None => Ok(()),
    }
}
