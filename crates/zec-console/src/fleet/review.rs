//! What a fleet plan changes, keeps and erases, and how each instance is logged into
//! afterwards: the single review's consequences (`crate::review`), computed per instance
//! when the plan is frozen and summed up per batch for the dialog. The lockout verdict is
//! the single flow's, per instance.

use zec_api::wire::InstanceInfo;

use crate::review::Consequences;

/// The single review's consequences for one instance of the plan.
#[derive(Clone, Debug, PartialEq)]
pub struct InstanceReview {
    pub instance_id: String,
    pub name: String,
    pub disk_gib: u32,
    pub consequences: Consequences,
}

impl InstanceReview {
    pub fn of(instance: &InstanceInfo, consequences: Consequences) -> InstanceReview {
        InstanceReview {
            instance_id: instance.instance_id.clone(),
            name: instance.display_name().to_owned(),
            disk_gib: instance.system_disk.disk_size,
            consequences,
        }
    }
}

/// One value and the instances (by name) that have it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Spread {
    pub value: String,
    pub instances: Vec<String>,
}

/// One setting across the batch: its values now and after, each with its instances.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FleetChange {
    pub label: &'static str,
    pub before: Vec<Spread>,
    pub after: Vec<Spread>,
    /// Whether it changes on at least one instance.
    pub changed: bool,
}

/// The review of a whole batch.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Summary {
    pub count: usize,
    pub changes: Vec<FleetChange>,
    /// What every instance keeps (its own values are in the per-instance table).
    pub kept: Vec<&'static str>,
    /// How each is logged into afterwards, grouped.
    pub logins: Vec<Spread>,
    /// Each warning once, with the instances it concerns.
    pub warnings: Vec<Spread>,
    /// Some instance would be left with no known way in: the user must say they have one.
    pub needs_acknowledgement: bool,
    /// The boot disks erased, in GiB.
    pub erased_gib: u32,
}

/// Adds `name` under `value`, keeping first-seen order.
fn spread_into(spreads: &mut Vec<Spread>, value: &str, name: &str) {
    match spreads.iter_mut().find(|s| s.value == value) {
        Some(spread) => spread.instances.push(name.to_owned()),
        None => spreads.push(Spread {
            value: value.to_owned(),
            instances: vec![name.to_owned()],
        }),
    }
}

pub fn summary(reviews: &[InstanceReview]) -> Summary {
    let mut changes: Vec<FleetChange> = Vec::new();
    let mut logins = Vec::new();
    let mut warnings = Vec::new();
    for review in reviews {
        let name = review.name.as_str();
        for (index, row) in review.consequences.changes.iter().enumerate() {
            if changes.len() <= index {
                changes.push(FleetChange {
                    label: row.label,
                    before: vec![],
                    after: vec![],
                    changed: false,
                });
            }
            let change = &mut changes[index];
            spread_into(&mut change.before, &row.before, name);
            spread_into(&mut change.after, &row.after, name);
            change.changed |= row.changed();
        }
        spread_into(&mut logins, &review.consequences.login.describe(), name);
        for warning in &review.consequences.warnings {
            spread_into(&mut warnings, warning, name);
        }
    }
    Summary {
        count: reviews.len(),
        changes,
        kept: reviews.first().map_or_else(Vec::new, |r| {
            r.consequences
                .kept
                .iter()
                .map(|(label, _)| *label)
                .collect()
        }),
        logins,
        warnings,
        needs_acknowledgement: reviews
            .iter()
            .any(|r| r.consequences.login.needs_acknowledgement()),
        erased_gib: reviews.iter().map(|r| r.disk_gib).sum(),
    }
}
