//! How the image picker arranges the images for one instance: the current image, the usable
//! ones by category, custom images apart, and the unusable ones grouped by reason so each
//! reason is said once. Pure; the reasons come from the contract's `check_image`.

use std::collections::BTreeMap;

use zec_api::rules;
use zec_api::wire::{Image, InstanceInfo};

#[derive(Clone, Debug, PartialEq)]
pub struct ImageChoices {
    /// The instance's own image, when the API still lists it.
    pub current: Option<Image>,
    /// Groups of usable images: each category, then "Custom images".
    pub usable: Vec<(String, Vec<Image>)>,
    /// Each reason once, with the names of the images it rules out.
    pub unavailable: Vec<(String, Vec<String>)>,
}

fn is_custom(image: &Image) -> bool {
    image.image_type.as_deref() == Some("CUSTOM_IMAGE")
        || image.image_source.as_deref() == Some("CUSTOM")
}

pub fn arrange(instance: &InstanceInfo, images: &[Image]) -> ImageChoices {
    let current = images
        .iter()
        .find(|image| image.image_id == instance.image_id);
    let current_os = current.map(|image| image.os_type.clone());
    let mut by_category: BTreeMap<String, Vec<Image>> = BTreeMap::new();
    let mut custom = Vec::new();
    let mut unavailable: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for image in images
        .iter()
        .filter(|image| image.image_id != instance.image_id)
    {
        match rules::check_image(image, instance, current_os.as_ref()) {
            Err(violation) => unavailable
                .entry(crate::i18n::violation(&violation))
                .or_default()
                .push(image.image_name.clone()),
            Ok(()) if is_custom(image) => custom.push(image.clone()),
            Ok(()) => by_category
                .entry(image.category.clone())
                .or_default()
                .push(image.clone()),
        }
    }
    let mut usable: Vec<(String, Vec<Image>)> = by_category.into_iter().collect();
    if !custom.is_empty() {
        usable.push((crate::i18n::text(crate::i18n::msg::CustomImages), custom));
    }
    ImageChoices {
        current: current.cloned(),
        usable,
        unavailable: unavailable.into_iter().collect(),
    }
}

/// Case-insensitive (ASCII) substring search; an empty query matches everything. ASCII only:
/// image names are ASCII, and Unicode's case tables would add 8 KB to the download.
pub fn matches(name: &str, query: &str) -> bool {
    let query = query.trim().to_ascii_lowercase();
    query.is_empty() || name.to_ascii_lowercase().contains(&query)
}

/// The same for a fleet: the images that fit every selected instance, by category (custom
/// ones apart), and the unusable ones grouped by reason, each reason naming the instances
/// it concerns ("Not for build-runner, cache-01: …"). An image ruled out for several
/// reasons is under each.
pub fn arrange_fleet(targets: &[InstanceInfo], images: &[Image]) -> ImageChoices {
    let mut by_category: BTreeMap<String, Vec<Image>> = BTreeMap::new();
    let mut custom = Vec::new();
    let mut unavailable: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for image in images {
        // Each reason once, with the instances it concerns, in their order.
        let mut reasons: Vec<(String, Vec<&str>)> = Vec::new();
        for instance in targets {
            let current = images.iter().find(|i| i.image_id == instance.image_id);
            let current_os = current.map(|i| &i.os_type);
            if let Err(violation) = rules::check_image(image, instance, current_os) {
                let reason = crate::i18n::violation(&violation);
                match reasons.iter_mut().find(|(seen, _)| *seen == reason) {
                    Some((_, names)) => names.push(instance.display_name()),
                    None => reasons.push((reason, vec![instance.display_name()])),
                }
            }
        }
        if reasons.is_empty() {
            match is_custom(image) {
                true => custom.push(image.clone()),
                false => by_category
                    .entry(image.category.clone())
                    .or_default()
                    .push(image.clone()),
            }
        }
        for (reason, names) in reasons {
            let line = crate::i18n::text(crate::i18n::msg::NotFor {
                names: names.join(&crate::i18n::text(crate::i18n::msg::ListSeparator)),
                reason,
            });
            unavailable
                .entry(line)
                .or_default()
                .push(image.image_name.clone());
        }
    }
    let mut usable: Vec<(String, Vec<Image>)> = by_category.into_iter().collect();
    if !custom.is_empty() {
        usable.push((crate::i18n::text(crate::i18n::msg::CustomImages), custom));
    }
    ImageChoices {
        current: None,
        usable,
        unavailable: unavailable.into_iter().collect(),
    }
}
