//! One plan for many instances, as plain data: checked per instance with the contract's
//! rules, the instances that block it named with their reason, the images that fit.

use crate::support::*;
use zec_api::rules::Field;
use zec_api::InstanceStatus;
use zec_console::fleet::plan::{image_options, FleetForm};
use zec_console::form::LoginChoice;

fn form(image: &str) -> FleetForm {
    FleetForm {
        image_id: Some(image.into()),
        password: "Abcdef1!".into(),
        ..FleetForm::default()
    }
}

#[test]
fn every_instance_that_blocks_the_plan_is_named_with_its_reason() {
    let world = world();
    let mut targets = world.pick(&["ins-db-01", "ins-build-01", "ins-win-01", "ins-web-02"]);
    // The CUDA image needs 80 GiB: too large for build-01's 20 GiB disk.
    let check = form("img-ubuntu-2404-cuda").check(&targets, &world.catalog, &world.policy);
    let reason = |id: &str| {
        check
            .blockers
            .iter()
            .filter(|b| b.instance_id == id)
            .map(|b| b.reason.clone())
            .collect::<Vec<_>>()
    };
    assert!(reason("ins-db-01").is_empty(), "db-01 fits: {check:?}");
    assert!(reason("ins-build-01")
        .iter()
        .any(|r| r.contains("80 GiB") && r.contains("20 GiB")));
    assert!(reason("ins-win-01").iter().any(|r| r.contains("OS type")));
    assert!(reason("ins-web-02").iter().any(|r| r.contains("RUNNING")));
    assert!(!check.is_clear());
    assert_eq!(check.to_power_off(&targets), vec!["ins-web-02".to_owned()]);
    // Every rule per instance: web-02 is both running and too small.
    assert!(reason("ins-web-02").iter().any(|r| r.contains("40 GiB")));
    // Once web-02 is powered off and the others are left out, a 20 GiB image fits both.
    targets[3].status = InstanceStatus::Stopped;
    targets.retain(|i| i.instance_id != "ins-build-01" && i.instance_id != "ins-win-01");
    let plan = form("img-ubuntu-2204")
        .freeze(&targets, &world.catalog, &world.policy, NOW_UNIX)
        .unwrap();
    assert_eq!(plan.ids(), vec!["ins-db-01", "ins-web-02"]);
    assert_eq!(
        plan.options.instance_name, None,
        "each instance keeps its name"
    );
}

#[test]
fn images_that_do_not_fit_every_instance_say_which_instance_blocks_them() {
    let world = world();
    let targets = world.pick(&["ins-db-01", "ins-build-01"]);
    let options = image_options(&targets, &world.catalog.images);
    let blocked = |image: &str| {
        let option = options.iter().find(|o| o.image.image_id == image).unwrap();
        option
            .blocked_by
            .iter()
            .map(|b| b.instance_id.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(blocked("img-ubuntu-2404-cuda"), vec!["ins-build-01"]);
    assert_eq!(blocked("img-win-2022"), vec!["ins-db-01", "ins-build-01"]);
    assert_eq!(
        blocked("img-centos-stream-8").len(),
        2,
        "UNAVAILABLE for both"
    );
    assert!(blocked("img-debian-12").is_empty());
}

#[test]
fn a_protected_instance_blocks_the_plan_by_the_one_protection_rule() {
    let mut world = world();
    let mut targets = world.pick(&["ins-mon-01", "ins-db-01"]);
    targets[0].status = InstanceStatus::Stopped;
    let check = form("img-debian-12").check(&targets, &world.catalog, &world.policy);
    assert_eq!(check.blockers.len(), 1);
    assert!(check.blockers[0]
        .reason
        .contains("zec-reinstall:protected=true"));
    world.policy.instance_ids = vec!["ins-db-01".into()];
    let check = form("img-debian-12").check(&targets, &world.catalog, &world.policy);
    assert!(check
        .blockers
        .iter()
        .any(|b| b.instance_id == "ins-db-01" && b.reason.contains("configuration")));
}

#[test]
fn login_rules_are_problems_of_the_form_named_once() {
    let world = world();
    let targets = world.pick(&["ins-db-01", "ins-build-01", "ins-cache-01"]);
    let mut weak = form("img-debian-12");
    weak.password = "short".into();
    let check = weak.check(&targets, &world.catalog, &world.policy);
    assert!(check.blockers.is_empty());
    assert_eq!(check.problems.len(), 1);
    assert_eq!(check.problems[0].0, Field::Password);
    let mut key = form("img-debian-12");
    key.login = LoginChoice::KeyPair;
    key.key_id = Some("key-ci".into());
    assert!(key
        .check(&targets, &world.catalog, &world.policy)
        .is_clear());
    // A Generic image takes no login: nothing is sent, and nothing is asked for.
    let generic = form("img-generic-linux")
        .freeze(&targets, &world.catalog, &world.policy, NOW_UNIX)
        .unwrap();
    assert_eq!(
        (generic.options.password, generic.options.key_id),
        (None, None)
    );
    // No image chosen: the plan cannot be reviewed.
    assert!(FleetForm::default()
        .check(&targets, &world.catalog, &world.policy)
        .problems
        .iter()
        .any(|(f, _)| *f == Field::Image));
}
