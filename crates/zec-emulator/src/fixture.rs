//! The emulator's world at start: instances, images, key pairs and time zones, read from a
//! JSON file (format in the README) or the built-in demo fixture.

use anyhow::Context;
use serde::Deserialize;
use zec_api::wire::{Image, InstanceInfo, KeyPair, SnapshotInfo};

/// The built-in fixture: 10 instances in 3 zones, 15 images, 4 key pairs.
pub const DEFAULT_FIXTURE: &str = include_str!("../fixtures/default.json");

/// An image plus what the emulator needs to know that the API's Image record does not say.
#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FixtureImage {
    #[serde(flatten)]
    pub image: Image,
    /// Whether the QGA agent can be enabled on this image (default true).
    #[serde(default = "yes")]
    pub agent_supported: bool,
    /// Installing this image ends in REINSTALL_FAILED (default false).
    #[serde(default)]
    pub install_fails: bool,
}

fn yes() -> bool {
    true
}

#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Fixture {
    pub instances: Vec<InstanceInfo>,
    pub images: Vec<FixtureImage>,
    #[serde(default)]
    pub key_pairs: Vec<KeyPair>,
    /// IANA names; absent means every zone of the IANA database.
    #[serde(default)]
    pub time_zones: Option<Vec<String>>,
    /// Snapshots that exist at start, as DescribeSnapshots lists them; each captured its
    /// disk's instance as the fixture describes it. One whose retentionTime has passed is
    /// gone on the first read.
    #[serde(default)]
    pub snapshots: Vec<SnapshotInfo>,
    /// Disks whose new snapshots end FAILED: `"snapshotFails": true` in an instance's
    /// `systemDisk` (read separately, so it never reaches the wire).
    #[serde(skip)]
    pub failing_snapshot_disks: Vec<String>,
    /// Disks whose reinstalls end REINSTALL_FAILED whatever the image: `"installFails": true`
    /// in an instance's `systemDisk` (never on the wire), so one instance of a batch can fail.
    #[serde(skip)]
    pub failing_install_disks: Vec<String>,
}

/// The emulator-only flags inside the instances of a fixture file.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct InstanceFlags {
    #[serde(default)]
    instances: Vec<InstanceFlagsEntry>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct InstanceFlagsEntry {
    system_disk: DiskFlags,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct DiskFlags {
    #[serde(default)]
    disk_id: String,
    #[serde(default)]
    snapshot_fails: bool,
    #[serde(default)]
    install_fails: bool,
}

impl Fixture {
    pub fn builtin() -> Fixture {
        Fixture::parse(DEFAULT_FIXTURE).expect("the built-in fixture is valid")
    }

    pub fn parse(json: &str) -> anyhow::Result<Fixture> {
        let mut fixture: Fixture = serde_json::from_str(json)
            .context("the fixture is not valid JSON of the documented shape")?;
        let flags: InstanceFlags = serde_json::from_str(json)
            .context("the fixture is not valid JSON of the documented shape")?;
        let disks = |flag: fn(&DiskFlags) -> bool| -> Vec<String> {
            flags
                .instances
                .iter()
                .filter(|entry| flag(&entry.system_disk))
                .map(|entry| entry.system_disk.disk_id.clone())
                .collect()
        };
        fixture.failing_snapshot_disks = disks(|disk| disk.snapshot_fails);
        fixture.failing_install_disks = disks(|disk| disk.install_fails);
        fixture.check()?;
        Ok(fixture)
    }

    pub fn load(path: &std::path::Path) -> anyhow::Result<Fixture> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read the fixture {}", path.display()))?;
        Fixture::parse(&text).with_context(|| format!("in {}", path.display()))
    }

    /// Ids must be unique (the API names every resource by id) and tags valid.
    fn check(&self) -> anyhow::Result<()> {
        for instance in &self.instances {
            for tag in &instance.tags.tags {
                zec_api::rules::check_tag(tag).map_err(|violation| {
                    anyhow::anyhow!("instance {}: {violation}", instance.instance_id)
                })?;
            }
        }
        fn unique<'a>(kind: &str, ids: impl Iterator<Item = &'a str>) -> anyhow::Result<()> {
            let mut seen = std::collections::HashSet::new();
            for id in ids {
                anyhow::ensure!(seen.insert(id), "{kind} id {id:?} appears twice");
            }
            Ok(())
        }
        unique(
            "instance",
            self.instances.iter().map(|i| i.instance_id.as_str()),
        )?;
        unique(
            "image",
            self.images.iter().map(|i| i.image.image_id.as_str()),
        )?;
        unique("key pair", self.key_pairs.iter().map(|k| k.key_id.as_str()))?;
        unique(
            "snapshot",
            self.snapshots.iter().map(|s| s.snapshot_id.as_str()),
        )?;
        for snapshot in &self.snapshots {
            anyhow::ensure!(
                self.instances
                    .iter()
                    .any(|i| i.system_disk.disk_id == snapshot.disk_id),
                "snapshot {:?} names disk {:?}, which no instance has",
                snapshot.snapshot_id,
                snapshot.disk_id
            );
        }
        Ok(())
    }

    pub fn time_zones(&self) -> Vec<String> {
        match &self.time_zones {
            Some(zones) => zones.clone(),
            None => chrono_tz::TZ_VARIANTS
                .iter()
                .map(|tz| tz.name().to_owned())
                .collect(),
        }
    }
}
